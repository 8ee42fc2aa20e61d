from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concerto.core.audit import AuditedAdminMixin
from concerto.core.forms import TypedTextAdminMixin
from concerto.participation.models import ParticipantProfile

from .access import TeamScopedAdminMixin, is_administrator
from .models import Consultation, Document, Page, Theme


class ParticipantProfileInline(TypedTextAdminMixin, admin.TabularInline):
    model = ParticipantProfile
    single_line_fields = ("label", "description")
    extra = 0
    fields = ["label", "description", "is_organisation", "order"]


class ThemeInline(TypedTextAdminMixin, admin.TabularInline):
    model = Theme
    single_line_fields = ("title",)
    extra = 0
    fields = ["title", "is_published", "opens_at", "closes_at", "order", "status_badge"]
    readonly_fields = ["status_badge"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # themes are created on their own page, with their introduction

    @admin.display(description=_("statut"))
    def status_badge(self, theme: Theme) -> str:
        return theme.status.label if theme.pk else "—"


@admin.register(Consultation)
class ConsultationAdmin(
    TeamScopedAdminMixin, TypedTextAdminMixin, AuditedAdminMixin, admin.ModelAdmin
):
    # Titles are quoted in e-mail subjects: single-line, without control characters.
    single_line_fields = ("title", "tagline")
    multi_line_fields = ("purpose", "why_participate", "how_to_participate")
    list_display = ["title", "is_published", "is_featured", "theme_count", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "tagline"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipantProfileInline, ThemeInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "tagline", "is_published", "is_featured"]}),
        (_("Présentation"), {"fields": ["purpose", "why_participate", "how_to_participate"]}),
        (
            _("Participation"),
            {
                "fields": [
                    "email_policy",
                    "allow_editing",
                    "personal_data_retention_months",
                    "challenge_fallback",
                ]
            },
        ),
    ]

    @admin.display(description=_("thématiques"))
    def theme_count(self, consultation: Consultation) -> int:
        return consultation.themes.count()

    def view_on_site(self, consultation: Consultation) -> str:
        return consultation.get_absolute_url()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not is_administrator(request.user):
            # Whoever creates a consultation manages it, or it would vanish from their lists.
            from concerto.workspace.actions import add_member

            add_member(consultation=obj, user=request.user, role="manager", actor=request.user)


@admin.register(Theme)
class ThemeAdmin(TeamScopedAdminMixin, TypedTextAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    single_line_fields = ("title", "summary")
    multi_line_fields = ("introduction",)
    list_display = [
        "title",
        "consultation",
        "order",
        "is_published",
        "opens_at",
        "closes_at",
        "status_label",
    ]
    list_filter = [("consultation", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["order"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["consultation"]
    fields = [
        "consultation",
        "title",
        "slug",
        "is_published",
        "summary",
        "introduction",
        "opens_at",
        "closes_at",
        "order",
    ]

    @admin.display(description=_("statut"))
    def status_label(self, theme: Theme) -> str:
        return theme.status.label


@admin.register(Document)
class DocumentAdmin(TeamScopedAdminMixin, TypedTextAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    single_line_fields = ("title", "description")
    list_display = ["title", "consultation", "theme", "file_format", "file_size", "published_at"]
    list_filter = [("consultation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["consultation", "theme"]
    search_fields = ["title", "description"]
    fields = ["consultation", "theme", "title", "description", "file", "order", "published_at"]

    @admin.display(description=_("format"))
    def file_format(self, document: Document) -> str:
        return document.format

    @admin.display(description=_("taille"))
    def file_size(self, document: Document) -> str:
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(document.size)


@admin.register(Page)
class PageAdmin(TeamScopedAdminMixin, TypedTextAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    single_line_fields = ("title",)
    multi_line_fields = ("body",)
    list_display = ["title", "consultation", "is_published", "show_in_menu", "order", "link"]
    list_filter = [("consultation", admin.RelatedOnlyFieldListFilter), "is_published"]
    list_select_related = ["consultation"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    @admin.display(description=_("adresse"))
    def link(self, page: Page) -> str:
        return format_html('<a href="{0}">{0}</a>', page.get_absolute_url())
