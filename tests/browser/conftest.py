"""Browser fixtures: one Debian Chromium per session, driven by Playwright (sync API).

Needs /usr/bin/chromium and ``node_modules/axe-core`` (``scripts/install-test-tools.sh``).
When either is missing the browser tests are skipped locally, and fail on CI
(``CI`` set) so that a broken runner cannot pass silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The browser's own language sets the order of date fields (JJ/MM/AAAA), as for a
    # French participant.
    "--lang=fr-FR",
]
VIEWPORT = {"width": 1280, "height": 800}

SLUG = "strategie-numerique-culturelle"
OPEN_THEME = "metavers"
UPCOMING_THEME = "innovation"


def _missing_tools() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/install-test-tools.sh)"
    if not AXE_JS.is_file():
        return f"{AXE_JS.relative_to(ROOT)} is missing (run `npm ci`)"
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {reason}")
    pytest.skip(f"browser tests not run: {reason}")


@pytest.fixture(scope="session")
def axe_js() -> Path:
    missing = _missing_tools()
    if missing:
        _skip_or_fail(missing)
    return AXE_JS


@pytest.fixture(scope="session")
def browser(axe_js):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running on this thread, so
    # Django would refuse the ORM calls of the test fixtures (database flush,
    # demo loading) as "async-unsafe". They are plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                env={**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"},
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def site(request, browser, django_db_setup, django_db_blocker) -> str:
    """Base address (no trailing slash) of a server holding the demo, for the whole module.

    The demo consultation, its questionnaires and one editorial page in the main menu are
    loaded once and committed; the database is emptied after the module. Modules using it
    carry ``pytest.mark.django_db`` so that pytest-django creates the test database: each
    test then runs in a transaction of its own, rolled back, and the demo stays.
    """
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    if request.node.get_closest_marker("django_db") is None:
        pytest.fail(f"{request.module.__name__} uses `site`: mark it pytest.mark.django_db")

    from tests.demo_site import load_demo_site

    # The server thread reads the database whenever the browser asks, between tests too.
    with django_db_blocker.unblock():
        load_demo_site()
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


# Every page runs under the site's Content-Security-Policy: a violation (an inline script or
# style, a resource from elsewhere) is reported by Chromium on the console, and by the page's
# securitypolicyviolation event; either fails the test that caused it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("Content Security Policy violation: " + e.violatedDirective + " "
    + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


# The browser's text size doubled, set through the CSSOM (the CSP refuses an inline <style>).
TEXT_200_PERCENT_JS = (
    "() => document.documentElement.style.setProperty('font-size', '200%', 'important')"
)


def _is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def _new_page(browser, **context_options):
    context_options = {"viewport": VIEWPORT, "locale": "fr-FR", **context_options}
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    context.csp_violations = []
    # Pages where axe-core runs: it adds <style> elements of its own, which the policy
    # rightly refuses; the site's own violations come before it, at load.
    context.csp_paused = set()
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if not _is_csp_violation(message.text) or message.page in context.csp_paused:
            return
        context.csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def on_page(page):
        page.on(
            "framenavigated",
            lambda frame: context.csp_paused.discard(page) if frame == page.main_frame else None,
        )

    context.on("console", on_console)
    context.on("page", on_page)
    return context, context.new_page()


def assert_no_csp_violation(context) -> None:
    violations = list(dict.fromkeys(getattr(context, "csp_violations", [])))
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations[:20]))


def inject_axe(page, axe_js: Path) -> None:
    """axe-core into the page without an inline script (the CSP would block one): evaluated
    by the browser's debugging protocol, which the page's policy does not govern."""
    page.evaluate(_axe_source(axe_js))
    page.context.csp_paused.add(page)  # until the next navigation


_AXE_SOURCES: dict[Path, str] = {}


def _axe_source(axe_js: Path) -> str:
    if axe_js not in _AXE_SOURCES:
        _AXE_SOURCES[axe_js] = axe_js.read_text()
    return _AXE_SOURCES[axe_js]


@pytest.fixture
def page(browser):
    context, page = _new_page(browser)
    yield page
    violations = list(context.csp_violations)
    context.close()
    context.csp_violations = violations
    assert_no_csp_violation(context)


@pytest.fixture
def new_page(browser):
    """Factory for pages with other context options (no JavaScript, small screen…)."""
    contexts = []

    def factory(**context_options):
        context, page = _new_page(browser, **context_options)
        contexts.append(context)
        return page

    yield factory
    for context in contexts:
        context.close()
    for context in contexts:
        assert_no_csp_violation(context)
