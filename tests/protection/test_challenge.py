"""The challenge on a participant's first write: ALTCHA checked server-side, honeypot, and
the manager's fallback for browsers without JavaScript."""

from __future__ import annotations

import base64
import json
import re

import pytest
from altcha import Challenge, Payload, solve_challenge
from django.urls import reverse

from concerto.protection.challenge import ChallengeFallback, ChallengeOutcome
from concerto.surveys.models import Participant
from tests.surveys.kit import build_questionnaire

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


@pytest.fixture
def questionnaire():
    return build_questionnaire()


def profile_of(questionnaire):
    return questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne").pk


def challenge_in(page: str) -> dict:
    """The challenge the page gives the widget, as the browser reads it."""
    import html

    match = re.search(r'<altcha-widget[^>]* challenge="([^"]+)"', page)
    assert match, "no ALTCHA widget on the page"
    return json.loads(html.unescape(match.group(1)))


def solve(challenge: dict) -> str:
    parsed = Challenge.from_dict(challenge)
    return Payload(challenge=parsed, solution=solve_challenge(parsed)).to_base64()


def test_a_solved_proof_of_work_lets_the_participant_in_once(client, questionnaire):
    page = client.get(url(questionnaire, "profile")).content.decode()
    assert "protection/altcha/altcha.min.js" in page  # served by us, no third party
    payload = solve(challenge_in(page))
    data = {"profile": profile_of(questionnaire), "altcha": payload}

    response = client.post(url(questionnaire, "profile"), data)
    assert response.status_code == 302
    assert Participant.objects.get().challenge == ChallengeOutcome.POW

    # The same solution, replayed by another client (a script reusing one solve): refused.
    other = client.__class__()
    replay = other.post(url(questionnaire, "profile"), data)
    assert replay.status_code == 400
    assert "La vérification anti-robot n’a pas abouti" in replay.content.decode()
    assert Participant.objects.count() == 1


def test_forged_solutions_are_refused(client, questionnaire):
    page = client.get(url(questionnaire, "profile")).content.decode()
    challenge = challenge_in(page)
    payload = json.loads(base64.b64decode(solve(challenge)))
    forged_counter = dict(payload, solution={**payload["solution"], "counter": 1})
    tampered = json.loads(json.dumps(payload))
    tampered["challenge"]["parameters"]["cost"] = 1  # an easier challenge, same signature
    for bad in [
        base64.b64encode(json.dumps(forged_counter).encode()).decode(),
        base64.b64encode(json.dumps(tampered).encode()).decode(),
        "bm90IGpzb24=",
        "\x00" * 10,
    ]:
        response = client.post(
            url(questionnaire, "profile"), {"profile": profile_of(questionnaire), "altcha": bad}
        )
        assert response.status_code == 400, bad
    assert not Participant.objects.exists()


def test_the_honeypot_refuses_what_fills_it(client, questionnaire):
    response = client.post(
        url(questionnaire, "profile"),
        {"profile": profile_of(questionnaire), "site_web": "https://spam.example"},
    )
    assert response.status_code == 400
    assert "Le formulaire n’a pas pu être accepté" in response.content.decode()
    assert not Participant.objects.exists()


def test_without_javascript_the_default_fallback_lets_in_and_flags(client, questionnaire):
    response = client.post(url(questionnaire, "profile"), {"profile": profile_of(questionnaire)})
    assert response.status_code == 302
    assert Participant.objects.get().challenge == ChallengeOutcome.FLAGGED


def test_the_question_fallback_asks_in_words_and_checks_once(client):
    questionnaire = build_questionnaire()
    consultation = questionnaire.theme.consultation
    consultation.challenge_fallback = ChallengeFallback.QUESTION
    consultation.save()
    page = client.get(url(questionnaire, "profile")).content.decode()
    question = re.search(r"Combien font (\w+) plus (\w+) \?", page)
    assert question, "no question in the page"
    numbers = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six"]
    total = numbers.index(question[1]) + numbers.index(question[2])
    token = re.search(r'name="verification_jeton" value="([^"]+)"', page)[1]

    wrong = client.post(
        url(questionnaire, "profile"),
        {
            "profile": profile_of(questionnaire),
            "verification_jeton": token,
            "verification_reponse": str(total + 1),
        },
    )
    assert wrong.status_code == 400
    assert "La réponse à la question de vérification est inexacte" in wrong.content.decode()
    assert not Participant.objects.exists()

    data = {
        "profile": profile_of(questionnaire),
        "verification_jeton": token,
        "verification_reponse": str(total),
    }
    assert client.post(url(questionnaire, "profile"), data).status_code == 302
    assert Participant.objects.get().challenge == ChallengeOutcome.QUESTION
    # The same token and answer from a fresh client: single use.
    assert client.__class__().post(url(questionnaire, "profile"), data).status_code == 400
    assert Participant.objects.count() == 1


def test_an_existing_participant_is_not_challenged_again(client, questionnaire):
    client.post(url(questionnaire, "profile"), {"profile": profile_of(questionnaire)})
    page = client.get(url(questionnaire, "profile")).content.decode()
    assert "<altcha-widget" not in page
    assert 'name="site_web"' in page  # the honeypot stays
