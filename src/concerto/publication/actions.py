"""Every write of results publication: one function each, the only door to the change.

Each action takes the acting manager (``actor=``), checks ``can_manage`` on the theme's
consultation, runs in one transaction holding the results' row lock, checks everything
before it writes anything (nothing is ever half-published), records one audit event, and
queues the PDF after commit.
"""

from __future__ import annotations

import functools
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.consultations.access import can_manage
from concerto.consultations.models import Theme, ThemeStatus
from concerto.core import audit
from concerto.core.templatetags.concerto import render_markdown
from concerto.surveys.engine.text import clean_text
from concerto.surveys.models import AnswerValue, ResponseStatus

from .figures import available_figures, theme_questionnaires
from .models import (
    Publication,
    PublicationKind,
    PublishedFigure,
    PublishedQuote,
    Quote,
    ResultsState,
    ThemeResults,
)
from .themes import freeze_themes

# Question kinds whose answers are a participant's own words, and may be quoted.
QUOTABLE_KINDS = ("short_text", "long_text")
# What a manager types where words were removed from a quote.
ELISION = "[…]"
SYNTHESIS_MAX_LENGTH = 50_000
NOTE_MAX_LENGTH = 500


class PublicationRefused(Exception):
    """The change cannot be made; ``message`` says why, in French, for the manager."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check(actor, theme: Theme) -> None:
    if not can_manage(actor, theme.consultation):
        raise PermissionDenied


def results_for(theme: Theme) -> ThemeResults:
    """The theme's results, created empty (a draft) the first time a manager opens them."""
    results, _created = ThemeResults.objects.get_or_create(theme=theme)
    return results


def _locked(results: ThemeResults) -> ThemeResults:
    return (
        ThemeResults.objects.select_for_update(of=("self",))
        .select_related("theme__consultation")
        .get(pk=results.pk)
    )


# --- The draft ---------------------------------------------------------------------------


@transaction.atomic
def save_draft(
    *,
    results: ThemeResults,
    synthesis: str,
    figures: list[str],
    selected_quotes: list[int],
    actor,
) -> ThemeResults:
    """Store the synthesis, the chosen figures (``"<questionnaire id>/<key>"``, in order) and
    which quotes are kept. Public pages do not change: that is what publishing does."""
    _check(actor, results.theme)
    locked = _locked(results)
    synthesis = clean_text(synthesis or "")
    if len(synthesis) > SYNTHESIS_MAX_LENGTH:
        raise PublicationRefused(
            _("La synthèse dépasse %(max)s caractères.")
            % {"max": formats.number_format(SYNTHESIS_MAX_LENGTH, force_grouping=True)}
        )
    options = {option.ref: option for option in available_figures(locked.theme)}
    unknown = [ref for ref in figures if ref not in options]
    if unknown:
        raise PublicationRefused(
            _(
                "Ces chiffres n’existent pas (ou plus) dans les enquêtes de la thématique : %(keys)s."
            )
            % {"keys": ", ".join(unknown)}
        )
    chosen = list(dict.fromkeys(figures))
    locked.synthesis = synthesis
    locked.figures = [
        {"questionnaire": options[ref].questionnaire_id, "key": options[ref].key} for ref in chosen
    ]
    locked.save(update_fields=["synthesis", "figures", "updated_at"])
    quotes = Quote.objects.filter(results=locked)
    keep = set(selected_quotes)
    quotes.filter(pk__in=keep).update(is_selected=True)
    quotes.exclude(pk__in=keep).update(is_selected=False)
    audit.record(
        actor,
        "results.draft_saved",
        locked.theme,
        figures=len(chosen),
        quotes=quotes.filter(is_selected=True).count(),
    )
    results.synthesis, results.figures = locked.synthesis, locked.figures
    return locked


def quotable_answers(theme: Theme):
    """The answers a manager may quote: free texts of submitted responses to questionnaires
    of the theme that told participants their answers could be quoted."""
    return AnswerValue.objects.filter(
        question__questionnaire__theme=theme,
        question__questionnaire__quotes_allowed=True,
        question__kind__in=QUOTABLE_KINDS,
        response__status=ResponseStatus.SUBMITTED,
    ).exclude(text="")


