"""What other apps call when answers change (kept free of imports at load time, so that
``concerto.surveys.actions`` can import it without a cycle)."""

from __future__ import annotations

import functools

from django.db import transaction


def answers_changed(questionnaire_id: int) -> None:
    """Submitted answers of the questionnaire changed in the current transaction: refresh
    its statistics shortly after it commits (debounced: one refresh per burst)."""
    from .tasks import request_refresh

    transaction.on_commit(functools.partial(request_refresh, questionnaire_id))


def statistics_link(questionnaire_id: int) -> tuple[str, str]:
    """The staff statistics page of a questionnaire and its link text, for other apps'
    pages (the questionnaire's back-office page)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    return (
        reverse("results:questionnaire_statistics", args=[questionnaire_id]),
        gettext("Statistiques et réponses libres"),
    )
