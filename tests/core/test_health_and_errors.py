"""What operators and load balancers rely on: the health endpoint and the error pages."""

import pytest
from django.db import DatabaseError
from django.test import RequestFactory, override_settings
from django.urls import path

from concerto.core import views
from concerto.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("panne simulée")


# A copy of the site's URLs with a view that fails, to exercise the real 500 handler.
urlpatterns = [path("panne/", boom), *site_urlpatterns]
handler500 = "concerto.core.views.server_error"


@pytest.mark.django_db
def test_health_endpoint_reports_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_endpoint_reports_an_unavailable_database(client, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("connexion refusée")

    from django.db import connection

    monkeypatch.setattr(connection, "cursor", fail)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@override_settings(ROOT_URLCONF=__name__)
def test_failing_view_shows_the_500_page_without_touching_the_database(client):
    # No django_db mark: any query while rendering the error page fails this test.
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Erreur inattendue</h1>" in html
    assert '<html lang="fr"' in html
    assert "panne simulée" not in html


def test_500_handler_renders_on_its_own_without_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Vos réponses déjà enregistrées ne sont pas perdues." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("handler", "status", "title"),
    [
        (views.bad_request, 400, "Requête incorrecte"),
        (views.permission_denied, 403, "Accès refusé"),
        (views.page_not_found, 404, "Page non trouvée"),
        (views.csrf_failure, 403, "Formulaire expiré"),
    ],
)
def test_error_pages_are_french_and_in_the_site_layout(handler, status, title):
    response = handler(RequestFactory().get("/"))
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f"Erreur {status}" in html
    assert 'id="pied-de-page"' in html


@pytest.mark.django_db
def test_csrf_failure_shows_the_french_page(client):
    from tests.factories import UserFactory

    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory(is_staff=True))
    response = csrf_client.post("/admin/logout/")
    assert response.status_code == 403
    assert "<h1>Formulaire expiré</h1>" in response.content.decode()


@pytest.mark.django_db
def test_health_endpoint_is_not_under_a_language_prefix(client):
    assert client.get("/en/sante/").status_code == 404


def test_back_office_is_in_french_whatever_the_browser_prefers(client):
    page = client.get("/admin/login/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert page.status_code == 200
    assert 'lang="fr"' in page.content.decode()
    assert "Nom d’utilisateur" in page.content.decode()
