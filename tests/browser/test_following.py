"""« Me prévenir » in a real browser, by keyboard: ask on a theme to come, confirm from the
e-mail's link, unsubscribe; axe-core on every page of the journey, the error pages too."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from concerto.following.emails import unsubscribe_url
from concerto.following.models import Subscription
from tests.factories import ConsultationFactory, ThemeFactory

from .test_survey_journey import check_axe, press_button, type_into

pytestmark = pytest.mark.browser


@pytest.fixture
def theme(transactional_db):
    import datetime

    from django.utils import timezone

    cache.clear()
    now = timezone.now()
    return ThemeFactory(
        consultation=ConsultationFactory(title="Stratégie numérique culturelle", slug="snc"),
        title="Innovation",
        slug="innovation",
        opens_at=now + datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=90),
    )


def test_follow_a_theme_confirm_and_unsubscribe_by_keyboard(live_server, page, axe_js, theme):
    mail.outbox = []
    page.goto(live_server.url + theme.get_absolute_url())
    type_into(page, "email", "camille@example.org")
    press_button(page, "Me prévenir à l’ouverture")
    assert page.locator("h1").inner_text() == "Confirmez votre adresse électronique"
    check_axe(page, axe_js, "demande envoyée")

    [message] = mail.outbox
    link = re.search(r"(http://\S+/suivre/confirmer/\S+/)", message.body).group(1)
    page.goto(link)
    check_axe(page, axe_js, "page de confirmation")
    press_button(page, "Confirmer")
    assert page.locator("h1").inner_text() == "Demande confirmée"
    check_axe(page, axe_js, "demande confirmée")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None

    page.goto(unsubscribe_url(subscription.follower, subscription))
    check_axe(page, axe_js, "désabonnement")
    press_button(page, "Me désabonner")
    assert page.locator("h1").inner_text() == "Vous êtes désabonné"
    check_axe(page, axe_js, "désabonné")
    assert not Subscription.objects.exists()


def test_error_pages_of_following_have_no_axe_violation(live_server, page, axe_js, theme):
    url = f"{live_server.url}/suivre/consultations/snc/thematiques/innovation/"
    page.goto(url)
    check_axe(page, axe_js, "formulaire seul")
    type_into(page, "email", "pas-une-adresse")
    press_button(page, "Me prévenir à l’ouverture")
    assert "n’est pas valide" in page.content()
    check_axe(page, axe_js, "adresse invalide")
    page.goto(f"{live_server.url}/suivre/confirmer/faux/")
    assert "Ce lien n’est pas valable" in page.content()
    check_axe(page, axe_js, "lien non valable")
