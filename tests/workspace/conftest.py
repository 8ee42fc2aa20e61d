import pytest

from tests.factories import ConsultationFactory, ThemeFactory, manager
from tests.surveys.kit import build_questionnaire


@pytest.fixture
def theme(db):
    return ThemeFactory(consultation=ConsultationFactory(title="Consultation de l’équipe"))


@pytest.fixture
def team_manager(theme):
    return manager(of=theme.consultation)


@pytest.fixture
def team_client(client, team_manager):
    client.force_login(team_manager)
    return client


@pytest.fixture
def kit(theme):
    """The kit's questionnaire (every kind, every condition) in the team's theme."""
    return build_questionnaire(theme)


@pytest.fixture
def other_kit(db):
    """A questionnaire of another consultation, whose team the manager is not on."""
    return build_questionnaire(ThemeFactory(consultation=ConsultationFactory(title="Autre")))


@pytest.fixture
def sibling(kit, theme):
    """Another questionnaire of the same theme (same team): its ids are foreign to ``kit``."""
    from concerto.surveys.builders import create_questionnaire
    from tests.surveys.kit import SPEC

    return create_questionnaire(theme=theme, spec={**SPEC, "slug": "autre-enquete"})
