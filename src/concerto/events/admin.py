"""Events in the back office: the event form, and the manager's pages of one event
(registrations, waiting list, attendance, CSV, replay, message to registrants) hosted as
admin views (``staff_views``), each asking ``consultations.access.can_manage``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concerto.consultations.access import can_manage, managed_consultations
from concerto.core.forms import TypedTextAdminMixin

from . import actions, staff_views
from .models import REMINDER_CHOICES, Event


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    reminder_offsets = forms.TypedMultipleChoiceField(
        label=_("rappels"),
        choices=REMINDER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Envoyés aux inscrits confirmés ; rien n’est envoyé après le début."),
    )

    class Meta:
        model = Event
        formfield_callback = _formfield
        fields = [
            "consultation",
            "title",
            "slug",
            "themes",
            "description",
            "audience",
            "is_published",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "joining_url",
            "join_link_shown_before",
            "capacity",
            "registration_deadline",
            "reminder_offsets",
            "has_captions",
            "has_sign_language",
            "accessibility_notes",
            "cancellation_reason",
            "replay_url",
            "replay_file",
            "slides",
            "captions",
            "transcript",
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin de l’événement doit suivre son début."))
        deadline = cleaned.get("registration_deadline")
        if deadline and starts and deadline > starts:
            self.add_error(
                "registration_deadline",
                _("La clôture des inscriptions ne peut pas suivre le début de l’événement."),
            )
        consultation = cleaned.get("consultation")
        themes = cleaned.get("themes")
        if consultation and themes and any(t.consultation_id != consultation.pk for t in themes):
            self.add_error("themes", _("Choisissez des thématiques de la même consultation."))
        return cleaned


@admin.register(Event)
class EventAdmin(TypedTextAdminMixin, admin.ModelAdmin):
    form = EventForm
    single_line_fields = ("title", "audience", "place")
    multi_line_fields = ("description", "accessibility_notes", "cancellation_reason", "transcript")
    list_display = ["title", "consultation", "starts_at", "is_published", "state", "manage_link"]
    list_filter = ["consultation", "is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    list_select_related = ["consultation"]
    readonly_fields = ["announced_at", "cancelled_at", "replay_published_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "consultation",
                    "title",
                    "slug",
                    "themes",
                    "description",
                    "audience",
                    "is_published",
                ]
            },
        ),
        (
            _("Date, lieu, accès"),
            {
                "fields": [
                    "starts_at",
                    "ends_at",
                    "format",
                    "place",
                    "joining_url",
                    "join_link_shown_before",
                ]
            },
        ),
        (
            _("Inscriptions et rappels"),
            {"fields": ["capacity", "registration_deadline", "reminder_offsets"]},
        ),
        (
            _("Accessibilité"),
            {"fields": ["has_captions", "has_sign_language", "accessibility_notes"]},
        ),
        (
            _("Après l’événement"),
            {
                "fields": [
                    "replay_url",
                    "replay_file",
                    "slides",
                    "captions",
                    "transcript",
                    "replay_published_at",
                ]
            },
        ),
        (_("État"), {"fields": ["announced_at", "cancelled_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.get_internal_type() == "URLField" or db_field.name in (
            "joining_url",
            "replay_url",
        ):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(consultation__in=managed_consultations(request.user))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            kwargs["queryset"] = managed_consultations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage(request.user, obj.consultation))

    def has_delete_permission(self, request, obj=None):
        return False  # an event is cancelled (registrants are told), never deleted

    def save_model(self, request, obj, form, change):
        actions.save_event(
            event=obj, actor=request.user, changed=list(form.changed_data), created=not change
        )

    @admin.display(description=_("état"))
    def state(self, event: Event) -> str:
        if event.is_cancelled:
            return _("annulé")
        return _("replay publié") if event.replay_published_at else "—"

    @admin.display(description=_("gestion"))
    def manage_link(self, event: Event) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_event_registrations", args=[event.pk]),
            _("Inscriptions"),
        )

    def view_on_site(self, event: Event) -> str:
        return event.get_absolute_url()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:event_id>/inscriptions/",
                wrap(staff_views.registrations),
                name="events_event_registrations",
            ),
            path(
                "<int:event_id>/inscriptions.csv",
                wrap(staff_views.attendees_csv),
                name="events_event_csv",
            ),
            path(
                "<int:event_id>/questions/",
                wrap(staff_views.questions),
                name="events_event_questions",
            ),
            path(
                "<int:event_id>/message/",
                wrap(staff_views.message),
                name="events_event_message",
            ),
            *super().get_urls(),
        ]


def check_manage(request, event: Event) -> None:
    if not can_manage(request.user, event.consultation):
        raise PermissionDenied
