"""Rate limits: a flood gets 429s after the stated limits, in French, with Retry-After."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from concerto.protection.ratelimit import Rate, RateLimited, client_ip, hit, ratelimit
from concerto.surveys.models import Participant, Response, ResponseStatus
from tests.surveys.kit import VALID_PAGES, build_questionnaire

pytestmark = pytest.mark.django_db


def url(questionnaire, name, **kwargs):
    return reverse(
        f"surveys:{name}",
        kwargs={
            "slug": questionnaire.theme.consultation.slug,
            "theme_slug": questionnaire.theme.slug,
            "questionnaire_slug": questionnaire.slug,
            **kwargs,
        },
    )


def test_rates_parse_and_typos_fail_early():
    assert Rate.parse("30/10m") == Rate(30, 600)
    assert Rate.parse("5/h") == Rate(5, 3600)
    with pytest.raises(ValueError):
        Rate.parse("30 per minute")
    with pytest.raises(ValueError):
        ratelimit("x", ip="lots")


def test_a_window_counts_then_refuses_with_the_time_left():
    rate = Rate(3, 60)
    for _ in range(3):
        hit("t", "ip", "192.0.2.1", rate, now=1000.0)
    with pytest.raises(RateLimited) as exc:
        hit("t", "ip", "192.0.2.1", rate, now=1010.0)
    assert exc.value.retry_after == 10  # the window 960–1020 ends in 10 s
    hit("t", "ip", "192.0.2.2", rate, now=1010.0)  # another address is not limited
    hit("t", "ip", "192.0.2.1", rate, now=1021.0)  # next window


def test_x_forwarded_for_is_believed_from_trusted_proxies_only(settings):
    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    settings.TRUSTED_PROXIES = []
    assert client_ip(forged) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(forged) == "203.0.113.9"  # not from a proxy: the header is ignored
    proxied = factory.get(
        "/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7, 10.0.0.2"
    )
    # The client may prepend anything; the right-most untrusted hop is what the proxy saw.
    assert client_ip(proxied) == "203.0.113.7"


def test_the_decorator_answers_429_in_french_with_retry_after(settings, rf):
    settings.PROTECTION_RATE_LIMITS = {"demo": {"ip": "2/m"}}

    @ratelimit("demo")
    def view(request):
        return HttpResponse("ok")

    statuses = []
    for _ in range(4):
        request = rf.post("/", REMOTE_ADDR="192.0.2.5")
        response = view(request)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429, 429]
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Trop de demandes" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert view(rf.get("/", REMOTE_ADDR="192.0.2.5")).status_code == 200  # GETs not counted


def test_limits_can_be_switched_off(settings, rf):
    settings.PROTECTION_ENABLED = False

    @ratelimit("demo", ip="1/h")
    def view(request):
        return HttpResponse("ok")

    assert [view(rf.post("/")).status_code for _ in range(3)] == [200, 200, 200]


def test_a_flood_of_new_participants_stops_at_the_stated_limit(client, settings):
    """The issue's flood: one client creating participants as fast as it can."""
    settings.PROTECTION_RATE_LIMITS = {"participant": {"ip": "5/10m"}}
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    statuses = []
    for _ in range(12):
        client.cookies.clear()  # a script drops its cookies to be a new participant each time
        response = client.post(url(questionnaire, "profile"), {"profile": profile.pk})
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429] * 7
    assert Participant.objects.count() == 5
    page = response.content.decode()
    assert "Réessayez dans" in page and response["Retry-After"]


def test_a_flood_of_submissions_stops_at_the_stated_limit(client, settings):
    settings.PROTECTION_RATE_LIMITS = {"submit": {"ip": "3/10m", "participant": None}}
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    reviews = []
    for _ in range(6):
        client.cookies.clear()
        client.post(url(questionnaire, "profile"), {"profile": profile.pk})
        for number, data in VALID_PAGES.items():
            client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
        reviews.append(client.post(url(questionnaire, "review")).status_code)
    assert reviews == [302] * 3 + [429] * 3
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 3


def test_token_guesses_get_429_after_the_limit(client, settings):
    settings.PROTECTION_RATE_LIMITS = {"token": {"ip": "10/10m"}}
    statuses = [
        client.get(reverse("surveys:resume", args=[f"devine-{n}"])).status_code for n in range(15)
    ]
    assert statuses == [404] * 10 + [429] * 5


def test_one_participant_writing_too_fast_is_limited(client, settings):
    settings.PROTECTION_RATE_LIMITS = {"write": {"ip": None, "participant": "8/10m"}}
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    client.post(url(questionnaire, "profile"), {"profile": profile.pk})  # no participant yet
    statuses = [
        client.post(
            url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"}
        ).status_code
        for _ in range(10)
    ]
    assert statuses == [302] * 8 + [429] * 2
