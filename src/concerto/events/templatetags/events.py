from django import template

from concerto.events import text

register = template.Library()


@register.filter
def event_when(event) -> str:
    """« le 9 mars 2023 de 11h30 à 12h30 », in Paris time."""
    return text.when(event.starts_at, event.ends_at)


@register.filter
def paris_moment(value) -> str:
    return text.moment(value) if value else ""


@register.inclusion_tag("events/_home_events.html")
def next_events(consultation):
    """The next events of the consultation, for its home page (one query)."""
    from concerto.events.selectors import next_events as upcoming

    return {"consultation": consultation, "next_events": upcoming(consultation)}


@register.inclusion_tag("events/_theme_events.html")
def theme_events(consultation, theme):
    """The theme's events, upcoming then past, for its page (one query)."""
    from concerto.events.selectors import theme_events as of_theme

    return {"consultation": consultation, "theme": theme, "theme_agenda": of_theme(theme)}
