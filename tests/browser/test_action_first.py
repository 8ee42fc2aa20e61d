"""On a phone (375 px wide), the theme page shows « Répondre à l’enquête » on the first
screen, before the theme's text (issue 12: it was 2,000 px down)."""

from __future__ import annotations

import pytest

from .conftest import OPEN_THEME, SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("javascript", [True, False])
def test_the_answer_button_is_on_the_first_screen_of_a_phone(site, new_page, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(f"{site}/consultations/{SLUG}/thematiques/{OPEN_THEME}/")
    button = page.get_by_role("link", name="Répondre à l’enquête")
    box = button.first.bounding_box()
    text = page.get_by_role("heading", name="Présentation de la thématique").bounding_box()
    assert box is not None and text is not None
    if javascript:  # without JavaScript the menu is shown inline above the content
        assert box["y"] + box["height"] <= PHONE["height"], box
    assert box["y"] < text["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
