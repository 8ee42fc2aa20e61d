"""Text as people type it, made safe to store, show and mail.

PostgreSQL refuses a NUL character in a text column (SQLite stores it), and control
characters have no place in a questionnaire answer or title: they are removed, except the
line breaks and tabs of multi-line texts.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters but TAB and LF (CR is folded into LF first), plus the
# Unicode separators that break lines in some readers and mail headers.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x0b\x0c\x85]+")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """``value`` without control characters, line endings normalised, trimmed.

    A single-line text (a title, a label, a token) also loses its line breaks, replaced by
    a space: nothing typed there can split an e-mail header.
    """
    if not isinstance(value, str):
        value = str(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = _LINE_BREAKS.sub(" ", value)
    value = _CONTROLS.sub("", value)
    return unicodedata.normalize("NFC", value).strip()
