"""The files of an export, written from the questionnaire's rows: a zip holding the
responses and the codebook as CSV, or an XLSX workbook with the same two sheets.

Both writers stream: each row goes to a temporary file as soon as it is read, so memory
does not grow with the number of responses (XLSX through xlsxwriter's ``constant_memory``
mode, which flushes every row to disk).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import xlsxwriter
from django.utils import timezone

from concerto.surveys import exports as rows
from concerto.surveys.engine import QuestionnaireDef
from concerto.surveys.models import Questionnaire

# French Excel reads ";" as the column separator (and "," as the decimal mark); with ","
# it would put every row into one cell.
CSV_DELIMITER = ";"
BOM = "\ufeff"
DATA_NAME = "reponses.csv"
CODEBOOK_NAME = "codebook.csv"
DATA_SHEET = "Réponses"
CODEBOOK_SHEET = "Codebook"
# Excel's limit of rows per sheet, the header included.
XLSX_MAX_ROWS = 1_048_576
# How many rows between two progress reports (one cheap UPDATE each).
PROGRESS_EVERY = rows.CHUNK_SIZE

Progress = Callable[[int], None]


def _write_csv(raw, lines: Iterable[list[str]], progress: Progress | None = None) -> int:
    """Write ``lines`` (a header, then rows) as a UTF-8 CSV with a byte-order mark, so that
    Excel reads the accents; returns the number of rows after the header."""
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    text.write(BOM)
    writer = csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    count = -1
    for count, line in enumerate(lines):
        writer.writerow(line)
        if progress and count and count % PROGRESS_EVERY == 0:
            progress(count)
    text.flush()
    text.detach()
    return max(count, 0)


def write_csv_zip(
    path: Path, questionnaire: Questionnaire, definition: QuestionnaireDef, progress: Progress
) -> int:
    """A zip of ``reponses.csv`` and ``codebook.csv``; returns the number of responses."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # force_zip64: the size of the responses' file is not known before it is written.
        with archive.open(DATA_NAME, "w", force_zip64=True) as raw:
            count = _write_csv(raw, rows.iter_csv_rows(questionnaire, definition), progress)
        with archive.open(CODEBOOK_NAME, "w") as raw:
            _write_csv(raw, rows.codebook_rows(definition))
    return count


def _local(moment: datetime.datetime) -> datetime.datetime:
    # Spreadsheet dates have no time zone: the manager reads Paris time, as on the site.
    return timezone.localtime(moment).replace(tzinfo=None)


def write_xlsx(
    path: Path, questionnaire: Questionnaire, definition: QuestionnaireDef, progress: Progress
) -> int:
    """A workbook with a « Réponses » sheet (numbers and dates typed) and a « Codebook »
    sheet; returns the number of responses."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "tmpdir": str(path.parent),
            # Participants' texts stay texts, never formulas, links or numbers.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet = workbook.add_worksheet(DATA_SHEET)
    header = rows.header(definition)
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 1)
    numeric = rows.numeric_columns(definition)[len(rows.FIXED_COLUMNS) :]
    first_answer = len(rows.FIXED_COLUMNS)
    count = 0
    records = rows.iter_records(questionnaire, definition, rows.PLAIN)
    for count, (fixed, cells) in enumerate(records, start=1):
        number, submitted_at, edited_at, profile, organisation, departement = fixed
        sheet.write_number(count, 0, number)
        if submitted_at:
            sheet.write_datetime(count, 1, _local(submitted_at), moment)
        if edited_at:
            sheet.write_datetime(count, 2, _local(edited_at), moment)
        sheet.write_string(count, 3, profile)
        sheet.write_string(count, 4, organisation)
        sheet.write_string(count, 5, departement)
        for column, (cell, is_number) in enumerate(zip(cells, numeric, strict=True)):
            if cell == "":
                continue
            if is_number:
                try:
                    sheet.write_number(count, first_answer + column, float(Decimal(cell)))
                    continue
                except (InvalidOperation, ValueError):
                    pass  # a label a manager changed: kept as text
            sheet.write_string(count, first_answer + column, cell)
        if count % PROGRESS_EVERY == 0:
            progress(count)
    codebook = workbook.add_worksheet(CODEBOOK_SHEET)
    for index, line in enumerate(rows.codebook_rows(definition)):
        codebook.write_row(index, 0, line, bold if index == 0 else None)
    workbook.close()
    return count
