"""The rules of a decision, its timeline and who may change it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concerto.core.models import AuditEvent
from concerto.decisions import actions
from concerto.decisions.models import Decision, DecisionStatus
from tests.factories import ThemeFactory

from .conftest import make_decision


def test_a_decision_without_a_theme_is_refused_in_french(consultation, manager):
    with pytest.raises(ValidationError) as caught:
        make_decision(consultation, [], manager)
    assert "au moins une thématique" in caught.value.message_dict["themes"][0]
    assert not Decision.objects.exists()


def test_a_theme_of_another_consultation_is_refused(consultation, manager):
    foreign = ThemeFactory(title="Ailleurs")
    with pytest.raises(ValidationError) as caught:
        make_decision(consultation, [foreign], manager)
    assert "n’est pas une thématique de cette consultation" in str(caught.value)
    assert not Decision.objects.exists()


def test_non_retenue_needs_a_reason(decision, manager):
    with pytest.raises(ValidationError) as caught:
        actions.record_progress(
            decision=decision, actor=manager, status=DecisionStatus.REJECTED, status_reason=" "
        )
    assert caught.value.message_dict["status_reason"] == [
        "Indiquez pourquoi la décision n’est pas retenue."
    ]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.STUDY
    assert decision.updates.count() == 1


def test_non_retenue_with_a_reason_is_recorded_and_the_reason_kept(decision, manager):
    actions.record_progress(
        decision=decision,
        actor=manager,
        status=DecisionStatus.REJECTED,
        status_reason="Trop coûteux.",
    )
    decision.refresh_from_db()
    assert (decision.status, decision.status_reason) == ("rejected", "Trop coûteux.")
    # A later comment without a reason keeps the one given.
    actions.record_progress(decision=decision, actor=manager, note="Toujours écartée.")
    decision.refresh_from_db()
    assert decision.status_reason == "Trop coûteux."


def test_the_database_refuses_a_rejected_decision_without_reason(decision):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.REJECTED)


@pytest.mark.parametrize("progress", [-1, 101, 250, "40", None, 4.5])
def test_progress_is_an_integer_between_0_and_100(decision, manager, progress):
    with pytest.raises(ValidationError) as caught:
        actions.check_progress(status="in_progress", progress=progress, status_reason="")
    assert "entre 0 et 100" in caught.value.message_dict["progress"][0]


@pytest.mark.parametrize("progress", [0, 100])
def test_progress_bounds_are_accepted(decision, manager, progress):
    actions.record_progress(decision=decision, actor=manager, status="adopted", progress=progress)
    decision.refresh_from_db()
    assert decision.progress == progress


def test_progress_over_100_is_refused_on_record(decision, manager):
    with pytest.raises(ValidationError):
        actions.record_progress(decision=decision, actor=manager, progress=101)
    decision.refresh_from_db()
    assert decision.progress == 0


def test_a_done_decision_is_at_100(decision, manager):
    with pytest.raises(ValidationError) as caught:
        actions.record_progress(decision=decision, actor=manager, status="done", progress=80)
    assert "100 %" in caught.value.message_dict["progress"][0]


def test_each_change_of_status_or_progress_is_a_dated_update(consultation, theme, manager):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    decision = make_decision(
        consultation, [theme], manager, date=today - datetime.timedelta(days=3)
    )
    actions.record_progress(
        decision=decision, actor=manager, status="adopted", progress=10, date=yesterday
    )
    actions.record_progress(
        decision=decision, actor=manager, status="in_progress", progress=40, note="Lancé."
    )
    updates = list(decision.updates.all())
    assert [(u.status, u.progress) for u in updates] == [
        ("in_progress", 40),
        ("adopted", 10),
        ("study", 0),
    ]
    assert updates[2].date == today - datetime.timedelta(days=3)
    assert updates[0].note == "Lancé." and updates[0].date == timezone.localdate()
    assert updates[1].date == yesterday
    assert updates[0].author == manager
    events = AuditEvent.objects.filter(action="decision.progress", target_id=decision.pk)
    assert events.count() == 3


def test_nothing_changed_adds_no_update(decision, manager):
    assert actions.record_progress(decision=decision, actor=manager, status="study") is None
    assert decision.updates.count() == 1


def test_an_update_cannot_be_dated_in_the_future(decision, manager):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        actions.record_progress(decision=decision, actor=manager, progress=5, date=tomorrow)
    assert decision.updates.count() == 1


def test_leaving_non_retenue_drops_the_reason(decision, manager):
    actions.record_progress(decision=decision, actor=manager, status="rejected", status_reason="X")
    actions.record_progress(decision=decision, actor=manager, status="adopted")
    decision.refresh_from_db()
    assert decision.status_reason == ""


def test_creation_is_audited_with_its_first_update(decision, manager):
    assert AuditEvent.objects.filter(action="decision.create", actor=manager).exists()
    assert decision.updates.get().status == "study"


def test_an_analyst_cannot_create_or_update(consultation, theme, decision, analyst):
    with pytest.raises(PermissionDenied):
        make_decision(consultation, [theme], analyst)
    with pytest.raises(PermissionDenied):
        actions.record_progress(decision=decision, actor=analyst, progress=50)
    decision.refresh_from_db()
    assert decision.progress == 0


def test_evidence_must_come_from_a_theme_of_the_decision(decision, manager, question, other_theme):
    from concerto.surveys.builders import create_questionnaire

    from .conftest import SPEC

    elsewhere = create_questionnaire(theme=other_theme, spec={**SPEC, "slug": "ailleurs"})
    with pytest.raises(ValidationError) as caught:
        actions.add_evidence(decision=decision, actor=manager, question=elsewhere.questions.first())
    assert "thématique de la décision" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        actions.add_evidence(
            decision=decision, actor=manager, question=question, figure_key="autre:conseil"
        )
    assert "besoins" in str(caught.value)
    evidence = actions.add_evidence(
        decision=decision, actor=manager, question=question, figure_key="besoins:conseil"
    )
    assert list(decision.evidence.all()) == [evidence]
