"""The legal pages are filled from the site profile the ministry edits in the back office."""

import datetime

import pytest
from django.urls import reverse

from concerto.core.accessibility import load_assessment
from concerto.core.models import SiteProfile
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
    status = load_assessment().status.label
    assert f"Ce site est {status} avec le RGAA 4.1." in html


def test_site_identity_is_escaped(client, profile):
    profile.publication_director = "<script>alert(1)</script>"
    profile.save()
    html = client.get(reverse("legal_notice")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_accessibility_statement_states_the_grids_figures(client, profile):
    assessment = load_assessment()
    html = client.get(reverse("accessibility")).content.decode()
    status = str(assessment.status.label)
    assert f"Le site Participez Culture est <strong>{status}</strong>" in html
    assert f"Accessibilité : {status}" in html  # footer, on every page
    rate = f"{assessment.rate:.2f}".replace(".", ",").removesuffix(",00")
    if assessment.complete:
        assert (
            f"L’audit de conformité réalisé le 30 novembre 2026 par {assessment.auditor} "
            f"révèle que {rate} % des critères du RGAA version 4.1 sont respectés." in html
        )
    else:
        assert status == "non conforme"
        assert (
            f"n’est pas encore complet : {len(assessment.to_check)} critères restent à "
            f"vérifier à la main. Parmi les critères applicables déjà évalués, {rate} % sont "
            "respectés." in html
        )
        numbers = ", ".join(c.number for c in assessment.to_check)
        assert f"Critères restant à vérifier : {numbers}." in html
    assert "Direction du numérique de la Culture s’engage à rendre" in html


def test_accessibility_statement_lists_every_non_compliance(client, profile):
    html = client.get(reverse("accessibility")).content.decode()
    for criterion in load_assessment().non_compliant:
        assert f"Critère {criterion.number} ({criterion.topic}) : {criterion.defect}" in html
    assert "Aucune non-conformité n’est connue" not in html


def test_accessibility_statement_has_every_section_the_law_asks_for(client, profile):
    html = client.get(reverse("accessibility")).content.decode()
    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Contenus non soumis à l’obligation d’accessibilité",
        "Établissement de cette déclaration d’accessibilité",
        "Environnement de test",
        "Outils utilisés pour vérifier l’accessibilité",
        "Pages du site ayant fait l’objet de la vérification de conformité",
        "Retour d’information et contact",
        "Voies de recours",
    ]:
        assert f">{heading}</h" in html, heading
    assert "Cette déclaration a été établie le 30 novembre 2026." in html
    assert 'href="https://concerto.localhost/schema-pluriannuel-accessibilite"' in html
    assert 'href="mailto:accessibilite@concerto.localhost"' in html
    assert "contact@concerto.localhost" not in html


def test_accessibility_statement_shows_the_publishers_facts(client, profile, settings):
    settings.ACCESSIBILITY_CONTACT = "https://www.culture.gouv.fr/contact-accessibilite"
    settings.ACCESSIBILITY_STATEMENT_DATE = datetime.date(2027, 2, 20)
    settings.ACCESSIBILITY_PLAN_URL = "https://www.culture.gouv.fr/schema"
    settings.ACCESSIBILITY_ACTION_PLAN_URL = "https://www.culture.gouv.fr/plan-2027"
    html = client.get(reverse("accessibility")).content.decode()
    assert "Cette déclaration a été établie le 20 février 2027." in html
    assert '<a href="https://www.culture.gouv.fr/contact-accessibilite">' in html
    assert 'href="https://www.culture.gouv.fr/schema"' in html
    assert 'href="https://www.culture.gouv.fr/plan-2027"' in html


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
