"""Accessibility in a real browser: axe-core on every public page, keyboard use,
language switch and pages without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.conftest import inject_axe

from .conftest import OPEN_THEME, SLUG, UPCOMING_THEME

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# WCAG 2.2 level AA (each version's tag adds its new criteria) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PUBLIC_PAGES = {
    "home": ("/", 200),
    "home-en": ("/en/", 200),
    "consultation-list": ("/consultations/", 200),
    "consultation": (f"/consultations/{SLUG}/", 200),
    "themes": (f"/consultations/{SLUG}/thematiques/", 200),
    "theme-open": (f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/", 200),
    "theme-upcoming": (f"/consultations/{SLUG}/thematiques/{UPCOMING_THEME}/", 200),
    "survey-start": (f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/enquetes/metavers/", 200),
    "documents": (f"/consultations/{SLUG}/documents/", 200),
    "page": (f"/consultations/{SLUG}/pages/methode/", 200),
    "accessibilite": ("/accessibilite/", 200),
    "mentions-legales": ("/mentions-legales/", 200),
    "donnees-personnelles": ("/donnees-personnelles/", 200),
    "plan-du-site": ("/plan-du-site/", 200),
    "404": ("/cette-page-n-existe-pas/", 404),
    "theme-open-en": (f"/en/consultations/{SLUG}/thematiques/{OPEN_THEME}/", 200),
    "plan-du-site-en": ("/en/plan-du-site/", 200),
    "404-en": ("/en/cette-page-n-existe-pas/", 404),
}

# Style of the focused element, read in the page. DSFR draws the focus ring as
# a 2px solid outline on :focus-visible; for "enlarge link" blocks (cards, tiles,
# header and footer brand) the link's own outline is 0 and the ring is drawn by
# its ::before pseudo-element, which covers the whole block.
FOCUS_STYLE_JS = """(el) => {
    const s = getComputedStyle(el);
    const before = getComputedStyle(el, '::before');
    const r = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 60),
        href: el.getAttribute('href'),
        outlineStyle: s.outlineStyle,
        outlineWidth: parseFloat(s.outlineWidth) || 0,
        outlineColor: s.outlineColor,
        boxShadow: s.boxShadow,
        beforeContent: before.content,
        beforeOutlineStyle: before.outlineStyle,
        beforeOutlineWidth: parseFloat(before.outlineWidth) || 0,
        width: r.width, height: r.height, top: r.top, left: r.left,
        bottom: r.bottom, right: r.right,
        viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
    };
}"""


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact')}]: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_page_has_no_axe_violation(site, page, axe_js, path, status):
    response = page.goto(site + path)
    assert response is not None and response.status == status, path
    inject_axe(page, axe_js)
    results = page.evaluate(
        # resultTypes only trims the detail kept for passes and "needs review"
        # results (a 3x speed-up); violations are reported in full.
        """(tags) => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })""",
        AXE_TAGS,
    )
    assert not results["violations"], _format_violations(path, results["violations"])


def _focus_ring(style: dict) -> tuple:
    """What draws a focus ring: the element's outline, its box-shadow, its ::before outline."""
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] > 0
    shadow = style["boxShadow"] not in ("", "none")
    before = (
        style["beforeContent"] not in ("none", "normal")
        and style["beforeOutlineStyle"] != "none"
        and style["beforeOutlineWidth"] > 0
    )
    return (outline, shadow and style["boxShadow"], before)


def _has_focus_indicator(style: dict) -> bool:
    return any(_focus_ring(style))


def _is_in_viewport(style: dict) -> bool:
    return (
        style["width"] > 0
        and style["height"] > 0
        and style["bottom"] > 0
        and style["right"] > 0
        and style["top"] < style["viewportHeight"]
        and style["left"] < style["viewportWidth"]
    )


def test_skip_link_is_first_visible_and_reaches_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("el => el.getAttribute('href')") == "#contenu"
    assert focused.inner_text().strip() == "Contenu"
    # DSFR slides the skip links into view when they take focus.
    page.wait_for_function(
        """() => {
            const r = document.activeElement.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
        }"""
    )
    style = focused.evaluate(FOCUS_STYLE_JS)
    assert _is_in_viewport(style), style
    assert _has_focus_indicator(style), style

    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#contenu'")
    state = page.evaluate(
        """() => {
            const main = document.getElementById('contenu');
            const r = main.getBoundingClientRect();
            return {active: document.activeElement.id, top: r.top, bottom: r.bottom,
                    height: window.innerHeight};
        }"""
    )
    assert state["active"] == "contenu", state
    assert state["top"] < state["height"] and state["bottom"] > 0, state


def test_tab_order_shows_a_focus_indicator_on_every_element(site, page):
    page.goto(site + "/")
    seen = []
    for index in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        focused = page.locator(":focus")
        focused.evaluate("(el, i) => el.setAttribute('data-tab-order', i)", index)
        style = focused.evaluate(FOCUS_STYLE_JS)
        style["index"] = index
        seen.append(style)
    assert len(seen) >= 10, seen

    problems = []
    for style in seen:
        element = page.locator(f"[data-tab-order='{style['index']}']")
        # The same element without focus: the indicator must be a change.
        element.evaluate("el => el.blur()")
        unfocused = element.evaluate(FOCUS_STYLE_JS)
        label = f"#{style['index']} <{style['tag']}> {style['text']!r} ({style['href']})"
        if style["width"] == 0 or style["height"] == 0:
            problems.append(f"{label}: focused but not visible ({style})")
        elif not _has_focus_indicator(style):
            problems.append(f"{label}: no outline nor box-shadow when focused ({style})")
        elif not _is_in_viewport(style):
            problems.append(f"{label}: focused but outside the viewport ({style})")
        elif _focus_ring(style) == _focus_ring(unfocused):
            problems.append(f"{label}: focus does not change outline nor box-shadow")
    assert not problems, "\n".join(problems)


def test_language_switch_goes_to_english(site, page):
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("a[hreflang='en']").first.click()
    page.wait_for_url(site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    # And back.
    page.locator("a[hreflang='fr']").first.click()
    page.wait_for_url(site + "/")
    assert page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "mobile"])
def test_main_navigation_works_without_javascript(site, new_page, width):
    """Without JavaScript the DSFR mobile menu cannot open: concerto.css shows it inline."""
    page = new_page(java_script_enabled=False, viewport={"width": width, "height": 800})
    page.goto(site + "/")
    links = page.locator("#navigation-principale a.fr-nav__link")
    labels = [label.strip() for label in links.all_inner_texts()]
    assert labels == [
        "Accueil",
        "Thématiques",
        "Documents",
        "Webinaires",
        "Méthode",
        "Toutes les consultations",
    ], labels
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible(), labels[index]
        box = link.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, labels[index]
    links.filter(has_text="Thématiques").click()
    page.wait_for_url(site + f"/consultations/{SLUG}/thematiques/")
    assert page.locator("h1").first.is_visible()
    # The language switch too (DSFR's script would move it into the mobile menu).
    page.locator("a[hreflang='en']:visible").click()
    page.wait_for_url(site + f"/en/consultations/{SLUG}/thematiques/")
    assert page.locator("html").get_attribute("lang") == "en"
