"""Links to published results from the consultation's own pages (one query each)."""

from django import template
from django.urls import reverse

from concerto.publication.models import ResultsState, ThemeResults

register = template.Library()


@register.simple_tag
def theme_results_url(theme) -> str:
    """The address of the theme's results if they are published, else ""."""
    if ThemeResults.objects.filter(theme=theme, state=ResultsState.PUBLISHED).exists():
        return reverse(
            "publication:theme_results",
            kwargs={"slug": theme.consultation.slug, "theme_slug": theme.slug},
        )
    return ""


@register.simple_tag
def consultation_has_results(consultation) -> bool:
    return ThemeResults.objects.filter(
        theme__consultation=consultation, theme__is_published=True, state=ResultsState.PUBLISHED
    ).exists()
