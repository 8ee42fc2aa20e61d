"""Headers on every page, private pages, resume links that ask and expire, tokens kept out of
logs, and the campaign signals staff see."""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from concerto.protection.campaign import record_submission, source_hash
from concerto.protection.logging import TokenFilter, scrub
from concerto.protection.models import SubmissionSignal
from concerto.surveys.models import Participant
from tests.factories import StaffUserFactory, manager
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


def begin(client, questionnaire):
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    client.post(url(questionnaire, "profile"), {"profile": profile.pk})
    return Participant.objects.order_by("-pk").first()


@pytest.fixture
def questionnaire():
    return build_questionnaire()


def public_paths(questionnaire):
    consultation = questionnaire.theme.consultation
    return [
        "/",
        consultation.get_absolute_url(),
        questionnaire.theme.get_absolute_url(),
        questionnaire.get_absolute_url(),
        url(questionnaire, "profile"),
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/en/",
        "/page-qui-n-existe-pas/",
        "/admin/login/",
    ]


def test_every_page_has_a_strict_csp_and_a_permissions_policy(client, questionnaire):
    for path in public_paths(questionnaire):
        response = client.get(path)
        csp = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, path
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "camera=()" in response.get("Permissions-Policy", ""), path


def test_pages_with_a_token_or_answers_are_not_cacheable(client, questionnaire):
    participant = begin(client, questionnaire)
    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    client.post(url(questionnaire, "review"))
    for path in [
        url(questionnaire, "profile"),
        url(questionnaire, "review"),
        url(questionnaire, "confirmation"),
        reverse("surveys:resume", args=[participant.token]),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path
    confirmation = client.get(url(questionnaire, "confirmation")).content.decode()
    assert participant.token in confirmation  # the page these headers protect


def test_the_health_check_answers_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/sante/")
    assert response.status_code == 200
    assert client.get("/mentions-legales/").status_code == 301  # the rest is redirected


def test_opening_another_participants_link_asks_before_switching(client, questionnaire):
    mine = begin(client, questionnaire)
    theirs = begin(Client(), questionnaire)
    link = reverse("surveys:resume", args=[theirs.token])

    page = client.get(link)
    assert "Changer de participation sur ce navigateur ?" in page.content.decode()
    # Nothing switched by opening it: this browser still answers as before.
    step = client.get(url(questionnaire, "step", number=1))
    assert step.status_code == 200
    assert client.session["concerto.participants"][str(mine.consultation_id)] == mine.token

    client.post(link, {"changer": "1"})
    assert client.session["concerto.participants"][str(mine.consultation_id)] == theirs.token
    # One's own link opens without a question.
    assert "Changer de participation" not in client.get(link).content.decode()


def test_resume_links_stop_working_after_close_and_retention(client, questionnaire):
    participant = begin(client, questionnaire)
    consultation = questionnaire.theme.consultation
    consultation.personal_data_retention_months = 1
    consultation.save()
    link = reverse("surveys:resume", args=[participant.token])
    closes = questionnaire.theme.closes_at
    with time_machine.travel(closes + datetime.timedelta(days=20)):
        assert Client().get(link).status_code == 200
    with time_machine.travel(closes + datetime.timedelta(days=40)):
        response = Client().get(link)
        assert response.status_code == 410
        assert "Ce lien personnel a expiré" in response.content.decode()


def test_tokens_never_reach_the_logs(caplog, questionnaire):
    participant = begin(Client(), questionnaire)
    token = participant.token
    assert scrub(f'"GET /reprendre/{token}/?suivant=/x HTTP/1.1" 200') == (
        '"GET /reprendre/[masqué]/?suivant=/x HTTP/1.1" 200'
    )
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get(f"/en/reprendre/{token}x/")  # a 404 is logged with its path
    assert caplog.records and all(token not in r.getMessage() for r in caplog.records)
    assert "/reprendre/[masqué]/" in caplog.text
    # Gunicorn's access log formats a dict of atoms; the filter is on its logger too.
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        "",
        0,
        "%(r)s %(s)s",
        ({"r": f"GET /reprendre/{token}/", "s": "200"},),
        None,
    )
    assert logging.getLogger("gunicorn.access").filter(record)
    assert token not in record.getMessage()
    assert any(isinstance(f, TokenFilter) for f in logging.getLogger("django.server").filters)


def test_campaign_signals_count_sources_without_keeping_addresses(questionnaire):
    for _ in range(6):
        record_submission(questionnaire_id=questionnaire.pk, address="203.0.113.50")
    record_submission(questionnaire_id=questionnaire.pk, address="198.51.100.7")
    signals = {s.source: s.submissions for s in SubmissionSignal.objects.all()}
    assert signals == {source_hash("203.0.113.50"): 6, source_hash("198.51.100.7"): 1}
    assert all("203.0.113" not in s for s in signals)


def test_campaign_signals_page_is_for_analysts_of_the_consultation(
    client, questionnaire, django_assert_max_num_queries
):
    page_url = reverse("protection_campaign_signals", args=[questionnaire.pk])
    # Three participants sending the same text, and one busy source.
    for _ in range(3):
        c = Client(REMOTE_ADDR="203.0.113.50")
        begin(c, questionnaire)
        for number, data in VALID_PAGES.items():
            data = {**data, "q-commentaire": "Texte de campagne identique, copié partout."}
            c.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
        c.post(url(questionnaire, "review"))
    for _ in range(5):
        record_submission(questionnaire_id=questionnaire.pk, address="203.0.113.50")

    assert client.get(page_url).status_code == 302  # to the back-office login
    client.force_login(StaffUserFactory())  # staff without a role on it
    assert client.get(page_url).status_code == 403
    client.force_login(manager())
    with django_assert_max_num_queries(12):  # whatever the number of responses
        response = client.get(page_url)
    page = response.content.decode()
    assert "Texte de campagne identique, copié partout." in page
    assert source_hash("203.0.113.50") in page and "203.0.113.50" not in page
    assert "no-store" in response["Cache-Control"]
