from django import template

from ..selectors import decisions_for_theme

register = template.Library()


@register.inclusion_tag("decisions/_theme_decisions.html")
def theme_decisions(theme, heading_level: int = 2):
    """« Décisions prises » for a theme's page: ``{% theme_decisions theme %}`` (one query)."""
    return {"decisions": decisions_for_theme(theme), "heading_level": heading_level}
