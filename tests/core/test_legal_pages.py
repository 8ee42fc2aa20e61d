"""The legal pages are filled from the site profile the ministry edits in the back office."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from concerto.core.models import AccessibilityStatus, SiteProfile
from tests.factories import ConsultationFactory, PageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LEGAL_URLS = ["/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/"]


@pytest.fixture
def profile(site_profile) -> SiteProfile:
    site_profile.site_title = "Participez Culture"
    site_profile.publisher = "Direction du numérique de la Culture"
    site_profile.publisher_address = "3, rue de Valois\n75001 Paris"
    site_profile.publication_director = "Mme Camille Martin"
    site_profile.host = "Hébergeur Exemple SAS\nLille"
    site_profile.contact_email = "participez@culture.gouv.fr"
    site_profile.dpo_contact = "DPO de la Culture\nParis"
    site_profile.save()
    return site_profile


@pytest.mark.parametrize("url", LEGAL_URLS)
def test_legal_pages_render_with_the_site_identity(client, profile, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "— Participez Culture</title>" in html
    assert "éditée par Direction du numérique de la Culture" in html  # footer


def test_legal_notice_names_publisher_director_host_and_contact(client, profile):
    html = client.get(reverse("legal_notice")).content.decode()
    assert "Direction du numérique de la Culture<br>3, rue de Valois<br>75001 Paris" in html
    assert "Mme Camille Martin" in html
    assert "Hébergeur Exemple SAS<br>Lille" in html
    assert 'href="mailto:participez@culture.gouv.fr"' in html
    assert "Ce site est non conforme avec le RGAA 4.1." in html


def test_site_identity_is_escaped(client, profile):
    profile.publication_director = "<script>alert(1)</script>"
    profile.save()
    html = client.get(reverse("legal_notice")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_accessibility_statement_is_non_conforme_until_an_audit(client, profile):
    html = client.get(reverse("accessibility")).content.decode()
    assert "Le site Participez Culture est <strong>non conforme</strong>" in html
    assert "Aucun audit de conformité complet n’a encore été réalisé." in html
    assert "Accessibilité : non conforme" in html  # footer, on every page
    assert "Direction du numérique de la Culture s’engage à rendre" in html


def test_accessibility_statement_shows_the_audit(client, profile):
    profile.accessibility_status = AccessibilityStatus.PARTIALLY_COMPLIANT
    profile.accessibility_audit_date = datetime.date(2026, 2, 12)
    profile.accessibility_audit_rate = Decimal("87.50")
    profile.accessibility_auditor = "Cabinet Accessible"
    profile.accessibility_non_compliant = "Carte interactive\n\nVidéo sans sous-titres"
    profile.statement_date = datetime.date(2026, 2, 20)
    profile.save()
    html = client.get(reverse("accessibility")).content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert (
        "L’audit de conformité réalisé le 12 février 2026 par Cabinet Accessible révèle que "
        "87,50 % des critères du RGAA version 4.1 sont respectés." in html
    )
    assert "<li>Carte interactive</li><li>Vidéo sans sous-titres</li>" in html
    assert "Cette déclaration a été établie le 20 février 2026." in html
    assert "Accessibilité : partiellement conforme" in html


def test_personal_data_page_gives_each_consultations_retention(client, profile):
    ConsultationFactory(title="Musées de demain", personal_data_retention_months=18)
    ConsultationFactory(title="Lecture publique", personal_data_retention_months=6)
    ConsultationFactory(title="Brouillon", personal_data_retention_months=99, is_published=False)
    html = client.get(reverse("personal_data")).content.decode()
    assert (
        "« Musées de demain » : les données permettant de vous identifier sont supprimées 18 mois"
        in html
    )
    assert (
        "« Lecture publique » : les données permettant de vous identifier sont supprimées 6 mois"
        in html
    )
    assert "Brouillon" not in html
    assert "DPO de la Culture<br>Paris" in html


def test_personal_data_page_without_consultation(client, profile):
    html = client.get(reverse("personal_data")).content.decode()
    assert "Aucune consultation n’est publiée pour le moment." in html


def test_sitemap_lists_published_content(client, profile):
    theme = ThemeFactory(title="Patrimoine")
    page = PageFactory(consultation=theme.consultation, title="Méthode")
    hidden_page = PageFactory(
        consultation=theme.consultation, title="Brouillon caché", is_published=False
    )
    html = client.get(reverse("sitemap")).content.decode()
    assert (
        f'<a href="{theme.consultation.get_absolute_url()}">{theme.consultation.title}</a>' in html
    )
    assert f'<a href="{theme.get_absolute_url()}">Patrimoine</a>' in html
    assert f'<a href="{page.get_absolute_url()}">Méthode</a>' in html
    assert hidden_page.title not in html
    for url in ["/accessibilite/", "/mentions-legales/", "/donnees-personnelles/"]:
        assert f'href="{url}"' in html


def test_site_profile_is_a_single_row(site_profile):
    SiteProfile(site_title="Autre").save()
    assert SiteProfile.objects.count() == 1
    assert SiteProfile.load().site_title == "Autre"
