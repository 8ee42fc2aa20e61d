"""Views for the page cache's tests: each renders something a cache must never replay."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from concerto.core.pagecache import private, public_page

CALLS = {"count": 0}


def _render(request, source: str) -> HttpResponse:
    CALLS["count"] += 1
    template = engines["django"].from_string(source)
    return HttpResponse(template.render({}, request))


@public_page
def plain(request):
    return _render(request, "<p>Bonjour {{ request.path }}</p>")


@public_page
def form(request):
    return _render(request, '<form method="post">{% csrf_token %}<button>Envoyer</button></form>')


@public_page
def message(request):
    messages.success(request, "Message pour une seule personne")
    return _render(request, "{% for m in messages %}<p>{{ m }}</p>{% endfor %}")


@public_page
def session(request):
    request.session["panier"] = "personnel"
    return _render(request, "<p>Votre session</p>")


@public_page
def nonce(request):
    return _render(request, '<p>x</p><script nonce="abc123" src="/a.js"></script>')


@public_page
def cookie(request):
    response = _render(request, "<p>cookie</p>")
    response.set_cookie("suivi", "1")
    return response


@public_page
def personal(request):
    return private(_render(request, "<p>Vos réponses</p>"))


urlpatterns = [
    path("simple/", plain),
    path("formulaire/", form),
    path("message/", message),
    path("session/", session),
    path("nonce/", nonce),
    path("cookie/", cookie),
    path("prive/", personal),
]
