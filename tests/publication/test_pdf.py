"""The PDF of a theme's results: produced on the worker, tagged (PDF/UA-1), nothing personal,
unreachable unless published."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from concerto.participation.models import Participant
from concerto.publication import actions
from concerto.publication.models import Publication

from .conftest import CITIZEN_TEXT, SECRET_ORGANISATION, ready_to_publish

pytestmark = pytest.mark.django_db


def pdf_url(theme) -> str:
    return reverse(
        "publication:theme_results_pdf",
        kwargs={"slug": theme.consultation.slug, "theme_slug": theme.slug},
    )


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def published(kit, manager, django_capture_on_commit_callbacks):
    results, _quote = ready_to_publish(kit, manager)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_results(results=results, actor=manager)
    return results


def test_the_pdf_is_produced_once_published_and_tagged(client, kit, published):
    response = client.get(pdf_url(kit["theme"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    # Tagged for accessibility: a structure tree, marked content, the PDF/UA identifier,
    # the document's language and its title shown instead of the file name.
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).startswith("fr")
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata.title.startswith("Résultats")

    text = pdf_text(content)
    assert "Synthèse" in text and "formation" in text
    assert "Quelle est votre priorité" in text
    assert CITIZEN_TEXT.split(" au ")[0] in text


def test_nothing_personal_in_the_pdf(client, kit, published):
    content = b"".join(client.get(pdf_url(kit["theme"])).streaming_content)
    text = pdf_text(content)
    raw = content.decode("latin-1")
    for participant in Participant.objects.all():
        assert participant.token not in text and participant.token not in raw
        if participant.email:
            assert participant.email not in text and participant.email not in raw
    assert SECRET_ORGANISATION not in text


def test_the_pdf_is_gone_once_unpublished(
    client, kit, manager, published, django_capture_on_commit_callbacks
):
    publication = Publication.objects.get()
    name, storage = publication.pdf.name, publication.pdf.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_results(results=published, actor=manager)
    assert client.get(pdf_url(kit["theme"])).status_code == 404
    assert not storage.exists(name)


def test_a_correction_gets_a_new_pdf(
    client, kit, manager, published, django_capture_on_commit_callbacks
):
    first = Publication.objects.get()
    old_name = first.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.correct_results(results=published, note="Une précision", actor=manager)
    content = b"".join(client.get(pdf_url(kit["theme"])).streaming_content)
    assert "Une précision" in pdf_text(content)
    assert not first.pdf.storage.exists(old_name)
