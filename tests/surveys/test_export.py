"""What a manager finds in an export's files: the responses and the codebook, as CSV in
a zip or as an XLSX workbook."""

from __future__ import annotations

import datetime
import zipfile
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerto.participation.actions import save_profile
from concerto.surveys import actions, exports
from concerto.surveys.models import ResponseStatus
from concerto.surveys.structure import load
from tests.factories import ParticipantProfileFactory
from tests.surveys.conftest import FULL_ANSWERS, FULL_OTHER_TEXTS, respond
from tests.surveys.export_kit import (
    ask,
    download,
    download_url,
    exported_csv,
    parse_csv,
    read_xlsx,
    read_zip,
)

pytestmark = pytest.mark.django_db

EXPECTED_HEADER = [
    "numero",
    "envoyee_le",
    "modifiee_le",
    "profil",
    "organisation",
    "departement",
    "usage",
    "usage_detail",
    "lieux__musee",
    "lieux__cinema",
    "lieux__theatre",
    "lieux__autre",
    "lieux__autre_texte",
    "frequence",
    "frequence__autre_texte",
    "age",
    "visite",
    "satisfaction",
    "accord",
    "region",
    "priorites__acces",
    "priorites__prix",
    "priorites__offre",
    "grille__bib",
    "grille__mus",
    "commentaire",
]


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_csv_export_is_a_zip_of_the_responses_and_their_codebook(manager_client, survey, capture):
    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)

    export = ask(manager_client, survey, "csv", capture=capture)
    response = manager_client.get(download_url(export))

    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="usages-reponses-{today}.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    files = read_zip(b"".join(response.streaming_content))
    assert sorted(files) == ["codebook.csv", "reponses.csv"]
    header, rows = parse_csv(files["reponses.csv"])
    assert header == EXPECTED_HEADER
    assert len(rows) == 1


def test_french_spreadsheets_read_the_csv_as_it_is(manager_client, survey, capture):
    respond(survey, {**FULL_ANSWERS, "age": "42.5"}, other_texts=FULL_OTHER_TEXTS)

    export = ask(manager_client, survey, "csv", capture=capture)
    text = read_zip(download(manager_client, export))["reponses.csv"]

    assert text.startswith("\ufeff")  # Excel reads UTF-8 only after a byte-order mark
    first_line = text[1:].split("\r\n")[0]
    assert first_line == ";".join(EXPECTED_HEADER)
    _, [row] = parse_csv(text)
    assert row["age"] == "42,5"  # decimal comma


def test_each_kind_of_answer_lands_in_its_columns(manager_client, survey, profile, capture):
    response = respond(
        survey,
        FULL_ANSWERS,
        other_texts=FULL_OTHER_TEXTS,
        profile=profile,
        organisation_name="Les Amis du musée",
        departement="29",
    )

    _, [row] = exported_csv(manager_client, survey, capture=capture)

    assert row["numero"] == str(response.pk)  # the number the back office shows
    assert row["modifiee_le"] == ""
    assert row["envoyee_le"].startswith(timezone.localdate().isoformat())
    assert row["profil"] == "Particulier"
    assert row["organisation"] == "Les Amis du musée"
    assert row["departement"] == "29"
    assert row["usage"] == "Oui"  # the label, like every choice
    assert row["usage_detail"] == "Je lis beaucoup."
    # One column per option, 1 when chosen; « Autre » with its text.
    assert [row[f"lieux__{c}"] for c in ("musee", "cinema", "theatre", "autre")] == [
        "1",
        "0",
        "1",
        "1",
    ]
    assert row["lieux__autre_texte"] == "Festival"
    # Single choices read as their labels, not their codes.
    assert row["frequence"] == "Autre"
    assert row["frequence__autre_texte"] == "Chaque été"
    assert row["accord"] == "Niveau 4"
    assert row["region"] == "Bretagne"
    assert (row["age"], row["visite"], row["satisfaction"]) == ("42", "2026-03-14", "8")
    # Ranking: each item's rank; matrix: each row's column label.
    assert [row[f"priorites__{c}"] for c in ("acces", "prix", "offre")] == ["2", "1", "3"]
    assert (row["grille__bib"], row["grille__mus"]) == ("Mal", "Bien")
    assert row["commentaire"] == "Merci"


