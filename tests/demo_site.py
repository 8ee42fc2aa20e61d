"""The demo as a visitor sees it: every kind of public page exists once loaded."""

from concerto.consultations.demo import load_demo
from concerto.consultations.models import Consultation, Page
from concerto.decisions.demo import load_demo_decisions
from concerto.surveys.demo import load_demo_surveys


def load_demo_site() -> Consultation:
    """The demo consultation, its questionnaires and one editorial page in the main menu."""
    consultation = load_demo()
    load_demo_surveys(consultation)
    load_demo_decisions(consultation)
    from concerto.events.demo import load_demo_events

    load_demo_events(consultation)
    Page.objects.create(
        consultation=consultation,
        title="Méthode",
        slug="methode",
        body="Une page de démonstration.\n\n- première étape ;\n- seconde étape.",
        show_in_menu=True,
    )
    return consultation
