"""Questionnaires as files: Concerto's JSON both ways, LimeSurvey's .lss in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.surveys.models import Question, Questionnaire
from concerto.surveys.staff_actions import publication_problems
from concerto.workspace import files

pytestmark = pytest.mark.django_db

SAMPLE_LSS = Path(__file__).parent / "data" / "sample.lss"


def export(client, questionnaire) -> dict:
    response = client.get(reverse("workspace:questionnaire_export", args=[questionnaire.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def upload(client, theme, name: str, content: bytes):
    return client.post(
        reverse("workspace:questionnaire_import", args=[theme.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def comparable(document: dict) -> dict:
    questionnaire = dict(document["questionnaire"])
    questionnaire.pop("slug")
    return questionnaire


def test_a_questionnaire_round_trips_through_its_json_file(team_client, kit, theme):
    document = export(team_client, kit)
    assert (document["format"], document["version"]) == ("concerto-questionnaire", 1)
    response = upload(team_client, theme, "enquete.json", json.dumps(document).encode())
    assert response.status_code == 302
    copy = Questionnaire.objects.exclude(pk=kit.pk).get()
    assert not copy.is_published  # imported in draft
    assert comparable(export(team_client, copy)) == comparable(document)
    assert publication_problems(copy) == []
    assert AuditEvent.objects.filter(action="questionnaire.import", target_id=copy.pk).exists()


def test_the_lss_sample_is_imported_with_a_report(team_client, theme):
    response = upload(team_client, theme, "sample.lss", SAMPLE_LSS.read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rapport d’import" in page
    assert "repartition" in page  # multiple numerical: no equivalent
    assert "équation" in page  # a relevance equation is not carried over
    questionnaire = Questionnaire.objects.get(title="Pratiques culturelles numériques")
    kinds = dict(questionnaire.questions.values_list("code", "kind"))
    assert kinds == {
        "intro": "text",
        "usage": "yes_no",
        "usagedetail": "short_text",
        "domaines": "multiple_choice",
        "region": "select",
        "frequence": "single_choice",
        "accord": "likert",
        "pourquoi": "long_text",
        "budget": "number",
        "depuis": "date",
        "classement": "ranking",
        "tableau": "matrix",
        "commentaire": "long_text",
    }
    assert [s.title for s in questionnaire.sections.order_by("order")] == [
        "Vos usages",
        "Vos opinions",
        "Vos priorités",
    ]
    domaines = questionnaire.questions.get(code="domaines")
    assert domaines.has_other
    assert list(domaines.choices.filter(is_other=False).values_list("code", flat=True)) == [
        "musique",
        "musees",
        "livre",
    ]
    tableau = questionnaire.questions.get(code="tableau")
    assert list(tableau.choices.filter(is_row=True).values_list("label", flat=True)) == [
        "Formation",
        "Financement",
    ]
    conditions = {
        (c.question.code, c.depends_on.code, c.operator, tuple(c.values))
        for c in questionnaire.questions.get(code="usagedetail").conditions.all()
        | questionnaire.questions.get(code="pourquoi").conditions.all()
        | questionnaire.questions.get(code="depuis").conditions.all()
    }
    assert conditions == {
        ("usagedetail", "usage", "any_of", ("oui",)),
        ("pourquoi", "accord", "any_of", ("1", "2")),
        ("depuis", "domaines", "any_of", ("musees",)),
    }
    assert questionnaire.questions.get(code="intro").label == "Répondez selon votre expérience."
    assert publication_problems(questionnaire) == []


def test_an_lss_import_round_trips_through_json(team_client, theme):
    upload(team_client, theme, "sample.lss", SAMPLE_LSS.read_bytes())
    imported = Questionnaire.objects.get()
    document = export(team_client, imported)
    upload(team_client, theme, "copie.json", json.dumps(document).encode())
    copy = Questionnaire.objects.exclude(pk=imported.pk).get()
    assert comparable(export(team_client, copy)) == comparable(document)


BAD_FILES = [
    ("vide.json", b"", "Ce fichier est vide"),
    ("casse.json", b'{"format": "concerto-questionnaire", "version": 1,', "mal formé"),
    ("binaire.json", b"\xff\xfe\x00\x01", "UTF-8"),
    ("autre.json", b'{"hello": "world"}', "champ « format »"),
    (
        "futur.json",
        json.dumps({"format": "concerto-questionnaire", "version": 7}).encode(),
        "version 7",
    ),
    ("casse.lss", b"<document><LimeSurveyDocType>Survey", "mal formé"),
    (
        "entites.lss",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>',
        "entités",
    ),
    ("autre.lss", b"<html><body>Bonjour</body></html>", "pas une structure d’enquête"),
    ("image.png", b"\x89PNG\r\n", "UTF-8"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_in_french_and_nothing_is_saved(
    team_client, theme, name, content, message
):
    response = upload(team_client, theme, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Questionnaire.objects.exists()
    assert not Question.objects.exists()


def test_a_too_large_file_is_refused(team_client, theme, settings):
    content = b"{" + b" " * files.MAX_FILE_BYTES + b"}"
    response = upload(team_client, theme, "gros.json", content)
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    assert not Questionnaire.objects.exists()


def _document(**question_overrides):
    question = {"code": "q1", "kind": "short_text", "label": "Une question"}
    question.update(question_overrides)
    return {
        "format": "concerto-questionnaire",
        "version": 1,
        "questionnaire": {
            "title": "Essai",
            "sections": [{"title": "S", "questions": [question]}],
        },
    }


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_document(kind="fusee"), "le type « fusee » n’existe pas"),
        (_document(code="a b"), "code « a b » invalide"),
        (_document(label="\x00"), "ne peut pas être vide"),
        (
            _document(conditions=[{"depends_on": "q1", "operator": "answered"}]),
            "n’est pas une question précédente",
        ),
        (_document(kind="single_choice", choices=[{"code": "autre", "label": "Autre"}]), "réservé"),
        (_document(max_length=-3), "nombre entier positif"),
    ],
)
def test_a_file_describing_an_impossible_questionnaire_is_refused(
    team_client, theme, document, message
):
    response = upload(team_client, theme, "enquete.json", json.dumps(document).encode())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_a_database_error_during_the_import_leaves_nothing(team_client, theme, monkeypatch):
    from concerto.surveys import builders

    def broken(**kwargs):
        Questionnaire.objects.create(theme=kwargs["theme"], title="Moitié", slug="moitie")
        raise RuntimeError("boom")

    monkeypatch.setattr(builders, "create_questionnaire", broken)
    with pytest.raises(RuntimeError):
        upload(team_client, theme, "enquete.json", json.dumps(_document()).encode())
    assert not Questionnaire.objects.exists()
