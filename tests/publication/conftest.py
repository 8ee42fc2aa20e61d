"""A closed theme whose questionnaire may be quoted, with answers from identifiable people
(e-mail addresses, organisation names, private tokens) that must never be published."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from concerto.publication import actions
from concerto.surveys.builders import create_questionnaire
from tests.factories import ParticipantProfileFactory, StaffUserFactory, ThemeFactory
from tests.surveys.conftest import respond

SECRET_ORGANISATION = "Musée Confidentiel de Trifouilly"
SPEC = {
    "title": "Vos priorités",
    "slug": "priorites",
    "quotes_allowed": True,
    "sections": [
        {
            "title": "Priorités",
            "questions": [
                {
                    "code": "priorite",
                    "kind": "single_choice",
                    "label": "Quelle est votre priorité ?",
                    "choices": [
                        {"code": "formation", "label": "La formation"},
                        {"code": "outils", "label": "Des outils mutualisés"},
                        {"code": "financement", "label": "Le financement"},
                    ],
                },
                {"code": "idees", "kind": "long_text", "label": "Vos idées ?"},
            ],
        }
    ],
}
CITIZEN_TEXT = "Il faudrait former les équipes des petites structures au numérique."
ORG_TEXT = "Au Musée Confidentiel de Trifouilly, Jeanne Dupont gère seule le site web."


def closed_theme(**kwargs):
    now = timezone.now()
    return ThemeFactory(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        **kwargs,
    )


@pytest.fixture
def kit(db):
    """A closed theme, its questionnaire, 12 citizens choosing « formation » and 3
    institutions choosing « outils » (a small cell), each with a free text."""
    theme = closed_theme()
    citizen = ParticipantProfileFactory(consultation=theme.consultation, label="Citoyen")
    institution = ParticipantProfileFactory(
        consultation=theme.consultation, label="Institution", is_organisation=True
    )
    questionnaire = create_questionnaire(theme=theme, spec=SPEC)
    citizens = [
        respond(
            questionnaire,
            {"priorite": "formation", "idees": CITIZEN_TEXT},
            profile=citizen,
            departement="29",
        )
        for _ in range(12)
    ]
    institutions = [
        respond(
            questionnaire,
            {"priorite": "outils", "idees": ORG_TEXT},
            profile=institution,
            organisation_name=SECRET_ORGANISATION,
            departement="75",
        )
        for _ in range(3)
    ]
    return {
        "theme": theme,
        "questionnaire": questionnaire,
        "citizens": citizens,
        "institutions": institutions,
        "results": actions.results_for(theme),
    }


def answer_of(response, code="idees"):
    return response.values.get(question__code=code)


def ready_to_publish(kit, manager, *, synthesis="Les participants demandent **de la formation**."):
    """The kit's draft with a synthesis, the choice question as a figure and one quote."""
    results = kit["results"]
    quote = actions.add_quote(
        results=results, answer_id=answer_of(kit["citizens"][0]).pk, actor=manager
    )
    actions.save_draft(
        results=results,
        synthesis=synthesis,
        figures=[f"{kit['questionnaire'].pk}/priorite"],
        selected_quotes=[quote.pk],
        actor=manager,
    )
    return results, quote


@pytest.fixture
def analyst(db):
    """Staff who may read answers and statistics but not manage the consultation."""
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="view_questionnaire", content_type__app_label="surveys")
    )
    return user
