"""Rules every template and script keeps, checked in their source."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "concerto"


def test_no_window_opens_or_page_changes_without_the_visitor():
    """No script opens a window, no page refreshes or redirects itself (RGAA 13.1, 13.2):
    new windows only come from a link the visitor follows."""
    offenders = [
        str(path.relative_to(SRC))
        for path in [*SRC.rglob("*.html"), *SRC.rglob("*.js")]
        if re.search(r"window\.open\(|http-equiv=[\"']?refresh", path.read_text(), re.I)
    ]
    assert not offenders, offenders
