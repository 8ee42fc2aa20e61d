"""Resume tokens never reach a log: a filter on the loggers that write request lines."""

from __future__ import annotations

import logging
import re

# /reprendre/<token>/ (and /en/reprendre/…), and the e-mail confirmation links.
TOKEN_PATH = re.compile(r"(/(?:reprendre|confirmer-adresse)/)[^/\s?\"']+")
REPLACEMENT = r"\1[masqué]"
LOGGERS = ("django.request", "django.server", "gunicorn.access", "gunicorn.error")


def scrub(text: str) -> str:
    return TOKEN_PATH.sub(REPLACEMENT, text)


class TokenFilter(logging.Filter):
    """Rewrites the message with every token masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_token_filter() -> None:
    """Attach the filter to the request loggers (idempotent). Loggers exist before their
    handlers: gunicorn's, configured later in the master, keep the filter."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenFilter) for f in logger.filters):
            logger.addFilter(TokenFilter())
