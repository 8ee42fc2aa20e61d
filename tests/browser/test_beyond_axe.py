"""What axe-core does not see, checked as a screen reader, a keyboard or a zoomed screen meets
it: the language of each part (RGAA 8.7), fields in error (11.10, 11.11), personal fields
(11.13), the skip links at every width (12.7), the menu button (7.1), link titles (6.1),
distinct page titles (8.6)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import TEXT_200_PERCENT_JS

from .conftest import OPEN_THEME, SLUG

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SURVEY = f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/enquetes/metavers/"
ENGLISH_PAGES = [
    "/en/",
    f"/en/consultations/{SLUG}/thematiques/",
    f"/en/consultations/{SLUG}/thematiques/{OPEN_THEME}/",
    f"/en/consultations/{SLUG}/documents/",
    f"/en/consultations/{SLUG}/pages/methode/",
    "/en" + SURVEY,
    "/en" + SURVEY + "profil/",
    "/en/plan-du-site/",
    "/en/mentions-legales/",
    "/en/donnees-personnelles/",
]

# Every text node of the body, with the language it is read in.
TEXTS_WITH_LANG_JS = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, noscript')) continue;
        const text = node.textContent.replace(/\\s+/g, ' ').trim();
        if (!text) continue;
        const owner = parent.closest('[lang]');
        found.push([text, owner ? owner.getAttribute('lang') : '']);
    }
    return found;
}"""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def french_content(site, django_db_blocker) -> list[str]:
    """Every piece of text staff wrote, as stored (Markdown included)."""
    from django.apps import apps
    from django.db import models

    texts = []
    with django_db_blocker.unblock():
        for model in apps.get_models():
            if not model.__module__.startswith("concerto."):
                continue
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model.objects.values_list(*fields) if fields else ():
                texts += [_normalise(str(value)) for value in row if value]
    # Long enough to be sentences or labels, not codes, slugs or names.
    return [text for text in texts if len(text) >= 12 and " " in text]


def _english_read_french(page, french_content) -> list[str]:
    problems = []
    for text, lang in page.evaluate(TEXTS_WITH_LANG_JS):
        if lang.startswith("fr") or len(text) < 12:
            continue
        # A French text read in English, whole or quoted inside an English sentence.
        if any(text in content or content in text for content in french_content):
            problems.append(f"{text[:70]!r} read as {lang!r}")
    return problems


def test_french_content_is_marked_french_on_english_pages(site, page, french_content):
    problems = {}
    for path in ENGLISH_PAGES:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "en"
        found = _english_read_french(page, french_content)
        if found:
            problems[path] = found
    # A survey step: the questions, their options and the section.
    page.goto(site + "/en" + SURVEY + "profil/")
    page.locator("#profil-fieldset label", has_text="Citoyen").click()
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/etape/1/" in page.url, page.url
    found = _english_read_french(page, french_content)
    if found:
        problems["step 1"] = found
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(p) for path, p in problems.items())


def test_french_pages_add_no_language_marks(site, page):
    page.goto(site + f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/")
    marked = page.locator("main [lang]")
    assert marked.count() == 0, marked.first.evaluate("el => el.outerHTML")


# Where focus is after following a link: on its target, or (for a target that cannot take
# focus) the next Tab lands inside it. Either way the target is on screen.
FOLLOW_JS = """(id) => {
    const target = document.getElementById(id);
    const active = document.activeElement;
    const r = target.getBoundingClientRect();
    const a = active.getBoundingClientRect();
    return {
        targetVisible: r.width > 0 && r.height > 0 && getComputedStyle(target).visibility !== 'hidden',
        focusInside: target === active || target.contains(active),
        activeVisible: a.width > 0 && a.height > 0,
        active: active.id || active.tagName,
    };
}"""


def _follow_skip_link(page, index: int) -> tuple[str, dict]:
    """Tab to the ``index``-th skip link the keyboard reaches, press Enter, say where focus went."""
    for _ in range(index + 1):
        page.keyboard.press("Tab")
    link = page.evaluate(
        "() => ({text: document.activeElement.innerText.trim(),"
        " href: document.activeElement.getAttribute('href'),"
        " inSkipLinks: !!document.activeElement.closest('.fr-skiplinks')})"
    )
    assert link["inSkipLinks"], link
    target = link["href"].removeprefix("#")
    page.keyboard.press("Enter")
    page.wait_for_function("(h) => location.hash === h", arg=link["href"])
    state = page.evaluate(FOLLOW_JS, target)
    if not state["focusInside"]:
        page.keyboard.press("Tab")
        state = page.evaluate(FOLLOW_JS, target)
    return link["text"], state


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_every_skip_link_leads_somewhere_visible(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 700})
    problems = []
    for index, expected in enumerate(["Contenu", "Menu", "Pied de page"]):
        page.goto(site + "/")
        text, state = _follow_skip_link(page, index)
        assert text == expected, (width, index, text)
        if not (state["targetVisible"] and state["focusInside"] and state["activeVisible"]):
            problems.append(f"{text}: {state}")
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def test_menu_button_says_it_opens_a_dialog_and_whether_it_is_open(site, new_page):
    page = new_page(viewport={"width": 375, "height": 700})
    page.goto(site + "/")
    button = page.locator("#bouton-menu")
    assert button.get_attribute("aria-haspopup") == "dialog"
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    page.wait_for_selector("#menu-principal.fr-modal--opened")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_selector("#menu-principal:not(.fr-modal--opened)", state="attached")
    assert button.get_attribute("aria-expanded") == "false"


def test_link_titles_contain_the_visible_text(site, page):
    """A title repeats the link's visible text and adds to it (RGAA 6.1)."""
    page.goto(site + "/")
    links = page.evaluate(
        """() => [...document.querySelectorAll('a[title]')].map((a) => ({
            text: a.innerText.replace(/\\s+/g, ' ').trim(), title: a.title}))"""
    )
    assert links
    wrong = [a for a in links if a["text"] and a["text"].lower() not in a["title"].lower()]
    assert not wrong, wrong


def test_every_public_page_has_its_own_title(site, page):
    from .test_accessibility import PUBLIC_PAGES

    titles = {}
    for name, (path, _status) in PUBLIC_PAGES.items():
        if name.endswith("-en"):
            continue
        page.goto(site + path)
        titles.setdefault(page.title(), []).append(path)
    shared = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert not shared, shared


OVERFLOW_JS = """() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    culprits: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 5).map((el) => `${el.tagName}.${el.className}`),
})"""


def test_public_pages_reflow_at_320_px_and_with_text_at_200_percent(site, new_page):
    """No sideways scrolling at 320 CSS px (RGAA 10.11), nor at 1280 px with the browser's
    text size doubled (10.4)."""
    from .test_accessibility import PUBLIC_PAGES

    narrow = new_page(viewport={"width": 320, "height": 640})
    wide = new_page(viewport={"width": 1280, "height": 800})
    problems = []
    for name, (path, _status) in PUBLIC_PAGES.items():
        narrow.goto(site + path)
        overflow = narrow.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["width"]:
            problems.append(f"{name} at 320 px: {overflow}")
        wide.goto(site + path)
        # Through the CSSOM: the site's CSP refuses inline <style>, not style properties.
        wide.evaluate(TEXT_200_PERCENT_JS)
        overflow = wide.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["width"]:
            problems.append(f"{name} with text at 200 %: {overflow}")
    assert not problems, "\n".join(problems)
