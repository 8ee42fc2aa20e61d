"""Building questionnaires and reading their responses in the back office.

The rules that protect answers live in ``staff_actions``; the forms here only call them
and show their French messages next to the field concerned.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from concerto.consultations.access import TeamScopedAdminMixin, can_analyse
from concerto.core.audit import ReadOnlyAdminMixin
from concerto.core.forms import TypedTextAdminMixin
from concerto.exports import views as export_views
from concerto.exports.actions import EXPORT_PERMISSION
from concerto.results.hooks import statistics_link

from . import display, engine
from .answers import submitted_answers
from .engine.text import clean_text
from .messages import render as render_message
from .models import (
    DISPLAY_ONLY_KINDS,
    AnswerChoice,
    AnswerValue,
    Choice,
    ConditionOperator,
    DisplayCondition,
    Question,
    Questionnaire,
    Response,
    ResponseStatus,
    Section,
)
from .staff_actions import (
    OTHER_CODE,
    DeletionRefused,
    PublicationRefused,
    check_choice_change,
    check_choice_deletion,
    check_question_change,
    check_question_code_unique,
    check_question_deletion,
    check_section_deletion,
    delete_choice,
    delete_condition,
    delete_question,
    delete_questionnaire,
    delete_section,
    duplicate_questionnaire,
    publication_problems,
    question_has_answers,
    record_questionnaire_change,
    set_published,
    sync_question,
)
from .structure import load, mark_structure_changed


class LabelledChoiceField(forms.ModelChoiceField):
    """A foreign-key select whose options say where they belong (« Consultation — Thème »)."""

    def __init__(self, *args, label_from=None, **kwargs):
        self._label_from = label_from
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self._label_from(obj) if self._label_from else super().label_from_instance(obj)


# --- Questionnaire -----------------------------------------------------------------------


class SectionInlineFormSet(BaseInlineFormSet):
    def clean(self):
        # Before the admin's own check of protected rows, which stops at the first one with
        # a technical message: ours says why in the manager's words.
        errors = []
        for form in self.forms:
            deleting = self._should_delete_form(form) or bool(
                form.data.get(form.add_prefix("DELETE"))
            )
            if form.instance.pk is not None and deleting:
                try:
                    check_section_deletion(form.instance)
                except DeletionRefused as refused:
                    errors.append(ValidationError(refused.message))
        if errors:
            raise ValidationError(errors)
        super().clean()


class SectionInline(TypedTextAdminMixin, admin.TabularInline):
    model = Section
    formset = SectionInlineFormSet
    extra = 0
    single_line_fields = ("title",)
    multi_line_fields = ("description",)
    fields = ["title", "description", "order", "question_links"]
    readonly_fields = ["question_links"]
    formfield_overrides = {
        # A short description: two lines rather than the default ten.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_questions=Count("questions"))

    @admin.display(description=_("questions"))
    def question_links(self, section: Section) -> str:
        if not section.pk:
            return "—"
        listing = reverse("admin:surveys_question_changelist")
        add = reverse("admin:surveys_question_add")
        count = getattr(section, "n_questions", None)
        if count is None:
            count = section.questions.count()
        return format_html(
            '<a href="{}?section__id__exact={}">{}</a> · <a href="{}?section={}">{}</a>',
            listing,
            section.pk,
            ngettext("%(n)d question", "%(n)d questions", count) % {"n": count},
            add,
            section.pk,
            _("ajouter une question"),
        )


def with_response_counts(queryset):
    """Each questionnaire's responses by status, counted on the (questionnaire, status) index.

    One correlated count per status, an index-only scan of that questionnaire's entries:
    joining the responses and grouping by the list's columns read and sorted every response
    (7 s at 100,000 responses).
    """

    def count(status):
        counted = (
            Response.objects.filter(questionnaire=OuterRef("pk"), status=status)
            .order_by()
            .values("questionnaire")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(counted), 0)

    return queryset.annotate(
        n_submitted=count(ResponseStatus.SUBMITTED),
        n_in_progress=count(ResponseStatus.IN_PROGRESS),
        n_withdrawn=count(ResponseStatus.WITHDRAWN),
    )


class StructureChangeMixin:
    """Edits of a questionnaire's structure move its ``updated_at``, which keys the copy of
    the structure that each web process keeps for participants' pages."""

    def questionnaire_id_of(self, obj) -> int:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change and obj.pk:
            # A question moved to another questionnaire changes both.
            previous = type(obj).objects.filter(pk=obj.pk).first()
            if previous is not None:
                mark_structure_changed(self.questionnaire_id_of(previous))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mark_structure_changed(self.questionnaire_id_of(form.instance))

    def delete_model(self, request, obj):
        questionnaire_id = self.questionnaire_id_of(obj)
        super().delete_model(request, obj)
        mark_structure_changed(questionnaire_id)

    def delete_queryset(self, request, queryset):
        questionnaire_ids = {self.questionnaire_id_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for questionnaire_id in questionnaire_ids:
            mark_structure_changed(questionnaire_id)


class QuestionnaireAdminForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = [
            "theme",
            "title",
            "slug",
            "is_published",
            "order",
            "introduction",
            "estimated_minutes",
            "quotes_allowed",
        ]

    def clean(self):
        cleaned = super().clean()
        # Participants are told before they answer whether they may be quoted: those who
        # answered without being told never are (concerto.publication).
        if (
            cleaned.get("quotes_allowed")
            and self.instance.pk is not None
            and not self.instance.quotes_allowed
            and self.instance.responses.exclude(status=ResponseStatus.IN_PROGRESS).exists()
        ):
            self.add_error(
                "quotes_allowed",
                _(
                    "Des participants ont déjà répondu sans avoir été informés que leurs "
                    "réponses pourraient être citées : elles ne peuvent pas le devenir."
                ),
            )
        if cleaned.get("is_published") and not self.instance.is_published:
            if self.instance.pk is None:
                self.add_error(
                    "is_published",
                    _(
                        "Enregistrez d’abord l’enquête et ses questions : elle pourra être "
                        "publiée quand elle sera complète."
                    ),
                )
            else:
                problems = publication_problems(self.instance)
                if problems:
                    self.add_error(
                        "is_published",
                        [_("L’enquête ne peut pas être publiée :")]
                        + [render_message(p.message) for p in problems],
                    )
        return cleaned


@admin.register(Questionnaire)
class QuestionnaireAdmin(
    TeamScopedAdminMixin, TypedTextAdminMixin, StructureChangeMixin, admin.ModelAdmin
):
    form = QuestionnaireAdminForm
    single_line_fields = ("title",)
    multi_line_fields = ("introduction",)
    list_display = [
        "title",
        "theme",
        "consultation",
        "is_published",
        "submitted_column",
        "in_progress_column",
        "withdrawn_column",
    ]
    list_filter = [
        ("theme__consultation", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        "is_published",
    ]
    list_select_related = ["theme__consultation"]
    search_fields = ["title", "slug", "theme__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline]
    actions = ["duplicate", "publish", "unpublish"]
    readonly_fields = [
        "preview_link",
        "response_counts",
        "export_link",
        "campaign_link",
        "structure",
        "problems",
    ]

    def questionnaire_id_of(self, questionnaire: Questionnaire) -> int:
        return questionnaire.pk

    def save_model(self, request, obj, form, change):
        # Publication goes through its action (checks and audit), once sections are saved.
        obj._wanted_published = obj.is_published
        obj.is_published = (
            Questionnaire.objects.filter(pk=obj.pk).values_list("is_published", flat=True).first()
            or False
        )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Sections are deleted through their action (a check, an audit event).
        formset.save(commit=False)
        for section in formset.deleted_objects:
            delete_section(section=section, actor=request.user)
        for section in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            section.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changed = [f for f in form.changed_data if f != "is_published"]
        for formset in formsets:
            if formset.new_objects or formset.changed_objects:
                changed.append("sections")
                break
        if changed or not change:
            record_questionnaire_change(
                questionnaire=obj, actor=request.user, created=not change, changed=changed
            )
        wanted = getattr(obj, "_wanted_published", obj.is_published)
        try:
            set_published(questionnaire=obj, published=wanted, actor=request.user)
        except PublicationRefused as refused:
            self.message_user(
                request,
                _("L’enquête n’est pas publiée : %(problems)s")
                % {"problems": " ; ".join(render_message(p.message) for p in refused.problems)},
                messages.ERROR,
            )

    @admin.display(description=_("avant de publier"))
    def problems(self, questionnaire: Questionnaire) -> str:
        if not questionnaire.pk:
            return "—"
        found = publication_problems(questionnaire)
        if not found:
            return _("Aucun problème : l’enquête peut être publiée.")
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            _("Ces problèmes empêchent de publier l’enquête :"),
            format_html_join("", "<li>{}</li>", ((render_message(p.message),) for p in found)),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["theme", "title", "slug", "is_published", "order"]}),
            (
                _("Présentation"),
                {"fields": ["introduction", "estimated_minutes", "quotes_allowed"]},
            ),
        ]
        if obj is not None:
            fieldsets[0][1]["fields"] += ["preview_link", "problems"]
            answers = ["response_counts"]
            if request.user.has_perm(EXPORT_PERMISSION):
                answers.append("export_link")
            if can_analyse(request.user, obj.theme.consultation):
                answers.append("campaign_link")
            fieldsets.append((_("Réponses"), {"fields": answers}))
            fieldsets.append((_("Questions"), {"fields": ["structure"]}))
        return fieldsets

    def get_queryset(self, request):
        # The changelist's response counts come with its one query, not one per row.
        return with_response_counts(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            kwargs["queryset"] = db_field.related_model.objects.select_related("consultation")
            kwargs["form_class"] = LabelledChoiceField
            kwargs["label_from"] = lambda theme: f"{theme.consultation} — {theme}"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("consultation"), ordering="theme__consultation__title")
    def consultation(self, questionnaire: Questionnaire) -> str:
        return str(questionnaire.theme.consultation)

    @admin.display(description=_("envoyées"), ordering="n_submitted")
    def submitted_column(self, questionnaire: Questionnaire) -> int:
        return questionnaire.n_submitted

    @admin.display(description=_("en cours"), ordering="n_in_progress")
    def in_progress_column(self, questionnaire: Questionnaire) -> int:
        return questionnaire.n_in_progress

    @admin.display(description=_("retirées"), ordering="n_withdrawn")
    def withdrawn_column(self, questionnaire: Questionnaire) -> int:
        return questionnaire.n_withdrawn

    @admin.display(description=_("aperçu"))
    def preview_link(self, questionnaire: Questionnaire) -> str:
        try:
            url = reverse("surveys:preview", args=[questionnaire.pk])
        except NoReverseMatch:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Prévisualiser l’enquête")
        )

    @admin.display(description=_("réponses"))
    def response_counts(self, questionnaire: Questionnaire) -> str:
        if not questionnaire.pk:
            return "—"
        if not hasattr(questionnaire, "n_submitted"):
            questionnaire = with_response_counts(Questionnaire.objects).get(pk=questionnaire.pk)
        listing = reverse("admin:surveys_response_changelist")
        return format_html(
            '{} · {} · {} — <a href="{}?questionnaire__id__exact={}">{}</a>',
            ngettext("%(n)d envoyée", "%(n)d envoyées", questionnaire.n_submitted)
            % {"n": questionnaire.n_submitted},
            ngettext("%(n)d en cours", "%(n)d en cours", questionnaire.n_in_progress)
            % {"n": questionnaire.n_in_progress},
            ngettext("%(n)d retirée", "%(n)d retirées", questionnaire.n_withdrawn)
            % {"n": questionnaire.n_withdrawn},
            listing,
            questionnaire.pk,
            _("voir les réponses"),
        )

    @admin.display(description=_("export"))
    def export_link(self, questionnaire: Questionnaire) -> str:
        url = reverse("admin:surveys_questionnaire_exports", args=[questionnaire.pk])
        return format_html(
            # One paragraph per link: stacked by a line break, they were too close to tap.
            '<p><a href="{}">{}</a> <span class="help">{}</span></p><p><a href="{}">{}</a></p>',
            url,
            _("Exporter les réponses envoyées (CSV ou Excel)"),
            _("Préparé en arrière-plan, avec son codebook ; sans adresse électronique."),
            *statistics_link(questionnaire.pk),
        )

    @admin.display(description=_("signaux de campagne"))
    def campaign_link(self, questionnaire: Questionnaire) -> str:
        return format_html(
            '<a href="{}">{}</a> <span class="help">{}</span>',
            reverse("protection_campaign_signals", args=[questionnaire.pk]),
            _("Voir les signaux de campagne"),
            _("Envois par source et par heure, textes identiques."),
        )

    @admin.display(description=_("questions de l’enquête"))
    def structure(self, questionnaire: Questionnaire) -> str:
        if not questionnaire.pk:
            return "—"
        questions = (
            Question.objects.filter(section__questionnaire=questionnaire)
            .select_related("section")
            .order_by("section__order", "section__pk", "order", "pk")
        )
        if not questions:
            return _("Aucune question : ajoutez une section, puis ses questions.")
        rows = []
        section = None
        for question in questions:
            if question.section_id != getattr(section, "pk", None):
                section = question.section
                rows.append(format_html('<tr><th colspan="4">{}</th></tr>', section.title))
            rows.append(
                format_html(
                    '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>',
                    reverse("admin:surveys_question_change", args=[question.pk]),
                    question.code,
                    question.label[:120],
                    question.get_kind_display(),
                    _("obligatoire") if question.required else "",
                )
            )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("code"),
            _("libellé"),
            _("type"),
            _("obligatoire"),
            format_html_join("", "{}", ((row,) for row in rows)),
        )

    @admin.action(description=_("Dupliquer"), permissions=["add"])
    def duplicate(self, request, queryset):
        for questionnaire in queryset:
            copy = duplicate_questionnaire(questionnaire=questionnaire, by_user=request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Copie créée, non publiée :"),
                    reverse("admin:surveys_questionnaire_change", args=[copy.pk]),
                    copy.title,
                ),
                messages.SUCCESS,
            )

    def delete_model(self, request, obj):
        delete_questionnaire(questionnaire=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for questionnaire in queryset:
            try:
                delete_questionnaire(questionnaire=questionnaire, actor=request.user)
            except DeletionRefused as refused:
                self.message_user(request, refused.message, messages.ERROR)

    @admin.action(description=_("Publier"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, published=True)

    @admin.action(description=_("Dépublier"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, published=False)

    def _set_published(self, request, queryset, *, published: bool) -> None:
        done = 0
        for questionnaire in queryset.order_by("pk"):
            try:
                set_published(questionnaire=questionnaire, published=published, actor=request.user)
            except PublicationRefused as refused:
                self.message_user(
                    request,
                    format_html(
                        "{} <ul>{}</ul>",
                        _("« %(title)s » n’est pas publiée :") % {"title": questionnaire.title},
                        format_html_join(
                            "",
                            "<li>{}</li>",
                            ((render_message(p.message),) for p in refused.problems),
                        ),
                    ),
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                (
                    ngettext("%(n)d enquête publiée.", "%(n)d enquêtes publiées.", done)
                    if published
                    else ngettext("%(n)d enquête dépubliée.", "%(n)d enquêtes dépubliées.", done)
                )
                % {"n": done},
                messages.SUCCESS,
            )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:questionnaire_id>/exports/",
                self.admin_site.admin_view(export_views.questionnaire_exports),
                name="{}_{}_exports".format(*info),
            ),
            path(
                "<int:questionnaire_id>/exports/<int:export_id>/",
                self.admin_site.admin_view(export_views.download),
                name="{}_{}_export_download".format(*info),
            ),
            *super().get_urls(),
        ]


# --- Questions ---------------------------------------------------------------------------


class ChoiceInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        errors = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            code = form.cleaned_data.get("code")
            if code == OTHER_CODE and not self._should_delete_form(form):
                errors.append(
                    ValidationError(
                        _(
                            "Le code « autre » est réservé à l’option « Autre (précisez) » : "
                            "cochez cette option plutôt que d’ajouter ce choix."
                        )
                    )
                )
            if form.instance.pk is None:
                continue
            # The admin's own check of protected rows removes DELETE from cleaned_data with a
            # technical message; ours says why in the manager's words.
            deleting = self._should_delete_form(form) or bool(
                form.data.get(form.add_prefix("DELETE"))
            )
            try:
                if deleting:
                    check_choice_deletion(form.instance)
                elif {"code", "is_row"} & set(form.changed_data):
                    check_choice_change(
                        form.instance,
                        new_code=code,
                        new_is_row=form.cleaned_data.get("is_row", False),
                    )
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)