@transaction.atomic
def add_quote(*, results: ThemeResults, answer_id: int, actor) -> Quote:
    """Quote an answer, as the participant wrote it, at the end of the selection.

    Refused when the answer no longer exists (withdrawn or edited by its author), is not a
    free text of this theme, or comes from a questionnaire that did not say it could be
    quoted. Quoting the same answer twice returns the existing quote.
    """
    _check(actor, results.theme)
    locked = _locked(results)
    answer = (
        AnswerValue.objects.select_related("question__questionnaire", "response")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None or answer.response.status != ResponseStatus.SUBMITTED:
        raise PublicationRefused(
            _(
                "Cette réponse a été retirée ou modifiée par son auteur : elle ne peut plus "
                "être citée."
            )
        )
    questionnaire = answer.question.questionnaire
    if questionnaire.theme_id != locked.theme_id or answer.question.kind not in QUOTABLE_KINDS:
        raise PublicationRefused(
            _("Seules les réponses libres des enquêtes de cette thématique peuvent être citées.")
        )
    if not questionnaire.quotes_allowed:
        raise PublicationRefused(
            _(
                "L’enquête « %(title)s » n’a pas annoncé aux participants que leurs réponses "
                "pourraient être citées : ses réponses ne peuvent pas l’être."
            )
            % {"title": questionnaire.title}
        )
    existing = Quote.objects.filter(results=locked, answer=answer).first()
    if existing is not None:
        return existing
    last = Quote.objects.filter(results=locked).order_by("-order").first()
    quote = Quote.objects.create(
        results=locked,
        answer=answer,
        text=clean_text(answer.text),
        order=(last.order + 1) if last else 0,
        created_by=actor,
    )
    # The audit trail holds no participant's words: those stay in the answer, and go with it.
    audit.record(actor, "results.quote_added", locked.theme, quote=quote.pk, answer=answer.pk)
    return quote


_TOKEN = re.compile(r"\w+|[^\w\s]")
_ELISIONS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def only_removes(original: str, edited: str) -> bool:
    """Whether ``edited`` keeps words and punctuation of ``original`` in order, with parts
    removed (optionally marked « […] »), and nothing added or changed."""
    kept = iter(_tokens(original))
    return all(token in kept for token in _tokens(_ELISIONS.sub(" ", edited)))


@transaction.atomic
def edit_quote(*, quote: Quote, text: str, actor) -> Quote:
    """Change what a quote shows, only by removing something (a name, a place, an
    organisation): the participant's words are never rewritten, and the original stays in
    the answer. Recorded in the audit trail (who, when, how much was removed; not the words)."""
    results = quote.results
    _check(actor, results.theme)
    _locked(results)
    locked = Quote.objects.select_for_update().select_related("answer").filter(pk=quote.pk).first()
    if locked is None:
        raise PublicationRefused(
            _("Cette citation n’existe plus : la réponse a été retirée par son auteur.")
        )
    text = clean_text(text or "")
    if not _ELISIONS.sub("", text).strip(" \n.,;:!?…"):
        raise PublicationRefused(
            _("Une citation ne peut pas être vide : retirez-la plutôt de la sélection.")
        )
    if not only_removes(locked.answer.text, text):
        raise PublicationRefused(
            _(
                "Une citation ne peut être modifiée que pour en retirer ce qui permettrait "
                "de reconnaître quelqu’un : supprimez des mots (en les remplaçant au besoin "
                "par « […] »), sans en ajouter ni en changer."
            )
        )
    if text == locked.text:
        return locked
    before = len(locked.text)
    locked.text = text
    locked.edited_at = timezone.now()
    locked.edited_by = actor
    locked.save(update_fields=["text", "edited_at", "edited_by"])
    audit.record(
        actor,
        "results.quote_edited",
        results.theme,
        quote=locked.pk,
        answer=locked.answer_id,
        characters_before=before,
        characters_after=len(text),
    )
    quote.text, quote.edited_at, quote.edited_by = locked.text, locked.edited_at, actor
    return locked


@transaction.atomic
def restore_quote(*, quote: Quote, actor) -> Quote:
    """Show the participant's words again as they wrote them."""
    _check(actor, quote.results.theme)
    _locked(quote.results)
    locked = Quote.objects.select_for_update().select_related("answer").get(pk=quote.pk)
    original = clean_text(locked.answer.text)
    if locked.text != original:
        locked.text = original
        locked.edited_at = timezone.now()
        locked.edited_by = actor
        locked.save(update_fields=["text", "edited_at", "edited_by"])
        audit.record(actor, "results.quote_restored", quote.results.theme, quote=locked.pk)
    return locked


# --- Publishing --------------------------------------------------------------------------


def _problems(results: ThemeResults) -> tuple[list, list[Quote]]:
    """What would be published, or ``PublicationRefused`` saying what is missing."""
    problems = []
    if not results.synthesis.strip():
        problems.append(_("la synthèse n’est pas rédigée"))
    options = {(o.questionnaire_id, o.key): o for o in available_figures(results.theme)}
    figures = [
        options.get((item.get("questionnaire"), item.get("key"))) for item in results.figures
    ]
    missing = [item["key"] for item, o in zip(results.figures, figures, strict=True) if o is None]
    if missing:
        problems.append(_("ces chiffres n’existent plus : %(keys)s") % {"keys": ", ".join(missing)})
    quotes = list(
        Quote.objects.filter(results=results, is_selected=True)
        .select_related("answer__question__questionnaire", "answer__response")
        .order_by("order", "pk")
    )
    not_quotable = sorted(
        {
            q.answer.question.questionnaire.title
            for q in quotes
            if not q.answer.question.questionnaire.quotes_allowed
        }
    )
    if not_quotable:
        problems.append(
            _("l’enquête « %(titles)s » n’autorise plus les citations")
            % {"titles": "», «".join(not_quotable)}
        )
    if any(q.answer.response.status != ResponseStatus.SUBMITTED for q in quotes):
        problems.append(_("une citation vient d’une réponse retirée"))
    if not [f for f in figures if f] and not quotes:
        problems.append(_("aucun chiffre ni aucune citation n’est choisi"))
    if problems:
        raise PublicationRefused(
            ngettext(
                "Rien n’a été publié : %(problems)s.",
                "Rien n’a été publié : %(problems)s.",
                len(problems),
            )
            % {"problems": " ; ".join(problems)}
        )
    return [f for f in figures if f], quotes


def _freeze(results: ThemeResults, *, kind: str, actor, now, note: str = "", early=False):
    figures, quotes = _problems(results)
    publication = Publication.objects.create(
        results=results,
        kind=kind,
        at=now,
        by=actor,
        synthesis=results.synthesis,
        synthesis_html=render_markdown(results.synthesis, 3),
        note=note,
        early=early,
    )
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            publication=publication,
            questionnaire_id=figure.questionnaire_id,
            key=figure.key,
            label=figure.label[:500],
            order=order,
        )
        for order, figure in enumerate(figures)
    )
    PublishedQuote.objects.bulk_create(
        PublishedQuote(publication=publication, quote=quote, text=quote.text, order=order)
        for order, quote in enumerate(quotes)
    )
    # The analysts' themes of the open questions, as they stand now (issue 10).
    themes = freeze_themes(publication, theme_questionnaires(results.theme))
    return publication, len(figures), len(quotes), themes


