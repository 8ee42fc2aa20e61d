from django import template
from django.conf import settings

from concerto.following.actions import available_kinds
from concerto.following.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("following/_box.html")
def follow_box(consultation, theme=None):
    """The « Me prévenir » form for the theme (or the consultation) as it stands now; nothing
    when there is nothing left to wait for. Same for every visitor: cacheable."""
    kinds = available_kinds(consultation=consultation, theme=theme)
    if not kinds:
        return {"kind": None}
    return {
        "consultation": consultation,
        "theme": theme,
        "kind": kinds[0],
        "form": SubscribeForm(initial={"kind": kinds[0]}),
        "hours": settings.FOLLOWING_CONFIRMATION_HOURS,
    }


@register.simple_tag
def following_confirmation_hours() -> int:
    return settings.FOLLOWING_CONFIRMATION_HOURS
