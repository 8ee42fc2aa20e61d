"""Who may do what with their answers: the participation rules, in one place.

The consultation sets them (``allow_editing``, ``email_policy``); the actions enforce them
on every write, and the pages only ask them which buttons to show.
"""

from __future__ import annotations

from concerto.consultations.models import Consultation
from concerto.participation.models import EmailPolicy


def may_change(consultation: Consultation, status: str) -> bool:
    """Whether a response in ``status`` may still be changed by its participant."""
    from concerto.surveys.models import ResponseStatus

    if status == ResponseStatus.SUBMITTED:
        return consultation.allow_editing
    return status == ResponseStatus.IN_PROGRESS


def may_withdraw(consultation: Consultation, status: str) -> bool:
    """Withdrawing a submitted response changes the results: it is an edit like any other."""
    return may_change(consultation, status)


def needs_email(consultation: Consultation) -> bool:
    return consultation.email_policy in (EmailPolicy.REQUIRED, EmailPolicy.VERIFIED)


def needs_verified_email(consultation: Consultation) -> bool:
    return consultation.email_policy == EmailPolicy.VERIFIED