def _enqueue_pdf(publication: Publication) -> None:
    from .tasks import render_results_pdf

    transaction.on_commit(functools.partial(render_results_pdf.enqueue, publication.pk))


@transaction.atomic
def publish_results(*, results: ThemeResults, actor, early: bool = False) -> Publication:
    """Make the draft public: the synthesis (sanitised), the chosen figures and quotes.

    Not before the theme closes unless ``early`` is asked for explicitly. Refused, with
    nothing written, when nothing is chosen or a choice is no longer valid. Records who
    published what and when; the PDF is produced in the background after commit.
    """
    _check(actor, results.theme)
    locked = _locked(results)
    if locked.state == ResultsState.PUBLISHED:
        raise PublicationRefused(
            _(
                "Ces résultats sont déjà publiés : pour changer ce qui est affiché, "
                "publiez une correction."
            )
        )
    now = timezone.now()
    theme = locked.theme
    if not early and theme.status_at(now) != ThemeStatus.CLOSED:
        if theme.closes_at:
            message = _(
                "La thématique « %(theme)s » n’est pas close : ses résultats ne peuvent pas "
                "être publiés avant sa clôture, le %(date)s. Pour les publier dès maintenant, "
                "cochez « Publier avant la clôture »."
            ) % {
                "theme": theme.title,
                "date": formats.date_format(timezone.localtime(theme.closes_at), "DATETIME_FORMAT"),
            }
        else:
            message = _(
                "La thématique « %(theme)s » n’a pas de date de clôture : ses résultats ne "
                "peuvent pas être publiés tant qu’elle est ouverte. Pour les publier dès "
                "maintenant, cochez « Publier avant la clôture »."
            ) % {"theme": theme.title}
        raise PublicationRefused(message)
    early = early and theme.status_at(now) != ThemeStatus.CLOSED
    publication, n_figures, n_quotes, n_themes = _freeze(
        locked, kind=PublicationKind.PUBLICATION, actor=actor, now=now, early=early
    )
    locked.state = ResultsState.PUBLISHED
    locked.current = publication
    locked.published_at = now
    locked.published_by = actor
    locked.corrected_at = None
    locked.unpublished_at = None
    locked.save(
        update_fields=[
            "state",
            "current",
            "published_at",
            "published_by",
            "corrected_at",
            "unpublished_at",
            "updated_at",
        ]
    )
    audit.record(
        actor,
        "results.published",
        theme,
        publication=publication.pk,
        figures=n_figures,
        quotes=n_quotes,
        themes=n_themes,
        early=early,
    )
    _enqueue_pdf(publication)
    _notify_followers(theme)
    _sync(results, locked)
    return publication


