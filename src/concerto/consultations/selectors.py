"""Reads of consultation content, scoped to what the public may see.

What visitors read changes rarely and is read on every page: the published consultations,
their visible themes, documents, pages, profiles and the themes' public questionnaires are
loaded together (seven queries, whatever their number) and kept by each web process until
the content version moves (``concerto.core.pagecache``: any save of these models bumps it).
Pages then read them without a query. Figures that move with participation (how many took
part) are counted at most every ``PARTICIPATION_COUNT_SECONDS`` and shared through the cache.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from concerto.core import pagecache

from .models import Consultation, Document, Page, Theme


def published_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.published()


def visible_themes() -> QuerySet[Theme]:
    """Every theme a visitor may see (drafts excluded)."""
    return Theme.objects.visible()


@dataclass(frozen=True)
class ConsultationContent:
    """One published consultation as visitors see it (shared between requests: read only)."""

    consultation: Consultation
    themes: tuple[Theme, ...]
    profiles: tuple
    documents: tuple[Document, ...]  # in order; each with its theme (or None) attached
    pages: tuple[Page, ...]  # published pages
    questionnaires: dict[int, tuple] = field(default_factory=dict)  # public ones, by theme id

    @property
    def slug(self) -> str:
        return self.consultation.slug

    def theme(self, slug: str) -> Theme:
        for theme in self.themes:
            if theme.slug == slug:
                return theme
        raise Http404

    def page(self, slug: str) -> Page:
        for page in self.pages:
            if page.slug == slug:
                return page
        raise Http404

    @property
    def general_documents(self) -> list[Document]:
        return [d for d in self.documents if d.theme_id is None]

    def theme_documents(self, theme: Theme) -> list[Document]:
        return [d for d in self.documents if d.theme_id == theme.pk]

    @property
    def menu_pages(self) -> list[Page]:
        return [p for p in self.pages if p.show_in_menu]

    def theme_questionnaires(self, theme: Theme) -> list:
        return list(self.questionnaires.get(theme.pk, ()))

    def phases(self, now: datetime.datetime) -> list[Phase]:
        return consultation_phases(self.themes, now)


@dataclass(frozen=True)
class PublicContent:
    consultations: tuple[ConsultationContent, ...]  # the featured one first, then newest
    by_slug: dict[str, ConsultationContent]
    # Every future moment a theme's status changes, sorted (the page cache's bound).
    moments: tuple[datetime.datetime, ...]

    @property
    def featured(self) -> ConsultationContent | None:
        return self.consultations[0] if self.consultations else None

    def get(self, slug: str) -> ConsultationContent:
        try:
            return self.by_slug[slug]
        except KeyError:
            raise Http404 from None


def _load() -> PublicContent:
    from concerto.participation.models import ParticipantProfile
    from concerto.surveys.models import Questionnaire

    consultations = list(published_consultations())
    ids = [c.pk for c in consultations]
    by_id = {c.pk: c for c in consultations}
    themes: dict[int, list[Theme]] = {}
    theme_by_id: dict[int, Theme] = {}
    for theme in visible_themes().filter(consultation_id__in=ids):
        theme.consultation = by_id[theme.consultation_id]
        themes.setdefault(theme.consultation_id, []).append(theme)
        theme_by_id[theme.pk] = theme
    profiles: dict[int, list] = {}
    for profile in ParticipantProfile.objects.filter(consultation_id__in=ids):
        profiles.setdefault(profile.consultation_id, []).append(profile)
    documents: dict[int, list[Document]] = {}
    for document in Document.objects.filter(consultation_id__in=ids):
        if document.theme_id is not None and document.theme_id not in theme_by_id:
            continue  # a document of a hidden theme is hidden with it
        document.consultation = by_id[document.consultation_id]
        document.theme = theme_by_id.get(document.theme_id)
        documents.setdefault(document.consultation_id, []).append(document)
    pages: dict[int, list[Page]] = {}
    for page in Page.objects.filter(consultation_id__in=ids, is_published=True):
        page.consultation = by_id[page.consultation_id]
        pages.setdefault(page.consultation_id, []).append(page)
    questionnaires: dict[int, dict[int, list]] = {}
    for questionnaire in Questionnaire.objects.filter(
        theme_id__in=list(theme_by_id), is_published=True
    ).order_by("order", "pk"):
        theme = theme_by_id[questionnaire.theme_id]
        questionnaire.theme = theme
        questionnaires.setdefault(theme.consultation_id, {}).setdefault(theme.pk, []).append(
            questionnaire
        )
    contents = tuple(
        ConsultationContent(
            consultation=c,
            themes=tuple(themes.get(c.pk, ())),
            profiles=tuple(profiles.get(c.pk, ())),
            documents=tuple(documents.get(c.pk, ())),
            pages=tuple(pages.get(c.pk, ())),
            questionnaires={k: tuple(v) for k, v in questionnaires.get(c.pk, {}).items()},
        )
        for c in consultations
    )
    moments = sorted(
        {m for t in theme_by_id.values() for m in (t.opens_at, t.closes_at) if m is not None}
    )
    return PublicContent(
        consultations=contents,
        by_slug={c.slug: c for c in contents},
        moments=tuple(moments),
    )


def public_content() -> PublicContent:
    """Everything visitors may read, kept by this process until the content changes."""
    return pagecache.per_process("consultations.public-content", _load)


def next_status_change(now: datetime.datetime) -> datetime.datetime | None:
    """The next moment a visible theme opens or closes (cached pages expire then)."""
    for moment in public_content().moments:
        if moment > now:
            return moment
    return None


def featured_consultation() -> Consultation | None:
    """The consultation the home page presents: the one marked, else the newest."""
    featured = public_content().featured
    return featured.consultation if featured else None


def get_public_consultation(slug: str) -> Consultation:
    return public_content().get(slug).consultation


def consultation_page_data(consultation: Consultation) -> dict:
    """Everything the consultation's home shows (no query once loaded)."""
    content = public_content().get(consultation.slug)
    return {
        "consultation": content.consultation,
        "content": content,
        "profiles": list(content.profiles),
        "themes": list(content.themes),
        "documents": content.general_documents,
    }