def test_submission_and_edit_dates_are_exported_in_paris_time(manager_client, survey, capture):
    theme = survey.theme
    theme.opens_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    theme.closes_at = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    theme.save(update_fields=["opens_at", "closes_at"])
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)):
        response = respond(survey, {"usage": "non"})
    definition = load(survey.pk)
    with time_machine.travel(datetime.datetime(2026, 7, 14, 16, 5, tzinfo=datetime.UTC)):
        actions.begin_edit(
            participant=response.participant, response=response, definition=definition
        )
        assert actions.submit_response(
            participant=response.participant, response=response, definition=definition
        )

    _, [row] = exported_csv(manager_client, survey, capture=capture)

    assert row["envoyee_le"] == "2026-03-01T10:30:00+01:00"
    assert row["modifiee_le"] == "2026-07-14T18:05:00+02:00"


def test_the_profile_is_the_one_the_response_was_submitted_under(
    manager_client, survey, profile, capture
):
    response = respond(survey, {"usage": "non"}, profile=profile)
    later = ParticipantProfileFactory(consultation=profile.consultation, label="Association")
    save_profile(participant=response.participant, profile=later)

    _, [row] = exported_csv(manager_client, survey, capture=capture)

    assert row["profil"] == "Particulier"


def test_columns_stay_the_same_when_more_people_answer(manager_client, survey, capture):
    respond(survey, {"usage": "non"})
    first_header, _ = exported_csv(manager_client, survey, capture=capture)

    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    respond(survey, {"usage": "oui", "lieux": ["cinema"], "grille": {"bib": "bien"}})
    second_header, rows = exported_csv(manager_client, survey, capture=capture)

    assert first_header == second_header == EXPECTED_HEADER
    assert len(rows) == 3


def test_hidden_and_unanswered_questions_keep_their_columns_empty(manager_client, survey, capture):
    # « usage_detail » is only shown after « oui »: this participant never saw it.
    respond(survey, {"usage": "non"})

    header, [row] = exported_csv(manager_client, survey, capture=capture)

    assert "usage_detail" in header
    assert row["usage"] == "Non"
    assert row["usage_detail"] == ""
    # Not answered is not the same as « not chosen »: no 0 for an unseen question.
    assert row["lieux__musee"] == ""
    assert row["priorites__acces"] == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_email_address_nor_token_is_exported(manager_client, survey, capture, fmt):
    response = respond(survey, FULL_ANSWERS, email="marie.curie@exemple.fr")

    data = download(manager_client, ask(manager_client, survey, fmt, capture=capture))

    with zipfile.ZipFile(BytesIO(data)) as archive:
        text = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "marie.curie" not in text
    assert "@" not in text
    assert response.participant.token not in text


def test_only_submitted_responses_are_exported(manager_client, survey, capture):
    respond(survey, {"commentaire": "envoyée"})
    respond(survey, {"commentaire": "en cours"}, status=ResponseStatus.IN_PROGRESS)
    withdrawn = respond(survey, {"commentaire": "retirée"})
    withdrawn.status = ResponseStatus.WITHDRAWN
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["status", "withdrawn_at"])

    _, rows = exported_csv(manager_client, survey, capture=capture)

    assert [row["commentaire"] for row in rows] == ["envoyée"]


def test_formulas_typed_by_participants_are_not_run_by_the_spreadsheet(
    manager_client, survey, capture
):
    respond(survey, {"commentaire": '=HYPERLINK("http://x")'}, organisation_name="+33 1 23")

    _, [row] = exported_csv(manager_client, survey, capture=capture)
    data = download(manager_client, ask(manager_client, survey, "xlsx", capture=capture))

    assert row["commentaire"] == '\'=HYPERLINK("http://x")'
    assert row["organisation"] == "'+33 1 23"
    header, values = read_xlsx(data)["Réponses"]
    assert values[header.index("commentaire")] == '\'=HYPERLINK("http://x")'
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula at all


