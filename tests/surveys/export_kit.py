"""Asking for an export as a manager does, and reading the files it produces."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

from django.urls import reverse

from concerto.exports.models import Export

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def exports_url(questionnaire) -> str:
    return reverse("admin:surveys_questionnaire_exports", args=[questionnaire.pk])


def download_url(export: Export) -> str:
    return reverse(
        "admin:surveys_questionnaire_export_download", args=[export.questionnaire_id, export.pk]
    )


def ask(client, questionnaire, fmt: str = "csv", *, capture) -> Export:
    """Post the page's form; the task runs when the request's transaction commits (the
    test settings' immediate backend runs it then, the worker would pick it up)."""
    with capture(execute=True):
        response = client.post(exports_url(questionnaire), {"format": fmt})
    assert response.status_code == 302, response.content.decode()[:500]
    return Export.objects.filter(questionnaire=questionnaire).latest("pk")


def download(client, export: Export) -> bytes:
    response = client.get(download_url(export))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def parse_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.reader(io.StringIO(text[1:], newline=""), delimiter=";")
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def read_zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def exported_csv(client, questionnaire, *, capture) -> tuple[list[str], list[dict[str, str]]]:
    """Ask for a CSV export, download it and read its responses' file."""
    export = ask(client, questionnaire, "csv", capture=capture)
    return parse_csv(read_zip(download(client, export))["reponses.csv"])


def _column(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group()
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    """Each sheet's rows as lists of cells: str for text, float for numbers, None if empty.

    Read from the XML parts with the standard library (no spreadsheet library needed)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    shared: list[str] = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root]
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in relations}
    sheets = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{RELS}id")].lstrip("/")
        root = ElementTree.fromstring(archive.read(f"xl/{target.removeprefix('xl/')}"))
        rows = []
        for row in root.iter(f"{MAIN}row"):
            cells: dict[int, object] = {}
            for cell in row.iter(f"{MAIN}c"):
                kind = cell.get("t")
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
                elif kind == "s":
                    value = shared[int(cell.find(f"{MAIN}v").text)]
                else:
                    value = float(cell.find(f"{MAIN}v").text)
                cells[_column(cell.get("r"))] = value
            width = max(cells, default=-1) + 1
            rows.append([cells.get(i) for i in range(width)])
        sheets[sheet.get("name")] = rows
    return sheets
