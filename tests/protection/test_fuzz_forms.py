"""A fuzzer posts random fields and values to every form a participant can reach: whatever it
sends, the answer is a page or a redirect, never a server error (5xx).

2,000 requests per run (``FUZZ_REQUESTS``), a fixed seed so that a failure replays; on
PostgreSQL in CI, where NUL bytes and oversized values would reach the database.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from concerto.surveys.models import Participant
from tests.surveys.answers import VALID_PAGES
from tests.surveys.kit import build_questionnaire

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

FUZZ_REQUESTS = 2000

# Field names the forms know, plus anything.
KNOWN_FIELDS = sorted(
    {name for page in VALID_PAGES.values() for name in page}
    | {
        "profile",
        "organisation_name",
        "departement",
        "email",
        "cle",
        "site_web",
        "altcha",
        "verification_reponse",
        "verification_jeton",
        "next",
        "previous",
        "etape",
        "changer",
        "csrfmiddlewaretoken",
    }
)

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "-1",
            "0",
            "1e309",
            "NaN",
            "2026-02-30",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "é" * 5000,
            "9" * 60,
            "autre",
            "Cinéma",
            "dGVzdA==",
            "eyJhIjogMX0=",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
values = st.one_of(texts, st.lists(texts, max_size=4))
field_names = st.one_of(st.sampled_from(KNOWN_FIELDS), st.text(min_size=1, max_size=20))
form_data = st.dictionaries(field_names, values, max_size=12)


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


@pytest.fixture
def targets(settings):
    settings.PROTECTION_ENABLED = False  # limits would answer 429 before the forms are reached
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    # A participant with answers, so that every step, the review and the edit are reachable.
    client = Client(raise_request_exception=False)
    client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": "f@example.org"})
    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    participant = Participant.objects.get()
    paths = [
        url(questionnaire, "start"),
        url(questionnaire, "profile"),
        *[url(questionnaire, "step", number=n) for n in VALID_PAGES],
        url(questionnaire, "review"),
        url(questionnaire, "edit"),
        url(questionnaire, "withdraw"),
        reverse("surveys:resume", args=[participant.token]),
        reverse("surveys:confirm_email", args=["jeton-inconnu"]),
    ]
    return client, paths


def test_random_posts_to_every_participant_form_never_get_a_server_error(targets):
    client, paths = targets
    sent: list[int] = []
    per_example = len(paths)
    examples = FUZZ_REQUESTS // per_example
    errors: list[tuple[str, dict, int]] = []

    @seed(20261130)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(form_data, min_size=per_example, max_size=per_example), st.booleans())
    def post_everywhere(datas, fresh_browser):
        browser = Client(raise_request_exception=False) if fresh_browser else client
        for path, data in zip(paths, datas, strict=True):
            response = browser.post(path, data)
            sent.append(response.status_code)
            if response.status_code >= 500:
                errors.append((path, data, response.status_code))

    post_everywhere()
    remainder = FUZZ_REQUESTS - len(sent)
    for path in paths[:remainder]:
        sent.append(client.post(path, {"next": "1"}).status_code)
    assert len(sent) == FUZZ_REQUESTS
    assert not errors, errors[:5]
    assert {200, 302, 400} & set(sent)  # the forms were reached, not only refused