def test_codebook_gives_each_question_its_text_kind_and_choices(manager_client, survey, capture):
    export = ask(manager_client, survey, "csv", capture=capture)

    header, rows = parse_csv(read_zip(download(manager_client, export))["codebook.csv"])

    assert header == exports.CODEBOOK_HEADER
    lines = [tuple(row.values()) for row in rows]
    assert ("numero", "Numéro de la réponse, celui du back office", "", "", "", "", "") in lines
    assert ("usage", "Libellé usage", "Oui / non", "question", "", "", "") in lines
    # Scores where the scale has them, with a decimal comma like the responses.
    assert ("usage", "Libellé usage", "Oui / non", "choix", "oui", "Oui", "1") in lines
    assert ("usage", "Libellé usage", "Oui / non", "choix", "non", "Non", "0") in lines
    assert (
        "lieux",
        "Libellé lieux",
        "Choix multiple",
        "« Autre (précisez) »",
        "autre",
        "Autre",
        "",
    ) in lines
    assert (
        "grille",
        "Libellé grille",
        "Tableau (un choix par ligne)",
        "ligne du tableau",
        "bib",
        "Bibliothèques",
        "",
    ) in lines
    assert (
        "grille",
        "Libellé grille",
        "Tableau (un choix par ligne)",
        "choix",
        "mal",
        "Mal",
        "",
    ) in lines
    # Every answerable question is described, the display-only ones are not.
    described = {row["code"] for row in rows}
    assert {"intro", "explication"}.isdisjoint(described)
    assert {column.split("__")[0] for column in EXPECTED_HEADER} <= described


def test_xlsx_has_typed_responses_and_a_codebook_sheet(manager_client, survey, capture):
    response = respond(
        survey, {**FULL_ANSWERS, "age": "42.5"}, other_texts=FULL_OTHER_TEXTS, departement="01"
    )

    export = ask(manager_client, survey, "xlsx", capture=capture)
    http = manager_client.get(download_url(export))
    sheets = read_xlsx(b"".join(http.streaming_content))

    assert http["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert list(sheets) == ["Réponses", "Codebook"]
    header, values = sheets["Réponses"]
    assert header == EXPECTED_HEADER
    row = dict(zip(header, values + [None] * (len(header) - len(values)), strict=True))
    assert row["numero"] == float(response.pk)
    assert isinstance(row["envoyee_le"], float)  # a spreadsheet date, not a text
    assert row["modifiee_le"] is None
    assert row["departement"] == "01"  # a code, not a number: its zero is kept
    assert row["age"] == 42.5
    assert row["satisfaction"] == 8.0
    assert [row[f"lieux__{c}"] for c in ("musee", "cinema", "theatre", "autre")] == [1, 0, 1, 1]
    assert [row[f"priorites__{c}"] for c in ("acces", "prix", "offre")] == [2, 1, 3]
    assert (row["usage"], row["accord"], row["visite"]) == ("Oui", "Niveau 4", "2026-03-14")
    assert row["lieux__autre_texte"] == "Festival"
    assert sheets["Codebook"][0] == exports.CODEBOOK_HEADER
    assert ["usage", "Libellé usage", "Oui / non", "choix", "oui", "Oui", "1"] in sheets["Codebook"]


def count_export_queries(questionnaire) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = list(exports.iter_csv_rows(questionnaire))
    assert rows, "the export produced nothing"
    return len(queries)


def test_number_of_queries_does_not_grow_with_the_number_of_responses(survey):
    for _ in range(2):
        respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    few = count_export_queries(survey)

    for _ in range(15):
        respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    many = count_export_queries(survey)

    assert many == few


def test_answers_stay_with_their_response_across_chunks(monkeypatch, survey):
    # Answers are fetched once per chunk of responses: rows must not mix across chunks.
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for n in range(5):
        respond(survey, {"commentaire": f"réponse {n}", "age": n})

    header, *rows = list(exports.iter_csv_rows(survey))

    column = header.index("commentaire")
    age = header.index("age")
    assert [(row[column], row[age]) for row in rows] == [(f"réponse {n}", str(n)) for n in range(5)]
