"""The browser's display conditions mean what the server's do: one table, two engines."""

from pathlib import Path

import pytest

from tests.surveys.condition_cases import CASES

pytestmark = pytest.mark.browser

SCRIPT = (
    Path(__file__).resolve().parents[2] / "src/concerto/surveys/static/surveys/questionnaire.js"
)


def test_questionnaire_js_agrees_with_the_engine_on_every_case(page):
    page.set_content('<!DOCTYPE html><html lang="fr"><body></body></html>')
    page.add_script_tag(path=str(SCRIPT))
    results = page.evaluate(
        "cases => cases.map(([op, values, given]) => window.ConcertoConditions.holds(op, values, given))",
        [list(case[:3]) for case in CASES],
    )
    disagreements = [
        (case, result) for case, result in zip(CASES, results, strict=True) if result != case[3]
    ]
    assert not disagreements, disagreements
