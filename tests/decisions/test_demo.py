from concerto.decisions.demo import load_demo_decisions
from concerto.decisions.models import Decision
from concerto.surveys.demo import load_demo_surveys


def test_the_demo_has_three_decisions_at_different_statuses_with_evidence(demo_clock):
    from concerto.consultations.models import Consultation

    consultation = Consultation.objects.get()
    load_demo_surveys(consultation)
    decisions = load_demo_decisions(consultation)
    assert len({d.status for d in decisions}) == 3
    assert all(d.is_published and d.evidence.exists() for d in decisions)
    assert all(d.updates.count() >= 2 for d in decisions)
    # Loading again adds nothing.
    load_demo_decisions(consultation)
    assert Decision.objects.count() == 3
