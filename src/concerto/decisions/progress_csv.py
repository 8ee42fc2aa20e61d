"""Reading a progress file (CSV) of a consultation's decisions, and applying it whole.

The file: a header line, then one line per decision. Columns, in any order, named as in the
model file the import page offers: ``id`` (required), ``statut``, ``avancement``, ``motif``,
``commentaire``, ``date``; ``titre`` and any other column are ignored. Separator « ; » or
« , » (read from the header), UTF-8 with or without BOM.

All or nothing: a file with one rejected line changes nothing; the report lists every
rejected line with its number and the reason, so the manager corrects the file and sends it
again. A file sent twice adds nothing (unchanged lines are skipped).
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.models import Consultation
from concerto.core import audit
from concerto.surveys.engine.text import clean_text

from . import actions
from .models import Decision, DecisionStatus

COLUMNS = ["id", "titre", "statut", "avancement", "motif", "commentaire", "date"]
MAX_NOTE = 2000


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: how labels are compared."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


STATUS_BY_NAME = {
    **{_fold(str(label)): value for value, label in DecisionStatus.choices},
    **{value: value for value in DecisionStatus.values},
    "a l'etude": DecisionStatus.STUDY,
    "a letude": DecisionStatus.STUDY,
    "etude": DecisionStatus.STUDY,
    "realisee": DecisionStatus.DONE,
    "non retenue": DecisionStatus.REJECTED,
}


class MalformedFile(Exception):
    """The file cannot be read at all (size, encoding, header, CSV syntax)."""


@dataclass
class Row:
    line: int
    decision: Decision
    status: str | None
    progress: int | None
    reason: str | None
    note: str
    date: datetime.date | None


@dataclass
class Rejected:
    line: int
    reason: str


@dataclass
class ImportReport:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    applied: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected


def max_bytes() -> int:
    return getattr(settings, "DECISIONS_CSV_MAX_BYTES", 512 * 1024)


def max_lines() -> int:
    return getattr(settings, "DECISIONS_CSV_MAX_LINES", 2000)


def _decode(data: bytes) -> str:
    if len(data) > max_bytes():
        raise MalformedFile(
            _("Le fichier pèse %(size)s ; la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes())}
        )
    if not data.strip():
        raise MalformedFile(_("Le fichier est vide."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedFile(
            _(
                "Le fichier n’est pas encodé en UTF-8. Depuis votre tableur, enregistrez-le "
                "au format « CSV UTF-8 » puis envoyez-le de nouveau."
            )
        ) from None
    if "\x00" in text:
        raise MalformedFile(
            _("Le fichier contient des caractères invalides : est-ce bien un fichier CSV ?")
        )
    return text


def _header(text: str) -> tuple[str, list[str]]:
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    names = [_fold(name) for name in next(csv.reader([first], delimiter=delimiter))]
    if "id" not in names:
        raise MalformedFile(
            _(
                "La première ligne doit nommer les colonnes, dont « id » (le numéro de la "
                "décision) : partez du modèle proposé sur cette page."
            )
        )
    if not {"statut", "avancement", "commentaire"} & set(names):
        raise MalformedFile(
            _("Le fichier n’a ni colonne « statut », ni « avancement », ni « commentaire ».")
        )
    duplicates = sorted({name for name in names if name and names.count(name) > 1})
    if duplicates:
        raise MalformedFile(
            _("La colonne « %(name)s » figure deux fois.") % {"name": duplicates[0]}
        )
    return delimiter, names


def _progress(value: str) -> int:
    cleaned = value.replace("%", "").replace("\u202f", "").replace("\xa0", "").strip()
    if not cleaned.isdigit():
        raise ValueError(
            _("avancement « %(value)s » : un nombre entier entre 0 et 100 est attendu.")
            % {"value": value}
        )
    number = int(cleaned)
    if number > 100:
        raise ValueError(
            _("avancement %(value)s : il ne peut dépasser 100 %%.") % {"value": number}
        )
    return number


def _date(value: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise ValueError(
        _("date « %(value)s » : attendue sous la forme JJ/MM/AAAA.") % {"value": value}
    )


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(str(m) for messages in error.message_dict.values() for m in messages)
    return " ".join(error.messages)


def read(data: bytes, *, consultation: Consultation) -> ImportReport:
    """Every line of the file checked against the rules; nothing written."""
    text = _decode(data)
    delimiter, names = _header(text)
    report = ImportReport(ignored_columns=[name for name in names if name and name not in COLUMNS])
    decisions = {d.pk: d for d in Decision.objects.filter(consultation=consultation)}
    seen: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader)
        for values in reader:
            line = reader.line_num
            if line > max_lines() + 1:
                raise MalformedFile(
                    _("Le fichier dépasse %(count)s lignes : découpez-le en plusieurs envois.")
                    % {"count": max_lines()}
                )
            if not any(value.strip() for value in values):
                continue
            cells = {
                name: clean_text(value, multiline=True).strip()
                for name, value in zip(names, values, strict=False)
            }
            problem = _check_line(cells, line, decisions, seen, report)
            if problem:
                report.rejected.append(Rejected(line, problem))
    except csv.Error as exc:
        raise MalformedFile(
            _("Ligne %(line)s : le fichier n’est pas un CSV valide (%(error)s).")
            % {"line": reader.line_num, "error": exc}
        ) from None
    if not report.rows and not report.rejected:
        raise MalformedFile(_("Le fichier ne contient aucune ligne de décision."))
    return report


def _check_line(cells, line, decisions, seen, report) -> str | None:
    raw_id = cells.get("id", "").lstrip("#").strip()
    if not raw_id.isdigit():
        return _("« id » doit être le numéro d’une décision, « %(value)s » ne l’est pas.") % {
            "value": raw_id[:40]
        }
    decision = decisions.get(int(raw_id))
    if decision is None:
        return _("aucune décision n° %(id)s dans cette consultation.") % {"id": raw_id}
    if decision.pk in seen:
        return _("la décision n° %(id)s figure déjà ligne %(line)s.") % {
            "id": decision.pk,
            "line": seen[decision.pk],
        }
    seen[decision.pk] = line
    try:
        status = None
        if cells.get("statut"):
            status = STATUS_BY_NAME.get(_fold(cells["statut"]))
            if status is None:
                labels = ", ".join(f"« {label} »" for label in DecisionStatus.labels)
                return _("statut « %(value)s » inconnu : attendu %(labels)s.") % {
                    "value": cells["statut"][:40],
                    "labels": labels,
                }
        progress = _progress(cells["avancement"]) if cells.get("avancement") else None
        date = _date(cells["date"]) if cells.get("date") else None
    except ValueError as exc:
        return str(exc)
    note = cells.get("commentaire", "")
    if len(note) > MAX_NOTE:
        return _("commentaire trop long (%(max)s caractères au plus).") % {"max": MAX_NOTE}
    reason = cells.get("motif") or None
    # The same rules as every other change, on what the decision would become.
    final_status = status or decision.status
    final_progress = progress if progress is not None else decision.progress
    if final_status == DecisionStatus.DONE and progress is None:
        final_progress = 100
    final_reason = reason or (
        decision.status_reason if decision.status == DecisionStatus.REJECTED else ""
    )
    try:
        actions.check_progress(
            status=final_status, progress=final_progress, status_reason=final_reason
        )
        if date is not None and date > timezone.localdate():
            raise ValidationError(_("la date d’une mise à jour ne peut pas être à venir."))
    except ValidationError as exc:
        return _messages(exc)
    report.rows.append(Row(line, decision, status, progress, reason, note, date))
    return None


@transaction.atomic
def import_progress(data: bytes, *, consultation: Consultation, actor) -> ImportReport:
    """Apply a progress file whole, or nothing of it (see the module's docstring).

    Raises ``MalformedFile`` for a file that cannot be read; returns the report otherwise,
    ``report.applied`` lines applied only when no line was rejected.
    """
    actions._require_manager(actor, consultation)
    report = read(data, consultation=consultation)
    if not report.ok:
        return report
    for row in report.rows:
        update = actions.record_progress(
            decision=row.decision,
            actor=actor,
            status=row.status,
            progress=row.progress,
            status_reason=row.reason,
            note=row.note,
            date=row.date,
        )
        if update is None:
            report.unchanged += 1
        else:
            report.applied += 1
    audit.record(
        actor,
        "decision.progress_imported",
        consultation,
        applied=report.applied,
        unchanged=report.unchanged,
    )
    return report


def template_rows(consultation: Consultation) -> list[list[str]]:
    """The model file: today's values of every decision of the consultation."""
    rows = [["id", "titre", "statut", "avancement", "motif", "commentaire", "date"]]
    for decision in Decision.objects.filter(consultation=consultation).order_by("order", "pk"):
        rows.append(
            [
                str(decision.pk),
                decision.title,
                str(decision.get_status_display()),
                str(decision.progress),
                decision.status_reason,
                "",
                "",
            ]
        )
    return rows
