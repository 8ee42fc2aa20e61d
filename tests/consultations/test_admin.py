"""The back office as a consultation manager uses it: adding themes and documents."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concerto.consultations.models import Document, Theme
from concerto.core.models import AuditEvent
from tests.factories import PDF_BYTES, ConsultationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def theme_form(consultation, **overrides) -> dict:
    data = {
        "consultation": consultation.pk,
        "title": "Patrimoine numérique",
        "slug": "patrimoine-numerique",
        "summary": "Numériser, conserver, partager.",
        "introduction": "Les enjeux du patrimoine numérique.",
        "opens_at_0": "01/04/2026",
        "opens_at_1": "09:00:00",
        "closes_at_0": "30/06/2026",
        "closes_at_1": "18:00:00",
        "order": "3",
        "_save": "Enregistrer",
    }
    data.update(overrides)
    return data


def test_manager_adds_a_theme(manager_client):
    consultation = ConsultationFactory()
    response = manager_client.post(
        reverse("admin:consultations_theme_add"), theme_form(consultation)
    )
    assert response.status_code == 302, response.content.decode()
    theme = Theme.objects.get()
    assert theme.consultation == consultation
    assert theme.title == "Patrimoine numérique"
    # Dates typed in the back office are Paris time.
    assert theme.opens_at == datetime.datetime(2026, 4, 1, 9, 0, tzinfo=PARIS)
    assert theme.closes_at == datetime.datetime(2026, 6, 30, 18, 0, tzinfo=PARIS)
    # Who did it is in the audit trail.
    event = AuditEvent.objects.get(action="theme.create")
    assert event.actor is not None and event.actor.is_staff
    assert (event.target_id, event.target_repr) == (theme.pk, "Patrimoine numérique")


def test_manager_changes_and_deletes_are_audited(manager_client, manager):
    theme = ThemeFactory()
    form = theme_form(theme.consultation, slug=theme.slug, title="Nouveau titre")
    url = reverse("admin:consultations_theme_change", args=[theme.pk])
    assert manager_client.post(url, form).status_code == 302
    event = AuditEvent.objects.get(action="theme.change")
    assert event.actor == manager and "title" in event.details["fields"]


def test_theme_closing_before_opening_is_refused_in_french(manager_client):
    consultation = ConsultationFactory()
    response = manager_client.post(
        reverse("admin:consultations_theme_add"),
        theme_form(consultation, closes_at_0="01/03/2026"),
    )
    assert response.status_code == 200
    assert "La clôture doit suivre l’ouverture." in response.content.decode()
    assert response.context["adminform"].form.errors["closes_at"] == [
        "La clôture doit suivre l’ouverture."
    ]
    assert not Theme.objects.exists()


def test_theme_closing_without_opening_is_refused_in_french(manager_client):
    consultation = ConsultationFactory()
    response = manager_client.post(
        reverse("admin:consultations_theme_add"),
        theme_form(consultation, opens_at_0="", opens_at_1=""),
    )
    assert response.status_code == 200
    assert "Indiquez l’ouverture avant de fixer une clôture." in response.content.decode()
    assert not Theme.objects.exists()


def test_duplicate_theme_slug_is_refused_in_french(manager_client):
    existing = ThemeFactory(slug="patrimoine-numerique")
    response = manager_client.post(
        reverse("admin:consultations_theme_add"), theme_form(existing.consultation)
    )
    assert response.status_code == 200
    assert "Une autre thématique de cette consultation utilise déjà cet identifiant." in (
        response.content.decode()
    )
    assert Theme.objects.count() == 1


def test_theme_changelist_shows_status(manager_client):
    ThemeFactory(opens_at=None, closes_at=None, title="Sans date")
    response = manager_client.get(reverse("admin:consultations_theme_changelist"))
    assert response.status_code == 200
    assert "À venir" in response.content.decode()


def document_form(consultation, upload, **overrides) -> dict:
    data = {
        "consultation": consultation.pk,
        "theme": "",
        "title": "Rapport d’étape",
        "description": "",
        "file": upload,
        "order": "0",
        "published_at_0": "10/03/2026",
        "published_at_1": "10:00:00",
        "_save": "Enregistrer",
    }
    data.update(overrides)
    return data


def test_manager_uploads_a_pdf_and_its_size_is_recorded(manager_client):
    consultation = ConsultationFactory()
    upload = SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf")
    response = manager_client.post(
        reverse("admin:consultations_document_add"), document_form(consultation, upload)
    )
    assert response.status_code == 302, response.content.decode()
    document = Document.objects.get()
    assert document.size == len(PDF_BYTES)
    assert document.format == "PDF"
    assert manager_client.get(document.get_absolute_url()).getvalue() == PDF_BYTES


def test_executable_upload_is_refused_in_french(manager_client):
    consultation = ConsultationFactory()
    upload = SimpleUploadedFile("outil.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = manager_client.post(
        reverse("admin:consultations_document_add"), document_form(consultation, upload)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert len(errors) == 1
    # Django's French catalogue uses non-breaking spaces inside « » and before colons.
    message = errors[0].replace("\xa0", " ").replace("'", "’")
    assert message.startswith("L’extension de fichier « exe » n’est pas autorisée.")
    assert "pdf, odt" in message
    assert "extension de fichier" in response.content.decode()
    assert not Document.objects.exists()


def test_oversized_upload_is_refused_with_sizes_in_french(manager_client, settings):
    settings.CONCERTO_DOCUMENT_MAX_BYTES = 1024
    consultation = ConsultationFactory()
    upload = SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * 2048, content_type="application/pdf")
    response = manager_client.post(
        reverse("admin:consultations_document_add"), document_form(consultation, upload)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert errors == ["Ce fichier pèse 2,0\xa0Kio ; la taille maximale est de 1,0\xa0Kio."]
    assert not Document.objects.exists()


def test_document_theme_must_belong_to_its_consultation(manager_client):
    consultation = ConsultationFactory()
    foreign_theme = ThemeFactory()
    upload = SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf")
    response = manager_client.post(
        reverse("admin:consultations_document_add"),
        document_form(consultation, upload, theme=foreign_theme.pk),
    )
    assert response.status_code == 200
    assert "Cette thématique appartient à une autre consultation." in response.content.decode()
    assert not Document.objects.exists()


def test_manager_cannot_delete_a_consultation(manager_client):
    consultation = ConsultationFactory()
    url = reverse("admin:consultations_consultation_delete", args=[consultation.pk])
    assert manager_client.post(url, {"post": "yes"}).status_code == 403
    assert consultation.__class__.objects.filter(pk=consultation.pk).exists()


def test_only_one_consultation_can_be_featured(manager_client):
    ConsultationFactory(is_featured=True)
    other = ConsultationFactory()
    url = reverse("admin:consultations_consultation_change", args=[other.pk])
    data = {
        "title": other.title,
        "slug": other.slug,
        "tagline": "",
        "purpose": other.purpose,
        "why_participate": "",
        "how_to_participate": "",
        "is_published": "on",
        "is_featured": "on",
        "personal_data_retention_months": "12",
        "profiles-TOTAL_FORMS": "0",
        "profiles-INITIAL_FORMS": "0",
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
        "_save": "Enregistrer",
    }
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert "Une seule consultation peut être à la une." in response.content.decode()
    other.refresh_from_db()
    assert not other.is_featured
