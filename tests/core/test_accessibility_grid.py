"""The RGAA self-assessment grid: complete, honest about how each criterion is checked, and
the only source of the statement's figures."""

import copy
import datetime
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from concerto.core.accessibility import (
    CRITERIA,
    GRID,
    AccessibilityStatus,
    load_assessment,
    parse_assessment,
)
from concerto.core.checks import check_accessibility_grid

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def grid() -> dict:
    with GRID.open("rb") as f:
        return tomllib.load(f)


def test_grid_lists_the_106_criteria_of_rgaa_4_1():
    assessment = load_assessment()
    assert len(CRITERIA) == 106
    assert [c.number for c in assessment.criteria] == CRITERIA
    counted = sum(assessment.count(s) for s in ("C", "NC", "NA", "à vérifier"))
    assert counted == 106


def test_every_test_named_by_the_grid_exists():
    """A criterion said to be checked automatically names tests that really exist."""
    missing = []
    for criterion in load_assessment().criteria:
        for node in criterion.tests:
            path, _, name = node.partition("::")
            source = ROOT / path
            if not source.is_file():
                missing.append(f"{criterion.number}: {path} does not exist")
            elif name and not re.search(rf"^def {re.escape(name)}\(", source.read_text(), re.M):
                missing.append(f"{criterion.number}: no test {name} in {path}")
    assert not missing, "\n".join(missing)


def test_statement_figures_follow_the_rgaa_formula(grid):
    for number in CRITERIA:
        grid["criteria"][number] = {
            "title": "t",
            "status": "C",
            "check": "manuel",
            "how": "à la main",
        }
    assert parse_assessment(grid).status == AccessibilityStatus.FULLY_COMPLIANT
    assert parse_assessment(grid).rate == Decimal("100.00")

    grid["criteria"]["1.1"] = {**grid["criteria"]["1.1"], "status": "NC", "defect": "d"}
    assessment = parse_assessment(grid)
    assert assessment.rate == Decimal("99.06")  # 105 / 106
    assert assessment.status == AccessibilityStatus.PARTIALLY_COMPLIANT

    for number in CRITERIA[:60]:
        grid["criteria"][number] = {
            "title": "t",
            "status": "NC",
            "check": "manuel",
            "how": "h",
            "defect": "d",
        }
    for number in CRITERIA[60:100]:
        grid["criteria"][number] = {"title": "t", "status": "NA", "check": "sans objet", "how": "h"}
    assessment = parse_assessment(grid)
    assert assessment.applicable == 66
    assert assessment.rate == Decimal("9.09")
    assert assessment.status == AccessibilityStatus.NOT_COMPLIANT
    assert len(assessment.non_compliant) == 60


def test_incomplete_audit_is_non_conforme_whatever_its_rate(grid):
    for number in CRITERIA:
        grid["criteria"][number] = {"title": "t", "status": "C", "check": "manuel", "how": "h"}
    grid["criteria"]["10.12"]["status"] = "à vérifier"
    assessment = parse_assessment(grid)
    assert assessment.rate == Decimal("100.00")
    assert [c.number for c in assessment.to_check] == ["10.12"]
    assert assessment.status == AccessibilityStatus.NOT_COMPLIANT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "NC"}, "an NC criterion says what fails"),
        ({"status": "OK"}, "is not C, NC, NA or 'à vérifier'"),
        ({"check": "test", "tests": []}, "checked by tests that it does not name"),
        ({"status": "NA"}, "NA goes with check = 'sans objet'"),
        ({"status": "à vérifier", "check": "test", "tests": ["t"]}, "only a manual check"),
    ],
)
def test_incoherent_criterion_is_refused_and_named(grid, change, message):
    grid = copy.deepcopy(grid)
    grid["criteria"]["3.3"] = {**grid["criteria"]["3.3"], **change}
    with pytest.raises(ImproperlyConfigured, match=rf"criterion 3\.3: .*{re.escape(message)}"):
        parse_assessment(grid)


def test_missing_criterion_is_refused(grid):
    del grid["criteria"]["13.12"]
    with pytest.raises(ImproperlyConfigured, match=r"missing \['13\.12'\]"):
        parse_assessment(grid)


def test_audit_facts_are_dated(grid):
    assert isinstance(parse_assessment(grid).date, datetime.date)
    del grid["audit"]["auditor"]
    with pytest.raises(ImproperlyConfigured, match="auditor"):
        parse_assessment(grid)


def test_broken_grid_stops_the_deployment_check(monkeypatch):
    assert check_accessibility_grid(None) == []

    def broken():
        raise ImproperlyConfigured("criterion 1.1: no title")

    monkeypatch.setattr("concerto.core.accessibility.load_assessment", broken)
    (error,) = check_accessibility_grid(None)
    assert error.id == "concerto.E002"
    assert "criterion 1.1" in error.msg
