"""Reads of consultation content, scoped to what the public may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Consultation, Document, Page, Theme


def published_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.published()


def featured_consultation() -> Consultation | None:
    """The consultation the home page presents: the one marked, else the newest."""
    return published_consultations().first()


def get_public_consultation(slug: str) -> Consultation:
    return get_object_or_404(published_consultations(), slug=slug)


def consultation_page_data(consultation: Consultation) -> dict:
    """Everything the consultation's home shows, in a fixed number of queries."""
    return {
        "consultation": consultation,
        "profiles": list(consultation.profiles.all()),
        "themes": list(consultation.themes.visible()),
        "documents": list(consultation.documents.filter(theme__isnull=True)),
    }


def get_public_theme(consultation: Consultation, theme_slug: str) -> Theme:
    return get_object_or_404(consultation.themes.visible(), slug=theme_slug)


def published_questionnaires(theme: Theme) -> list:
    """The theme's questionnaires open to the public (the surveys app owns the model)."""
    if not theme.is_published:
        return []
    return list(theme.questionnaires.filter(is_published=True))


def get_public_page(consultation: Consultation, page_slug: str) -> Page:
    return get_object_or_404(consultation.pages.filter(is_published=True), slug=page_slug)


def visible_documents(consultation: Consultation) -> QuerySet[Document]:
    """The consultation's documents, less those of its draft themes."""
    return consultation.documents.filter(Q(theme__isnull=True) | Q(theme__is_published=True))


def get_public_document(pk: int) -> Document:
    return get_object_or_404(
        Document.objects.select_related("consultation")
        .filter(consultation__is_published=True)
        .filter(Q(theme__isnull=True) | Q(theme__is_published=True)),
        pk=pk,
    )


def menu_pages(consultation: Consultation) -> list[Page]:
    return list(consultation.pages.filter(is_published=True, show_in_menu=True))


@dataclass
class SitemapEntry:
    consultation: Consultation
    themes: list[Theme]
    pages: list[Page]


def sitemap_entries() -> list[SitemapEntry]:
    consultations = published_consultations().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.visible()),
        Prefetch("pages", queryset=Page.objects.filter(is_published=True)),
    )
    return [
        SitemapEntry(consultation=c, themes=list(c.themes.all()), pages=list(c.pages.all()))
        for c in consultations
    ]
