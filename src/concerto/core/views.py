from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from concerto.consultations.selectors import sitemap_entries

from .accessibility import load_assessment


def legal_page(template_name: str):
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template_name)

    return view


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: the RGAA grid's figures and the publisher's facts."""
    contact = settings.ACCESSIBILITY_CONTACT or ""
    return render(
        request,
        "core/accessibility.html",
        {
            "assessment": load_assessment(),
            "contact": contact,
            "contact_is_email": "@" in contact and not contact.startswith(("http:", "https:")),
            "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
            "plan_url": settings.ACCESSIBILITY_PLAN_URL,
            "action_plan_url": settings.ACCESSIBILITY_ACTION_PLAN_URL,
        },
    )


legal_notice = legal_page("core/legal_notice.html")


def personal_data(request: HttpRequest) -> HttpResponse:
    from concerto.consultations.selectors import published_consultations

    return render(
        request,
        "core/personal_data.html",
        {"consultations": published_consultations()},
    )


def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "core/sitemap.html", {"entries": sitemap_entries()})


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _error(request, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(
        request,
        400,
        _("Requête incorrecte"),
        _(
            "La demande envoyée n’a pas pu être comprise. Vérifiez l’adresse ou le formulaire, "
            "puis réessayez."
        ),
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Accès refusé"),
        _("Vous n’avez pas les droits nécessaires pour consulter cette page."),
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Page non trouvée"),
        _(
            "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée. "
            "Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte. "
            "La page n’est peut-être plus disponible."
        ),
    )


@requires_csrf_token
def server_error(request):
    # Rendered without the site profile: the database may be what failed.
    return render(request, "core/500.html", status=500)


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        _("Formulaire expiré"),
        _(
            "Pour votre sécurité, ce formulaire n’a pas pu être accepté : la page est restée "
            "ouverte trop longtemps ou les cookies sont désactivés. Revenez à la page précédente, "
            "rechargez-la et envoyez de nouveau le formulaire."
        ),
    )