def _notify_followers(theme: Theme) -> None:
    # Engineer H's « Me prévenir »: notices go out from the worker after commit (and its
    # catch-up sends them anyway if this hook is missed).
    from django.apps import apps

    if apps.is_installed("concerto.following"):
        from concerto.following.actions import on_results_published

        on_results_published(theme)


@transaction.atomic
def correct_results(*, results: ThemeResults, note: str, actor) -> Publication:
    """Replace what the public sees with the current draft, shown publicly as a correction
    with its date and ``note`` (what changed)."""
    _check(actor, results.theme)
    locked = _locked(results)
    if locked.state != ResultsState.PUBLISHED:
        raise PublicationRefused(
            _("Ces résultats ne sont pas publiés : il n’y a rien à corriger. Publiez-les.")
        )
    note = clean_text(note or "", multiline=False)
    if not note:
        raise PublicationRefused(
            _("Indiquez l’objet de la correction : il est affiché avec les résultats.")
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise PublicationRefused(
            _("L’objet de la correction dépasse %(max)s caractères.") % {"max": NOTE_MAX_LENGTH}
        )
    now = timezone.now()
    publication, n_figures, n_quotes, n_themes = _freeze(
        locked, kind=PublicationKind.CORRECTION, actor=actor, now=now, note=note
    )
    previous = locked.current
    locked.current = publication
    locked.corrected_at = now
    locked.save(update_fields=["current", "corrected_at", "updated_at"])
    audit.record(
        actor,
        "results.corrected",
        locked.theme,
        publication=publication.pk,
        replaces=previous.pk if previous else None,
        figures=n_figures,
        quotes=n_quotes,
        themes=n_themes,
        note=note,
    )
    if previous is not None and previous.pdf:
        name = previous.pdf.name
        transaction.on_commit(functools.partial(previous.pdf.storage.delete, name))
        Publication.objects.filter(pk=previous.pk).update(pdf="", pdf_generated_at=None)
    _enqueue_pdf(publication)
    _sync(results, locked)
    return publication


@transaction.atomic
def unpublish_results(*, results: ThemeResults, actor) -> ThemeResults:
    """Take the results off the public site at once (pages and PDF): back to a draft,
    whose content stays for a later publication."""
    _check(actor, results.theme)
    locked = _locked(results)
    if locked.state != ResultsState.PUBLISHED:
        raise PublicationRefused(_("Ces résultats ne sont pas publiés."))
    locked.state = ResultsState.DRAFT
    locked.unpublished_at = timezone.now()
    locked.save(update_fields=["state", "unpublished_at", "updated_at"])
    # No copy of unpublished results is left to serve.
    for publication in Publication.objects.filter(results=locked).exclude(pdf=""):
        name, storage = publication.pdf.name, publication.pdf.storage
        transaction.on_commit(functools.partial(storage.delete, name))
    Publication.objects.filter(results=locked).update(pdf="", pdf_generated_at=None)
    audit.record(actor, "results.unpublished", locked.theme, publication=locked.current_id)
    _sync(results, locked)
    return locked


def _sync(results: ThemeResults, locked: ThemeResults) -> None:
    for field in (
        "state",
        "current",
        "published_at",
        "published_by",
        "corrected_at",
        "unpublished_at",
    ):
        setattr(results, field, getattr(locked, field))
