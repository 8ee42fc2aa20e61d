"""The RGAA 4.1 self-assessment grid kept in this package, and the figures the accessibility
statement states from it (compliance rate, status, non-compliant criteria).

The grid describes the software as shipped; what belongs to the publisher (statement date,
contact, multi-year plan) comes from settings, required in production.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

GRID = Path(__file__).with_name("rgaa-4.1.toml")

# RGAA 4.1: 13 topics, 106 criteria.
TOPICS = {
    1: (_("Images"), 9),
    2: (_("Cadres"), 2),
    3: (_("Couleurs"), 3),
    4: (_("Multimédia"), 13),
    5: (_("Tableaux"), 8),
    6: (_("Liens"), 2),
    7: (_("Scripts"), 5),
    8: (_("Éléments obligatoires"), 10),
    9: (_("Structuration de l’information"), 4),
    10: (_("Présentation de l’information"), 14),
    11: (_("Formulaires"), 13),
    12: (_("Navigation"), 11),
    13: (_("Consultation"), 12),
}
CRITERIA = [f"{topic}.{n}" for topic, (_name, count) in TOPICS.items() for n in range(1, count + 1)]

COMPLIANT, NOT_COMPLIANT, NOT_APPLICABLE = "C", "NC", "NA"
# A criterion whose manual procedure nobody has carried out yet: the audit is incomplete.
TO_CHECK = "à vérifier"
STATUSES = (COMPLIANT, NOT_COMPLIANT, NOT_APPLICABLE, TO_CHECK)


class AccessibilityStatus(models.TextChoices):
    """The three statuses French law lets a statement claim."""

    NOT_COMPLIANT = "non", _("non conforme")
    PARTIALLY_COMPLIANT = "partiellement", _("partiellement conforme")
    FULLY_COMPLIANT = "totalement", _("totalement conforme")


CHECKS = {"test", "manuel", "sans objet"}


@dataclass(frozen=True)
class Criterion:
    number: str
    title: str
    status: str
    check: str
    tests: tuple[str, ...]
    how: str
    defect: str

    @property
    def topic(self) -> str:
        return TOPICS[int(self.number.split(".")[0])][0]


@dataclass(frozen=True)
class Assessment:
    date: datetime.date
    auditor: str
    method: str
    sample: tuple[str, ...]
    environment: tuple[str, ...]
    assistive_technologies: str
    tools: tuple[str, ...]
    derogations: tuple[str, ...]
    outside_scope: tuple[str, ...]
    criteria: tuple[Criterion, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def applicable(self) -> int:
        return self.count(COMPLIANT) + self.count(NOT_COMPLIANT)

    @property
    def rate(self) -> Decimal:
        """Share of applicable criteria met, in percent (the RGAA's own formula)."""
        if not self.applicable:
            return Decimal("0.00")
        rate = Decimal(100 * self.count(COMPLIANT)) / self.applicable
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def complete(self) -> bool:
        return not self.to_check

    @property
    def to_check(self) -> list[Criterion]:
        return [c for c in self.criteria if c.status == TO_CHECK]

    @property
    def status(self) -> AccessibilityStatus:
        """What the law lets the site claim: « non conforme » without a complete audit,
        « totalement » only with every criterion met, « partiellement » from half of them."""
        if not self.complete:
            return AccessibilityStatus.NOT_COMPLIANT
        if self.applicable and not self.count(NOT_COMPLIANT):
            return AccessibilityStatus.FULLY_COMPLIANT
        if self.rate >= 50:
            return AccessibilityStatus.PARTIALLY_COMPLIANT
        return AccessibilityStatus.NOT_COMPLIANT

    @property
    def non_compliant(self) -> list[Criterion]:
        return [c for c in self.criteria if c.status == NOT_COMPLIANT]


def _criterion(number: str, data: dict) -> Criterion:
    criterion = Criterion(
        number=number,
        title=data.get("title", ""),
        status=data.get("status", ""),
        check=data.get("check", ""),
        tests=tuple(data.get("tests", ())),
        how=data.get("how", ""),
        defect=data.get("defect", ""),
    )
    problems = []
    if not criterion.title:
        problems.append("no title")
    if criterion.status not in STATUSES:
        problems.append(f"status {criterion.status!r} is not C, NC, NA or {TO_CHECK!r}")
    if criterion.status == TO_CHECK and criterion.check != "manuel":
        problems.append(f"only a manual check can be {TO_CHECK!r}")
    if criterion.check not in CHECKS:
        problems.append(f"check {criterion.check!r} is not one of {sorted(CHECKS)}")
    if criterion.check == "test" and not criterion.tests:
        problems.append("checked by tests that it does not name")
    if criterion.check in ("manuel", "sans objet") and not criterion.how:
        problems.append("no procedure or reason in `how`")
    if (criterion.status == NOT_APPLICABLE) != (criterion.check == "sans objet"):
        problems.append("NA goes with check = 'sans objet', and only NA")
    if (criterion.status == NOT_COMPLIANT) != bool(criterion.defect):
        problems.append("an NC criterion says what fails in `defect`, and only NC")
    if problems:
        raise ImproperlyConfigured(f"{GRID.name}, criterion {number}: " + "; ".join(problems))
    return criterion


def parse_assessment(data: dict) -> Assessment:
    criteria = data.get("criteria", {})
    if list(criteria) != CRITERIA:
        missing = sorted(set(CRITERIA) - set(criteria))
        extra = sorted(set(criteria) - set(CRITERIA))
        raise ImproperlyConfigured(
            f"{GRID.name} must list the 106 RGAA 4.1 criteria in order "
            f"(missing {missing}, unknown {extra})."
        )
    audit = data.get("audit", {})
    try:
        return Assessment(
            date=audit["date"],
            auditor=audit["auditor"],
            method=audit["method"],
            sample=tuple(audit["sample"]),
            environment=tuple(audit["environment"]),
            assistive_technologies=audit["assistive_technologies"],
            tools=tuple(audit["tools"]),
            derogations=tuple(audit["derogations"]),
            outside_scope=tuple(audit["outside_scope"]),
            criteria=tuple(_criterion(number, criteria[number]) for number in CRITERIA),
        )
    except KeyError as missing:
        raise ImproperlyConfigured(f"{GRID.name}: [audit] has no {missing}.") from None


@functools.cache
def load_assessment() -> Assessment:
    with GRID.open("rb") as grid:
        return parse_assessment(tomllib.load(grid))
