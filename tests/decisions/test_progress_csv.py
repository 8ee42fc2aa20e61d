"""Progress imported from a CSV file: all or nothing, every rejected line reported."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from concerto.core.models import AuditEvent
from concerto.decisions.models import Decision, DecisionStatus
from concerto.decisions.progress_csv import MalformedFile, import_progress, read
from tests.factories import ConsultationFactory, ThemeFactory
from tests.factories import manager as manager_of

from .conftest import make_decision


@pytest.fixture
def decisions(consultation, theme, manager):
    return [make_decision(consultation, [theme], manager, title=f"Décision {n}") for n in range(3)]


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def state(decisions):
    return [
        (d.status, d.progress, d.status_reason)
        for d in Decision.objects.filter(pk__in=[d.pk for d in decisions]).order_by("pk")
    ]


def test_a_good_file_updates_every_decision_and_dates_it(consultation, decisions, manager):
    a, b, c = decisions
    data = "\ufeff" + (
        "id;titre;statut;avancement;motif;commentaire;date\n"
        f"{a.pk};Décision 0;En cours;45 %;;Trois régions pilotes.;15/01/2025\n"
        f"{b.pk};Décision 1;non retenue;;Trop coûteux.;;\n"
        f"{c.pk};Décision 2;Réalisée;;;;\n"
    )
    report = import_progress(csv_bytes(data), consultation=consultation, actor=manager)
    assert report.ok and report.applied == 3
    assert state(decisions) == [
        ("in_progress", 45, ""),
        ("rejected", 0, "Trop coûteux."),
        ("done", 100, ""),
    ]
    update = a.updates.order_by("-pk").first()
    assert (update.note, update.date.isoformat()) == ("Trois régions pilotes.", "2025-01-15")
    assert AuditEvent.objects.filter(action="decision.progress_imported").count() == 1


def test_comma_separated_without_bom_and_columns_in_any_order(consultation, decisions, manager):
    a = decisions[0]
    data = f'avancement,id,statut\n"30",{a.pk},retenue\n'
    report = import_progress(csv_bytes(data), consultation=consultation, actor=manager)
    assert report.applied == 1
    a.refresh_from_db()
    assert (a.status, a.progress) == (DecisionStatus.ADOPTED, 30)


def test_the_same_file_twice_adds_nothing(consultation, decisions, manager):
    data = csv_bytes(f"id;avancement\n{decisions[0].pk};20\n")
    import_progress(data, consultation=consultation, actor=manager)
    report = import_progress(data, consultation=consultation, actor=manager)
    assert (report.applied, report.unchanged) == (0, 1)
    assert decisions[0].updates.count() == 2


def test_bad_lines_are_reported_with_their_number_and_nothing_is_applied(
    consultation, decisions, manager
):
    a, b, c = decisions
    other = make_decision(
        consultation, [ThemeFactory(consultation=consultation)], manager, title="Autre"
    )
    elsewhere = ConsultationFactory()
    foreign = make_decision(
        elsewhere,
        [ThemeFactory(consultation=elsewhere)],
        manager_of(of=elsewhere),
        title="Ailleurs",
    )
    before = state(decisions)
    data = (
        "id;statut;avancement;motif\n"
        f"{a.pk};En cours;50;\n"  # line 2: fine
        f"{b.pk};non retenue;;\n"  # 3: no reason
        f"{c.pk};en cours;150;\n"  # 4: over 100
        "\n"  # 5: blank, skipped
        "99999;en cours;10;\n"  # 6: unknown decision
        f"{foreign.pk};en cours;10;\n"  # 7: another consultation's
        f"{a.pk};en cours;60;\n"  # 8: twice
        f"{other.pk};abandonnée;;\n"  # 9: unknown status
        "douze;en cours;10;\n"  # 10: not a number
        f"{other.pk};en cours;4,5;\n"  # 11: duplicate of 9 (reported as such)
    )
    report = import_progress(csv_bytes(data), consultation=consultation, actor=manager)
    assert not report.ok and report.applied == 0
    rejected = {r.line: r.reason for r in report.rejected}
    assert sorted(rejected) == [3, 4, 6, 7, 8, 9, 10, 11]
    assert "pas retenue" in rejected[3]
    assert "100" in rejected[4]
    assert "aucune décision n° 99999" in rejected[6]
    assert f"aucune décision n° {foreign.pk}" in rejected[7]
    assert "figure déjà ligne 2" in rejected[8]
    assert "« abandonnée » inconnu" in rejected[9]
    assert "douze" in rejected[10]
    assert state(decisions) == before
    assert not AuditEvent.objects.filter(action="decision.progress_imported").exists()


def test_a_file_in_another_encoding_is_refused_clearly(consultation, decisions, manager):
    data = csv_bytes(f"id;statut\n{decisions[0].pk};Réalisée\n", encoding="cp1252")
    with pytest.raises(MalformedFile, match="pas encodé en UTF-8"):
        import_progress(data, consultation=consultation, actor=manager)
    assert state(decisions)[0] == ("study", 0, "")


def test_a_file_too_large_is_refused(consultation, decisions, manager, settings):
    settings.DECISIONS_CSV_MAX_BYTES = 100
    data = csv_bytes("id;avancement\n" + f"{decisions[0].pk};10\n" * 20)
    with pytest.raises(MalformedFile, match="taille maximale"):
        import_progress(data, consultation=consultation, actor=manager)


def test_too_many_lines_are_refused(consultation, decisions, manager, settings):
    settings.DECISIONS_CSV_MAX_LINES = 2
    data = csv_bytes("id;avancement\n" + "".join(f"{d.pk};10\n" for d in decisions))
    with pytest.raises(MalformedFile, match="dépasse 2 lignes"):
        import_progress(data, consultation=consultation, actor=manager)
    assert state(decisions)[0] == ("study", 0, "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"titre;statut\nA;retenue\n", "« id »"),
        (b"id;titre\n1;A\n", "ni colonne"),
        (b"id;statut;statut\n1;retenue;retenue\n", "deux fois"),
        (b"id;statut\n", "aucune ligne"),
        (b"id;statut\n1;ret\x00enue\n", "caractères invalides"),
        (b'id;statut\n1;"retenue\n', "pas un CSV valide"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
    ],
)
def test_a_malformed_file_gets_a_clear_message(consultation, decisions, data, message):
    with pytest.raises(MalformedFile, match=message):
        read(data, consultation=consultation)


def test_an_analyst_cannot_import(consultation, decisions, analyst):
    with pytest.raises(PermissionDenied):
        import_progress(
            csv_bytes(f"id;avancement\n{decisions[0].pk};10\n"),
            consultation=consultation,
            actor=analyst,
        )
