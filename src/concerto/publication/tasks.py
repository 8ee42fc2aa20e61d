"""Background work of publication: the PDF of a theme's published results.

Produced on the worker once per publication or correction (``actions`` queue it after
commit), then served as a file: a visitor's request never waits for a rendering that takes
seconds, and a crowd asking for the PDF costs nothing more than serving a file.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from .models import Publication, ResultsState

logger = logging.getLogger(__name__)


@task()
def render_results_pdf(publication_id: int) -> int:
    """Write the PDF of ``publication`` if it is still what the public sees; returns its
    size in bytes (0 when there was nothing to do). Running twice writes it once."""
    from .pdf import results_pdf

    publication = (
        Publication.objects.select_related("results__theme__consultation")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None or publication.pdf:
        return 0
    results = publication.results
    if results.state != ResultsState.PUBLISHED or results.current_id != publication.pk:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        content = results_pdf(publication)
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        results.refresh_from_db(fields=["state", "current"])
        if locked.pdf or results.state != ResultsState.PUBLISHED or results.current_id != locked.pk:
            return 0
        locked.pdf.save("resultats.pdf", ContentFile(content), save=False)
        locked.pdf_generated_at = timezone.now()
        locked.pdf_size = len(content)
        locked.save(update_fields=["pdf", "pdf_generated_at", "pdf_size"])
    return len(content)
