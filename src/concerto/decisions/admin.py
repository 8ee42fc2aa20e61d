from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.translation import gettext_lazy as _

from concerto.consultations.access import can_manage, managed_consultations
from concerto.core.audit import AuditedAdminMixin, ReadOnlyAdminMixin
from concerto.core.forms import TypedTextAdminMixin

from . import actions, views
from .forms import DecisionAdminForm, EvidenceAdminForm
from .models import Decision, DecisionUpdate, Evidence


class EvidenceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Set by DecisionAdmin.save_form once the decision's own form is valid: the themes
        # chosen in this same submission, which the evidence must belong to.
        themes = getattr(self.instance, "_chosen_themes", None)
        if themes is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form):
                continue
            try:
                actions.check_evidence(
                    themes=themes,
                    question=data.get("question"),
                    figure_key=data.get("figure_key", ""),
                    quote=data.get("quote"),
                    free_text_theme=data.get("free_text_theme"),
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    form.add_error(name, messages)


class EvidenceInline(TypedTextAdminMixin, admin.StackedInline):
    model = Evidence
    form = EvidenceAdminForm
    formset = EvidenceFormSet
    single_line_fields = ("figure_key",)
    multi_line_fields = ("note",)
    extra = 0
    verbose_name = _("élément de « Ce que vous nous avez dit »")
    verbose_name_plural = _(
        "Ce que vous nous avez dit (questions, chiffres, citations, thèmes des réponses libres)"
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        managed = managed_consultations(request.user)
        if db_field.name == "question":
            field.queryset = (
                field.queryset.filter(questionnaire__theme__consultation__in=managed)
                .select_related("questionnaire__theme")
                .order_by(
                    "questionnaire__theme__order", "questionnaire__order", "section__order", "order"
                )
            )
            field.label_from_instance = lambda q: (
                f"{q.questionnaire.theme.title} — {q.code} — {q.label[:80]}"
            )
        elif db_field.name == "quote":
            field.queryset = (
                field.queryset.filter(results__theme__consultation__in=managed)
                .select_related("results__theme")
                .order_by("results__theme__order", "order", "pk")
            )
            field.label_from_instance = lambda quote: (
                f"{quote.results.theme.title} — « {quote.text[:100]} »"
            )
        elif db_field.name == "free_text_theme":
            field.queryset = (
                field.queryset.filter(
                    analysis__question__questionnaire__theme__consultation__in=managed
                )
                .select_related("analysis__question__questionnaire__theme")
                .order_by(
                    "analysis__question__questionnaire__theme__order",
                    "analysis__question__questionnaire__order",
                    "analysis__question__order",
                    "position",
                    "pk",
                )
            )
            field.label_from_instance = lambda theme: (
                f"{theme.analysis.question.questionnaire.theme.title} — "
                f"{theme.analysis.question.code} — « {theme.label} »"
            )
        return field


class TimelineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionUpdate
    fields = ["date", "status", "progress", "note", "author"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = _("Historique des mises à jour")


@admin.register(Decision)
class DecisionAdmin(TypedTextAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = DecisionAdminForm
    change_list_template = "decisions/admin/decision_change_list.html"
    single_line_fields = ("title", "service")
    multi_line_fields = ("description", "status_reason")
    list_display = ["title", "consultation", "status", "progress", "service", "is_published"]
    list_filter = ["consultation", "status", "is_published", "themes"]
    search_fields = ["title", "service"]
    filter_horizontal = ["themes"]
    inlines = [EvidenceInline, TimelineInline]
    fieldsets = [
        (None, {"fields": ["consultation", "title", "description", "themes", "service"]}),
        (_("Publication"), {"fields": ["is_published", "order"]}),
        (
            _("Statut et avancement"),
            {
                "fields": ["status", "progress", "status_reason", "update_note", "update_date"],
                "description": _(
                    "Chaque changement de statut ou d’avancement ajoute une entrée datée à "
                    "l’historique public de la décision. Pour mettre à jour plusieurs décisions "
                    "à la fois, importez un fichier CSV depuis la liste des décisions."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(consultation__in=managed_consultations(request.user))
            .select_related("consultation")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            kwargs["queryset"] = managed_consultations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "themes":
            field.queryset = field.queryset.filter(
                consultation__in=managed_consultations(request.user)
            ).select_related("consultation")
            field.label_from_instance = lambda t: f"{t.consultation.title} — {t.title}"
        return field

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage(request.user, obj.consultation))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_manage(request.user, obj.consultation))

    def save_form(self, request, form, change):
        decision = super().save_form(request, form, change)
        decision._chosen_themes = list(form.cleaned_data["themes"])
        return decision

    def save_model(self, request, obj, form, change):
        # The action is the door: it checks, dates the timeline entry and audits.
        actions.save_decision(
            decision=obj,
            themes=form.cleaned_data["themes"],
            actor=request.user,
            note=form.cleaned_data.get("update_note") or "",
            date=form.cleaned_data.get("update_date"),
        )

    def save_related(self, request, form, formsets, change):
        # The themes were set by the action; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "avancement/",
                self.admin_site.admin_view(views.progress_import_choice),
                name="{}_{}_import_choice".format(*info),
            ),
            path(
                "avancement/<int:consultation_id>/",
                self.admin_site.admin_view(views.progress_import),
                name="{}_{}_import".format(*info),
            ),
            path(
                "avancement/<int:consultation_id>/modele.csv",
                self.admin_site.admin_view(views.progress_template),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]
