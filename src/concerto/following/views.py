"""« Me prévenir »: ask, confirm, unsubscribe. Views parse, call one action, render.

None of these pages may be cached: they answer one person (their address, their link).

The request form is embedded in the theme and consultation pages, which the whole-page
cache serves to every anonymous visitor: it carries no CSRF token, and the view that
receives it is exempt. What a forged cross-site post could do is what anyone can do with
the form itself (ask for a confirmation to be sent to some address); the owner of the
address must still confirm, and at most one confirmation goes to an address per interval.
A post whose ``Origin`` names another site is refused all the same, and one connection may
post only so many requests (``PROTECTION_RATE_LIMITS["following"]``). The unsubscribe view
is exempt because mail clients post to it without any cookie (RFC 8058).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from concerto.consultations import selectors as consultations
from concerto.protection.headers import mark_private
from concerto.protection.ratelimit import check as check_rate

from . import actions, tokens
from .forms import ConfirmForm, SubscribeForm
from .models import Subscription


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return mark_private(render(request, template, context, status=status))


def _link_error(request, error: Exception) -> HttpResponse:
    expired = isinstance(error, tokens.LinkExpired)
    return _page(request, "following/link_error.html", {"expired": expired}, status=400)


def _same_origin(request: HttpRequest) -> bool:
    """No ``Origin`` (an old browser, a form without JavaScript): accepted. Otherwise its host
    must be this site's (the scheme is left aside: a proxy may end TLS before us)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.get_host()


def _subscribe(request, consultation, theme) -> HttpResponse:
    kinds = actions.available_kinds(consultation=consultation, theme=theme)
    context = {
        "consultation": consultation,
        "theme": theme,
        "kinds": kinds,
        "hours": settings.FOLLOWING_CONFIRMATION_HOURS,
    }
    if request.method != "POST":
        context["form"] = SubscribeForm(initial={"kind": kinds[0] if kinds else ""})
        return _page(request, "following/subscribe.html", context)
    if not _same_origin(request):
        context["refusal"] = _("Cette demande ne vient pas de ce site : elle est refusée.")
        return _page(request, "following/subscribe.html", context, status=403)
    form = SubscribeForm(request.POST)
    context["form"] = form
    # A flood from one connection: the 429 page of the protection middleware, before
    # anything is written or sent. (Not on the unsubscribe link: a mail provider posts the
    # one-click unsubscriptions of all its users from a few addresses.)
    check_rate(request, "following", ip="10/10m")
    if not form.is_valid():
        return _page(request, "following/subscribe.html", context, status=400)
    try:
        outcome = actions.subscribe(
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            consultation=consultation,
            theme=theme,
            site_url=request.build_absolute_uri("/"),
            language=get_language() or "fr",
        )
    except actions.SubscriptionRefused as refused:
        context["refusal"] = str(refused)
        return _page(request, "following/subscribe.html", context, status=409)
    context["outcome"] = outcome.value
    return _page(request, "following/requested.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_consultation(request, slug: str):
    consultation = consultations.get_public_consultation(slug)
    return _subscribe(request, consultation, None)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_theme(request, slug: str, theme_slug: str):
    consultation = consultations.get_public_consultation(slug)
    theme = consultations.get_public_theme(consultation, theme_slug)
    return _subscribe(request, consultation, theme)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """The link of the confirmation message opens this page; only its button confirms, so
    that a mail scanner following the link confirms nothing."""
    try:
        follower = tokens.read_confirmation(token)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return _link_error(request, error)
    pending = list(actions.pending_subscriptions(follower)) if follower else []
    form = ConfirmForm(request.POST or None, pending=pending)
    if request.method == "POST" and follower is not None and form.is_valid():
        confirmed = actions.confirm(
            follower=follower, subscription_ids=form.cleaned_data["subscriptions"]
        )
        return _page(request, "following/confirmed.html", {"confirmed": confirmed})
    return _page(
        request,
        "following/confirm.html",
        {"pending": pending, "form": form},
        status=400 if form.errors else 200,
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET shows what the link stops and a button; POST stops it, from that button or from
    a mail client's one-click request (``List-Unsubscribe=One-Click``)."""
    try:
        link = tokens.read_unsubscribe(token)
    except tokens.LinkInvalid as error:
        return _link_error(request, error)
    if request.method == "POST":
        stopped = (
            actions.unsubscribe(follower=link.follower, subscription_id=link.subscription_id)
            if link.follower
            else []
        )
        return _page(request, "following/unsubscribed.html", {"stopped": stopped})
    subscriptions = []
    if link.follower is not None:
        subscriptions = Subscription.objects.filter(follower=link.follower).select_related(
            "consultation", "theme"
        )
        if link.subscription_id is not None:
            subscriptions = subscriptions.filter(pk=link.subscription_id)
        subscriptions = list(subscriptions)
    return _page(
        request,
        "following/unsubscribe.html",
        {"subscriptions": subscriptions, "everything": link.subscription_id is None},
    )
