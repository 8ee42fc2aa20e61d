"""The CSV of a questionnaire's responses, as a manager downloads it from the back office."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerto.surveys import exports
from concerto.surveys.models import ResponseStatus
from tests.factories import StaffUserFactory
from tests.surveys.conftest import FULL_ANSWERS, FULL_OTHER_TEXTS, respond

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


def export_url(questionnaire) -> str:
    return reverse("admin:surveys_questionnaire_export", args=[questionnaire.pk])


def download(client, questionnaire) -> tuple[StreamingHttpResponse, str]:
    response = client.get(export_url(questionnaire))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


def parse(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    reader = csv.reader(io.StringIO(text[1:]), delimiter=";")
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def test_manager_downloads_a_streamed_csv_named_after_the_questionnaire(manager_client, survey):
    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)

    response, text = download(manager_client, survey)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="usages-reponses-{today}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, rows = parse(text)
    assert header == EXPECTED_HEADER
    assert len(rows) == 1


def test_each_kind_of_answer_lands_in_its_columns(manager_client, survey, profile):
    response = respond(
        survey,
        FULL_ANSWERS,
        other_texts=FULL_OTHER_TEXTS,
        profile=profile,
        organisation_name="Les Amis du musée",
        departement="29",
    )

    _, [row] = parse(download(manager_client, survey)[1])

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


def test_columns_stay_the_same_when_more_people_answer(manager_client, survey):
    respond(survey, {"usage": "non"})
    first_header, _ = parse(download(manager_client, survey)[1])

    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    respond(survey, {"usage": "oui", "lieux": ["cinema"], "grille": {"bib": "bien"}})
    second_header, rows = parse(download(manager_client, survey)[1])

    assert first_header == second_header == EXPECTED_HEADER
    assert len(rows) == 3


def test_hidden_and_unanswered_questions_keep_their_columns_empty(manager_client, survey):
    # « usage_detail » is only shown after « oui »: this participant never saw it.
    respond(survey, {"usage": "non"})

    header, [row] = parse(download(manager_client, survey)[1])

    assert "usage_detail" in header
    assert row["usage"] == "Non"
    assert row["usage_detail"] == ""
    # Not answered is not the same as « not chosen »: no 0 for an unseen question.
    assert row["lieux__musee"] == ""
    assert row["priorites__acces"] == ""


def test_no_email_address_nor_token_is_exported(manager_client, survey):
    response = respond(survey, FULL_ANSWERS, email="marie.curie@exemple.fr")

    text = download(manager_client, survey)[1]

    assert "marie.curie" not in text
    assert "@" not in text
    assert response.participant.token not in text


def test_only_submitted_responses_are_exported(manager_client, survey):
    respond(survey, {"commentaire": "envoyée"})
    respond(survey, {"commentaire": "en cours"}, status=ResponseStatus.IN_PROGRESS)
    withdrawn = respond(survey, {"commentaire": "retirée"})
    withdrawn.status = ResponseStatus.WITHDRAWN
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["status", "withdrawn_at"])

    _, rows = parse(download(manager_client, survey)[1])

    assert [row["commentaire"] for row in rows] == ["envoyée"]


def test_formulas_typed_by_participants_are_not_run_by_the_spreadsheet(manager_client, survey):
    respond(
        survey,
        {"commentaire": '=HYPERLINK("http://x")'},
        organisation_name="+33 1 23",
    )

    _, [row] = parse(download(manager_client, survey)[1])

    assert row["commentaire"] == '\'=HYPERLINK("http://x")'
    assert row["organisation"] == "'+33 1 23"


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


def test_staff_without_permission_to_read_responses_gets_403(client, survey):
    client.force_login(StaffUserFactory())

    assert client.get(export_url(survey)).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, survey):
    response = client.get(export_url(survey))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_questionnaire_page_links_to_the_export(manager_client, survey):
    page = manager_client.get(reverse("admin:surveys_questionnaire_change", args=[survey.pk]))

    assert export_url(survey) in page.content.decode()