class ChoiceInline(TypedTextAdminMixin, admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    extra = 0
    single_line_fields = ("label",)
    fields = ["label", "code", "is_row", "score", "order"]
    prepopulated_fields = {"code": ["label"]}
    verbose_name_plural = _("choix (et lignes des tableaux)")

    def get_queryset(self, request):
        # « Autre (précisez) » is kept by the question's option, not edited as a choice.
        return super().get_queryset(request).filter(is_other=False)


class DisplayConditionForm(forms.ModelForm):
    """Values typed as codes separated by commas, checked against the answers they compare.

    The checks before publishing say the same of conditions made elsewhere; here the manager
    is told next to the field, before the condition is saved.
    """

    values = forms.CharField(
        label=_("valeurs"),
        required=False,
        help_text=_(
            "Codes des choix attendus, séparés par des virgules (« oui », « non » pour une "
            "question oui / non ; un nombre pour une échelle). Vide pour « a reçu une réponse »."
        ),
    )

    class Meta:
        model = DisplayCondition
        fields = ["depends_on", "operator", "values"]

    def __init__(self, *args, parent: Question | None = None, shared=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The question as the manager is saving it (its section and order may be changing).
        self.parent = parent
        self.shared = shared if shared is not None else {}
        # The questions to choose from are read once for every condition of the page.
        field = self.fields["depends_on"]
        if "choices" not in self.shared:
            self.shared["choices"] = list(iter(field.choices))  # iter: no COUNT query
        field.widget.choices = self.shared["choices"]
        if self.instance.pk:
            self.initial["values"] = ", ".join(str(v) for v in self.instance.values)

    def clean_values(self) -> list[str]:
        raw = clean_text(self.cleaned_data.get("values", ""), multiline=False)
        return [v.strip() for v in raw.replace("\n", ",").split(",") if v.strip()]

    def clean(self):
        data = super().clean()
        source, operator, values = (
            data.get("depends_on"),
            data.get("operator"),
            data.get("values", []),
        )
        if source is None or operator is None:
            return data
        if self.parent is not None and position(source) >= position(self.parent):
            self.add_error(
                "depends_on",
                _(
                    "« %(source)s » ne vient pas avant cette question : une condition ne peut "
                    "porter que sur une question précédente (déplacez l’une ou l’autre)."
                )
                % {"source": source.code},
            )
            return data
        allowed_operators = engine.kind(source.kind).operators
        if operator not in allowed_operators:
            self.add_error(
                "operator",
                _(
                    "« %(operator)s » n’est pas possible sur une question « %(kind)s » ; "
                    "choisissez : %(allowed)s."
                )
                % {
                    "operator": ConditionOperator(operator).label,
                    "kind": source.get_kind_display(),
                    "allowed": ", ".join(
                        f"« {ConditionOperator(o).label} »" for o in allowed_operators
                    ),
                },
            )
            return data
        if operator == ConditionOperator.ANSWERED:
            if values:
                self.add_error("values", _("« A reçu une réponse » ne prend pas de valeur."))
            return data
        if not values:
            self.add_error("values", _("Indiquez au moins une valeur à comparer."))
            return data
        if operator == ConditionOperator.EQUALS and len(values) > 1:
            self.add_error(
                "values",
                _(
                    "« Est égal à » compare une seule valeur ; pour plusieurs, choisissez "
                    "« est l’un de »."
                ),
            )
            return data
        allowed = self.allowed_values(source)
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            self.add_error(
                "values",
                _(
                    "Ces valeurs ne sont pas des réponses possibles à « %(q)s » : %(v)s. "
                    "Valeurs possibles : %(allowed)s."
                )
                % {"q": source.code, "v": ", ".join(unknown), "allowed": ", ".join(allowed)},
            )
        return data

    def allowed_values(self, question: Question) -> list[str] | None:
        """The answers a condition on ``question`` can compare with; None when free (text…).

        The questionnaire's structure is read once for all the conditions of the page."""
        key = ("questionnaire", question.section.questionnaire_id)
        if key not in self.shared:
            self.shared[key] = load(key[1])
        definition = self.shared[key].by_code.get(question.code)
        if definition is None:
            return None
        return engine.kind(question.kind).condition_values(definition)


def position(question: Question) -> tuple:
    """Where a question comes in its questionnaire: the order participants meet it."""
    return (question.section.order, question.section.pk, question.order, question.pk or 0)


class DisplayConditionFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_shared"):
            self._shared = {}
        return {**kwargs, "parent": self.instance, "shared": self._shared}


class DisplayConditionInline(admin.TabularInline):
    model = DisplayCondition
    form = DisplayConditionForm
    formset = DisplayConditionFormSet
    fk_name = "question"
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only an answerable question of the same questionnaire can decide the display.
        field = formset.form.base_fields["depends_on"]
        if obj is not None:
            field.queryset = (
                Question.objects.filter(section__questionnaire_id=obj.section.questionnaire_id)
                .exclude(pk=obj.pk)
                .exclude(kind__in=DISPLAY_ONLY_KINDS)
                .select_related("section")
                .order_by("section__order", "section__pk", "order", "pk")
            )
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("depends_on")


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "code",
            "label",
            "help_text",
            "required",
            "order",
            "max_length",
            "min_choices",
            "max_choices",
            "min_value",
            "max_value",
            "has_other",
        ]

    def clean(self):
        cleaned = super().clean()
        section = cleaned.get("section")
        try:
            check_question_change(
                self.instance,
                cleaned.get("kind", self.instance.kind),
                new_has_other=cleaned.get("has_other"),
                new_section=section,
            )
        except ValidationError as error:
            self.add_error(None, error)
        if section is not None and cleaned.get("code"):
            try:
                check_question_code_unique(
                    questionnaire_id=section.questionnaire_id,
                    code=cleaned["code"],
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def answered_expression():
    """Whether the question (``OuterRef("pk")``) has submitted answers: one index probe each.

    ``EXISTS`` would let PostgreSQL pick a sequential scan (it expects a match within a few
    rows), which reads the whole table for every question without answers: 20 s for the
    question list at 100,000 responses. Asking for the first row in the order of an index
    that starts with the question leaves it only the index.
    """

    def first(model, then):
        # Column names, not relations: ordering by a relation would join its table and
        # sort by its own ordering.
        return Subquery(
            model.objects.filter(question=OuterRef("pk"))
            .order_by("question_id", then)
            .values("question_id")[:1]
        )

    return IsNull(
        Coalesce(first(AnswerChoice, "choice_id"), first(AnswerValue, "response_id")), False
    )


@admin.register(Question)
class QuestionAdmin(
    TeamScopedAdminMixin, TypedTextAdminMixin, StructureChangeMixin, admin.ModelAdmin
):
    form = QuestionAdminForm
    multi_line_fields = ("label", "help_text")
    list_display = [
        "code",
        "short_label",
        "kind",
        "section",
        "questionnaire",
        "required",
        "order",
        "answer_count",
    ]
    list_display_links = ["code", "short_label"]
    list_filter = [("section__questionnaire", admin.RelatedOnlyFieldListFilter), "kind", "required"]
    # « questionnaire » in list_display is the question's own foreign key (a field wins
    # over a method of the same name): selected with the row, not one query per row.
    list_select_related = ["section", "questionnaire"]
    search_fields = ["code", "label"]
    inlines = [ChoiceInline, DisplayConditionInline]
    readonly_fields = ["answer_count"]
    fieldsets = [
        (None, {"fields": ["section", "kind", "code", "label", "help_text", "required", "order"]}),
        (
            _("Limites"),
            {
                "fields": [
                    "max_length",
                    "min_choices",
                    "max_choices",
                    "min_value",
                    "max_value",
                    "has_other",
                ]
            },
        ),
        (_("Réponses"), {"fields": ["answer_count"]}),
    ]

    def questionnaire_id_of(self, question: Question) -> int:
        return question.section.questionnaire_id

    def save_model(self, request, obj, form, change):
        obj.questionnaire_id = obj.section.questionnaire_id
        obj._previous_kind = (
            Question.objects.filter(pk=obj.pk).values_list("kind", flat=True).first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Choices and conditions are deleted through their actions (a check, an audit event).
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, Choice):
                delete_choice(choice=obj, actor=request.user)
            else:
                delete_condition(condition=obj, actor=request.user)
        for obj in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            obj.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_question(
            question=form.instance,
            actor=request.user,
            previous_kind=getattr(form.instance, "_previous_kind", None),
            created=not change,
        )

    def delete_model(self, request, obj):
        delete_question(question=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for question in queryset.select_related("section"):
            try:
                delete_question(question=question, actor=request.user)
            except DeletionRefused as refused:
                self.message_user(request, refused.message, messages.ERROR)

    def get_queryset(self, request):
        # Whether a question has answers, not how many: an index probe per row, whatever the
        # number of responses (a count would read every answer at a million submissions).
        return super().get_queryset(request).annotate(has_answers=answered_expression())

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            # A condition points to another question of the same questionnaire, which is
            # only known once the question is saved in its section.
            inlines = [i for i in inlines if not isinstance(i, DisplayConditionInline)]
        return inlines

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.select_related("questionnaire").order_by(
                "questionnaire__pk", "order", "pk"
            )
            kwargs["form_class"] = LabelledChoiceField
            kwargs["label_from"] = lambda section: f"{section.questionnaire} — {section}"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("libellé"))
    def short_label(self, question: Question) -> str:
        return question.label if len(question.label) <= 80 else f"{question.label[:79]}…"

    @admin.display(description=_("réponses"), ordering="has_answers")
    def answer_count(self, question: Question) -> str:
        if not question.pk:
            return "—"
        answered = getattr(question, "has_answers", None)
        if answered is None:
            answered = question_has_answers(question)
        if not answered:
            return _("aucune")
        return _(
            "Des réponses sont enregistrées : le type, les codes des choix et l’option « Autre » "
            "ne peuvent plus être modifiés ; les libellés, si."
        )

    def delete_view(self, request, object_id, extra_context=None):
        question = self.get_object(request, unquote(object_id))
        try:
            if question is not None:
                check_question_deletion(question)
        except DeletionRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:surveys_question_change", args=[question.pk])
            )
        return super().delete_view(request, object_id, extra_context)


# --- Responses ---------------------------------------------------------------------------


@admin.register(Response)
class ResponseAdmin(TeamScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Responses are read here, never written: only participants change their answers."""

    scope_role = "analyse"  # the consultation's analysts read its responses too

    list_display = [
        "number",
        "questionnaire",
        "status",
        "profile_label",
        "created_at",
        "submitted_at",
        "edited_at",
        "withdrawn_at",
    ]
    list_display_links = ["number"]
    list_filter = [
        ("questionnaire", admin.RelatedOnlyFieldListFilter),
        "status",
        ("profile", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "submitted_at"
    list_select_related = ["questionnaire", "profile"]
    # The participant's token and e-mail address are deliberately absent.
    fields = [
        "questionnaire",
        "status",
        "profile_label",
        "organisation",
        "departement",
        "created_at",
        "submitted_at",
        "edited_at",
        "withdrawn_at",
        "answers_table",
    ]
    readonly_fields = fields

    @admin.display(description=_("n°"), ordering="pk")
    def number(self, response: Response) -> int:
        return response.pk

    @admin.display(description=_("profil à l’envoi"), ordering="profile__label")
    def profile_label(self, response: Response) -> str:
        return response.profile.label if response.profile else "—"

    @admin.display(description=_("organisation"))
    def organisation(self, response: Response) -> str:
        return response.participant.organisation_name or "—"

    @admin.display(description=_("département"))
    def departement(self, response: Response) -> str:
        return response.departement or "—"

    @admin.display(description=_("réponses aux questions"))
    def answers_table(self, response: Response) -> str:
        definition = load(response.questionnaire_id)
        answers = submitted_answers(response, definition)
        rows = []
        section = None
        for question in definition.answerable:
            if question.section != section:
                section = question.section
                rows.append(
                    format_html(
                        '<tr><th colspan="2">{}</th></tr>', definition.sections[section].title
                    )
                )
            lines = display.display_lines(question, answers.get(question.code))
            rendered = (
                format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
                if lines
                else format_html("<em>{}</em>", _("sans réponse"))
            )
            rows.append(
                format_html(
                    '<tr><td><strong>{}</strong><br><span class="help">{}</span></td>'
                    '<td class="concerto-pre-line">{}</td></tr>',
                    question.label,
                    question.code,
                    rendered,
                )
            )
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("question"),
            _("réponse"),
            format_html_join("", "{}", ((row,) for row in rows)),
        )
