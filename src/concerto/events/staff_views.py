"""The manager's pages of one event, served inside the admin (``EventAdmin.get_urls`` wraps
them in ``admin_view``). Each asks ``can_manage`` for the event's consultation: 403 if not."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concerto.consultations.access import can_manage
from concerto.core.forms import MultiLineField, SingleLineField
from concerto.surveys.engine.kinds import free_text

from . import actions, selectors
from .models import Event, RegistrationStatus
from .text import when


def managed_event(request, event_id: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("consultation"), pk=event_id)
    if not can_manage(request.user, event.consultation):
        raise PermissionDenied
    return event


def _context(request, event: Event, title: str) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "subtitle": str(event),
        "opts": Event._meta,
        "event": event,
        "when": when(event.starts_at, event.ends_at),
    }


def _never_cache(response):
    add_never_cache_headers(response)
    return response


class EventActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("attendance", "attendance"), ("replay", "replay"), ("cancel", "cancel")]
    )
    reason = MultiLineField(required=False, max_length=2000)


def registrations(request, event_id: int):
    event = managed_event(request, event_id)
    here = reverse("admin:events_event_registrations", args=[event.pk])
    if request.method == "POST":
        form = EventActionForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                if action == "attendance":
                    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
                    count = actions.mark_attendance(
                        event=event, actor=request.user, present=present
                    )
                    messages.success(
                        request, _("Présence enregistrée : %(count)s personnes.") % {"count": count}
                    )
                elif action == "replay":
                    actions.publish_replay(event=event, actor=request.user)
                    messages.success(request, _("Le replay est publié sur la page de l’événement."))
                elif action == "cancel":
                    actions.cancel_event(
                        event=event, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                    messages.success(
                        request, _("L’événement est annulé ; les inscrits sont prévenus.")
                    )
            except actions.RegistrationRefused as refused:
                messages.error(request, refused.message)
            return HttpResponseRedirect(here)
    data = selectors.registrations_for_staff(event)
    context = _context(request, event, _("Inscriptions"))
    context.update(data)
    context["here"] = here
    return _never_cache(TemplateResponse(request, "events/staff/registrations.html", context))


def questions(request, event_id: int):
    event = managed_event(request, event_id)
    context = _context(request, event, _("Questions posées à l’avance"))
    context["groups"] = selectors.questions_by_theme(event)
    return _never_cache(TemplateResponse(request, "events/staff/questions.html", context))


class MessageForm(forms.Form):
    subject = SingleLineField(label=gettext_lazy("Objet"), max_length=150)
    body = MultiLineField(label=gettext_lazy("Message"), max_length=10_000, widget=forms.Textarea)


def message(request, event_id: int):
    event = managed_event(request, event_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = actions.write_to_registrants(
                event=event,
                actor=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except actions.RegistrationRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("Message envoyé à %(count)s personnes inscrites.") % {"count": sent.recipients},
            )
            return HttpResponseRedirect(
                reverse("admin:events_event_registrations", args=[event.pk])
            )
    context = _context(request, event, _("Écrire aux inscrits"))
    context["form"] = form
    context["recipients"] = selectors.confirmed_count(event)
    context["sent_messages"] = list(event.messages.all()[:20])
    return _never_cache(TemplateResponse(request, "events/staff/message.html", context))


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (as the exports of responses do)."""
    return free_text("" if value is None else str(value))


def attendees_csv(request, event_id: int):
    event = managed_event(request, event_id)
    writer = csv.writer(_Echo(), delimiter=";")
    header = [
        _("nom"),
        _("adresse électronique"),
        _("profil"),
        _("organisation"),
        _("état"),
        _("adresse confirmée"),
        _("rang en liste d’attente"),
        _("présent"),
        _("besoin d’accessibilité"),
        _("inscrit le"),
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for row in selectors.attendee_rows(event):
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
    return _never_cache(response)


__all__ = ["RegistrationStatus", "attendees_csv", "message", "questions", "registrations"]
