"""Public pages of the events: the agenda, an event (with its registration form and its
replay), the links sent by e-mail (confirm, cancel, the registrant's own page) and the
iCalendar feeds.

The agenda and the feeds are the same for every visitor. The event page holds a form (a
CSRF token) and the link pages are personal: they are never cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from concerto.consultations import selectors as consultation_selectors
from concerto.core.pagecache import public_page
from concerto.protection.headers import private_page
from concerto.protection.ratelimit import ratelimit

from . import actions, ical, selectors, tokens
from .emails import join_link_visible, waiting_rank
from .forms import RegistrationForm
from .models import RegistrationStatus
from .text import when

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@require_safe
@public_page
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    return render(
        request,
        "events/agenda.html",
        {"consultation": consultation, "agenda": selectors.agenda(consultation)},
    )


@private_page
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("email")
def detail(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    event = selectors.get_public_event(consultation, event_slug)
    now = timezone.now()
    form = None
    status = 200
    if event.registrations_open(now):
        form = RegistrationForm(request.POST or None, consultation=consultation)
        if request.method == "POST":
            if form.is_valid():
                try:
                    actions.register(event=event, **_registration_fields(form))
                except actions.RegistrationRefused as refused:
                    form.add_error(None, refused.message)
                    status = 409 if refused.code == "duplicate" else 400
                else:
                    messages.success(
                        request,
                        _(
                            "Merci ! Un message vient d’être envoyé à %(email)s : ouvrez le lien "
                            "qu’il contient pour confirmer votre inscription."
                        )
                        % {"email": form.cleaned_data["email"]},
                    )
                    return redirect(event.get_absolute_url())
            else:
                status = 400
    elif request.method == "POST":
        status = 409
        messages.error(request, _closed_message(event, now))
    return render(
        request,
        "events/detail.html",
        {
            "consultation": consultation,
            "event": event,
            "when": when(event.starts_at, event.ends_at),
            "form": form,
            "closed_message": None if form else _closed_message(event, now),
            "is_past": event.is_past(now),
            "themes": list(event.themes.all()),
        },
        status=status,
    )


def _registration_fields(form) -> dict:
    fields = ("name", "email", "profile", "organisation_name", "accessibility_need", "questions")
    return {name: form.cleaned_data[name] for name in fields}


def _closed_message(event, now) -> str:
    if event.is_cancelled:
        return _("Cet événement a été annulé : les inscriptions sont fermées.")
    if event.is_past(now):
        return _("Cet événement a eu lieu.")
    return _("Les inscriptions à cet événement sont closes.")


@require_safe
def event_ics(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    event = selectors.get_public_event(consultation, event_slug)
    response = HttpResponse(ical.invitation(event), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    events = selectors.public_events(consultation).order_by("starts_at", "pk")
    return HttpResponse(
        ical.feed(events, name=_("Webinaires — %(title)s") % {"title": consultation.title}),
        content_type=CALENDAR_TYPE,
    )


@require_safe
def theme_feed(request: HttpRequest, slug: str, theme_slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    theme = consultation_selectors.get_public_theme(consultation, theme_slug)
    events = selectors.public_events(consultation).filter(themes=theme).order_by("starts_at", "pk")
    return HttpResponse(
        ical.feed(events, name=_("Webinaires — %(title)s") % {"title": theme.title}),
        content_type=CALENDAR_TYPE,
    )


FILES = {
    "replay": ("replay_file", None),
    "support": ("slides", None),
    "sous-titres": ("captions", "text/vtt; charset=utf-8"),
}


@require_safe
def event_file(request: HttpRequest, slug: str, event_slug: str, kind: str) -> FileResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    event = selectors.get_public_event(consultation, event_slug)
    if kind not in FILES or event.replay_published_at is None:
        raise Http404
    field, content_type = FILES[kind]
    stored = getattr(event, field)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = stored.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, filename=name, as_attachment=False)
    if content_type:
        response["Content-Type"] = content_type
    return response


# --- The links sent by e-mail -------------------------------------------------------------


def _from_token(request, token: str, purpose: str):
    """The registration a link points to, or the page that explains what is wrong."""
    try:
        key = tokens.read(token, purpose)
    except tokens.LinkExpired:
        return None, _problem(
            request,
            _("Ce lien a expiré"),
            _(
                "Ce lien n’est plus valable. Si vous souhaitez toujours participer, "
                "inscrivez-vous de nouveau depuis la page de l’événement : un nouveau lien "
                "vous sera envoyé."
            ),
            status=410,
        )
    except tokens.LinkInvalid:
        return None, _problem(
            request,
            _("Ce lien n’est pas valide"),
            _(
                "Ce lien est incomplet ou a été modifié. Copiez-le en entier depuis le message "
                "reçu, ou inscrivez-vous de nouveau depuis la page de l’événement."
            ),
            status=400,
        )
    registration = selectors.registration_by_key(key)
    if registration is None:
        return None, _problem(
            request,
            _("Inscription introuvable"),
            _("Cette inscription n’existe plus. Inscrivez-vous de nouveau si vous le souhaitez."),
            status=404,
        )
    return registration, None


def _problem(request, title: str, text: str, *, status: int) -> HttpResponse:
    return render(
        request, "events/link_problem.html", {"title": title, "text": text}, status=status
    )


def _registration_context(registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "consultation": event.consultation,
        "when": when(event.starts_at, event.ends_at),
        "show_join": join_link_visible(registration),
        "rank": waiting_rank(registration)
        if registration.status == RegistrationStatus.WAITING and registration.waiting_since
        else None,
        "cancel_token": tokens.make(registration, tokens.CANCEL),
    }


@private_page
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("token", methods=("GET", "POST"))
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner opening the link confirms nothing), POST confirms."""
    registration, problem = _from_token(request, token, tokens.CONFIRM)
    if problem:
        return problem
    if request.method == "POST":
        try:
            registration = actions.confirm(key=registration.key)
        except actions.RegistrationRefused as refused:
            return _problem(request, _("Confirmation impossible"), refused.message, status=409)
        return redirect("events:registration", token=tokens.make(registration, tokens.ACCESS))
    if registration.confirmed_at is not None or registration.status == RegistrationStatus.CANCELLED:
        return redirect("events:registration", token=tokens.make(registration, tokens.ACCESS))
    return render(request, "events/confirm.html", _registration_context(registration))


@private_page
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("token", methods=("GET", "POST"))
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the e-mail shows what will be cancelled; the button cancels."""
    registration, problem = _from_token(request, token, tokens.CANCEL)
    if problem:
        return problem
    if request.method == "POST":
        registration = actions.cancel(key=registration.key)
        return render(request, "events/cancelled.html", _registration_context(registration))
    if registration.status == RegistrationStatus.CANCELLED:
        return render(request, "events/cancelled.html", _registration_context(registration))
    return render(request, "events/cancel.html", _registration_context(registration))


@private_page
@never_cache
@require_safe
@ratelimit("token", methods=("GET",))
def registration(request: HttpRequest, token: str) -> HttpResponse:
    registration, problem = _from_token(request, token, tokens.ACCESS)
    if problem:
        return problem
    return render(request, "events/registration.html", _registration_context(registration))