def get_public_theme(consultation: Consultation, theme_slug: str) -> Theme:
    return public_content().get(consultation.slug).theme(theme_slug)


def published_questionnaires(theme: Theme) -> list:
    """The theme's questionnaires open to the public (the surveys app owns the model)."""
    return public_content().get(theme.consultation.slug).theme_questionnaires(theme)


def get_public_page(consultation: Consultation, page_slug: str) -> Page:
    return public_content().get(consultation.slug).page(page_slug)


def visible_documents(consultation: Consultation) -> QuerySet[Document]:
    """The consultation's documents, less those of its draft themes."""
    return consultation.documents.filter(Q(theme__isnull=True) | Q(theme__is_published=True))


def get_public_document(pk: int) -> Document:
    document = (
        Document.objects.select_related("consultation", "theme")
        .filter(consultation__is_published=True, pk=pk)
        .first()
    )
    visible = {t.pk for c in public_content().consultations for t in c.themes}
    if document is None or (document.theme_id is not None and document.theme_id not in visible):
        raise Http404
    return document


def menu_pages(consultation: Consultation) -> list[Page]:
    return public_content().get(consultation.slug).menu_pages


def participant_count(consultation: Consultation) -> int:
    """How many people submitted at least one response (counted every few minutes)."""
    from concerto.surveys.models import Response, ResponseStatus

    def count() -> int:
        return (
            Response.objects.filter(
                questionnaire__theme__consultation_id=consultation.pk,
                status=ResponseStatus.SUBMITTED,
            )
            .values("participant_id")
            .distinct()
            .count()
        )

    return cache.get_or_set(
        f"concerto:participants:{consultation.pk}", count, settings.PARTICIPATION_COUNT_SECONDS
    )


# --- the consultation's phases ---------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    key: str  # announced, contributions, analysis
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    current: bool
    done: bool


def consultation_phases(themes, now: datetime.datetime) -> list[Phase]:
    """Announcement, contributions (first opening to last closing), then analysis."""
    opens = [t.opens_at for t in themes if t.opens_at is not None]
    first_open = min(opens) if opens else None
    closes = [t.closes_at for t in themes]
    # Contributions end when the last theme closes; a theme without a closing date (or
    # without an opening date yet) keeps them going.
    last_close = (
        max(closes) if themes and all(c is not None for c in closes) and first_open else None
    )
    if first_open is None or now < first_open:
        current = "announced"
    elif last_close is None or now < last_close:
        current = "contributions"
    else:
        current = "analysis"
    order = ["announced", "contributions", "analysis"]
    spans = {
        "announced": (None, first_open),
        "contributions": (first_open, last_close),
        "analysis": (last_close, None),
    }
    return [
        Phase(
            key=key,
            starts_at=spans[key][0],
            ends_at=spans[key][1],
            current=key == current,
            done=order.index(key) < order.index(current),
        )
        for key in order
    ]


# --- the sitemap ------------------------------------------------------------------------


@dataclass
class SitemapEntry:
    consultation: Consultation
    themes: list[Theme]
    pages: list[Page]


def sitemap_entries() -> list[SitemapEntry]:
    consultations = published_consultations().prefetch_related(
        Prefetch("themes", queryset=visible_themes()),
        Prefetch("pages", queryset=Page.objects.filter(is_published=True)),
    )
    return [
        SitemapEntry(consultation=c, themes=list(c.themes.all()), pages=list(c.pages.all()))
        for c in consultations
    ]
