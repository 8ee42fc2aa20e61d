"""A questionnaire that uses every kind of question and every display condition.

Built by the same builder as the demo; the flow tests answer it through HTTP.
"""

from __future__ import annotations

from concerto.participation.models import EmailPolicy
from concerto.surveys.builders import create_questionnaire
from concerto.surveys.models import Questionnaire
from tests.factories import ParticipantProfileFactory, ThemeFactory
from tests.surveys.answers import VALID_PAGES  # noqa: F401  (the kit's answers, for its users)
from tests.surveys.spec import SPEC, choices  # noqa: F401  (the kit's spec, for its users)


def build_questionnaire(
    theme=None, *, email_policy=EmailPolicy.OPTIONAL, allow_editing=True, **options
) -> Questionnaire:
    """The questionnaire of SPEC on ``theme`` (an open one by default), ``options`` overriding.

    ``email_policy`` and ``allow_editing`` are the consultation's participation rules.
    """
    theme = theme or ThemeFactory()
    consultation = theme.consultation
    consultation.email_policy, consultation.allow_editing = email_policy, allow_editing
    consultation.save(update_fields=["email_policy", "allow_editing"])
    ParticipantProfileFactory(consultation=theme.consultation, label="Citoyen ou citoyenne")
    ParticipantProfileFactory(
        consultation=theme.consultation, label="Institution culturelle", is_organisation=True
    )
    return create_questionnaire(theme=theme, spec={**SPEC, **options})
