"""A challenge that costs a script, not a person: ALTCHA proof of work, a honeypot, and a
fallback for browsers without JavaScript that the consultation's manager chooses.

- With JavaScript, the ALTCHA widget (served from our static files, no third party, no
  cookie) solves a signed proof of work while the person fills the form; the server checks
  the signature, the solution and its expiry, and refuses a solution it has already seen
  (the replay store is Django's cache).
- Without it, the consultation's ``challenge_fallback`` decides: ``flag`` lets the person in
  and marks the participant as unverified (results can count them apart), ``question`` asks
  a simple question in words, checked against a signed, single-use token.
- A honeypot field, hidden from people, refuses whatever fills it.

``ChallengeFormMixin`` adds all this to a form; ``form.challenge_outcome`` says how it passed.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

HONEYPOT_FIELD = "site_web"
PAYLOAD_FIELD = "altcha"
QUESTION_FIELD = "verification_reponse"
QUESTION_TOKEN_FIELD = "verification_jeton"
QUESTION_SALT = "concerto.protection.question"
QUESTION_MAX_AGE = 2 * 3600


class ChallengeFallback(models.TextChoices):
    FLAG = "flag", _("Accepter sans vérification et signaler la participation")
    QUESTION = "question", _("Poser une question simple")


class ChallengeOutcome(models.TextChoices):
    NONE = "", _("Non vérifié (avant la protection)")
    POW = "pow", _("Preuve de travail résolue")
    QUESTION = "question", _("Question de vérification réussie")
    FLAGGED = "flagged", _("Sans vérification (signalé)")


def hmac_secret() -> str:
    """ALTCHA's signing key: ``ALTCHA_HMAC_SECRET``, or one derived from ``SECRET_KEY``."""
    configured = getattr(settings, "ALTCHA_HMAC_SECRET", None)
    if configured:
        return configured
    return hashlib.sha256(b"concerto.altcha:" + settings.SECRET_KEY.encode()).hexdigest()


def enabled() -> bool:
    return getattr(settings, "PROTECTION_ENABLED", True)


def new_challenge() -> dict:
    """A fresh signed challenge for the widget, embedded in the page (no extra request)."""
    from altcha_django.challenge import build_challenge

    return build_challenge(hmac_secret=hmac_secret()).to_dict()


def verify_payload(payload: str) -> tuple[bool, str]:
    """(verified, error code): signature, solution, expiry, and single use (replay store)."""
    from altcha_django.verifiers import LocalVerifier, run_verification

    result = run_verification(
        payload, verifier=LocalVerifier(hmac_secret=hmac_secret()), replay=True, test_mode=False
    )
    return bool(result.verified), str(result.code or "")


# --- the fallback question ---------------------------------------------------------------------

NUMBERS = [
    pgettext_lazy("nombre", "zéro"),
    pgettext_lazy("nombre", "un"),
    pgettext_lazy("nombre", "deux"),
    pgettext_lazy("nombre", "trois"),
    pgettext_lazy("nombre", "quatre"),
    pgettext_lazy("nombre", "cinq"),
    pgettext_lazy("nombre", "six"),
    pgettext_lazy("nombre", "sept"),
    pgettext_lazy("nombre", "huit"),
    pgettext_lazy("nombre", "neuf"),
    pgettext_lazy("nombre", "dix"),
]


def new_question() -> tuple[str, str]:
    """(question, signed token): a sum of two small numbers, asked in words."""
    a, b = secrets.randbelow(5) + 1, secrets.randbelow(5) + 1
    token = signing.TimestampSigner(salt=QUESTION_SALT).sign_object(
        {"s": a + b, "n": secrets.token_urlsafe(12)}
    )
    question = _("Combien font %(a)s plus %(b)s ? Répondez en chiffres.") % {
        "a": NUMBERS[a],
        "b": NUMBERS[b],
    }
    return str(question), token


def check_question(token: str, answer: str) -> bool:
    try:
        data = signing.TimestampSigner(salt=QUESTION_SALT).unsign_object(
            token, max_age=QUESTION_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return False
    given = (answer or "").strip()
    expected = data.get("s")
    if not given.isdigit() or int(given) != expected:
        return False
    # Single use, like a proof of work.
    return caches["default"].add(f"challenge:q:{data.get('n')}", 1, timeout=QUESTION_MAX_AGE)


# --- the form mixin -------------------------------------------------------------------------


class ChallengeFormMixin(forms.Form):
    """Add the challenge to a form: ``MyForm(data, challenge=True, fallback="flag")``.

    ``challenge=False`` (e.g. a participant who already passed it) adds the honeypot only.
    After ``is_valid()``, ``form.challenge_outcome`` is a ``ChallengeOutcome``.
    """

    challenge_error = _(
        "La vérification anti-robot n’a pas abouti (solution expirée, déjà utilisée ou "
        "invalide). Rechargez la page et envoyez de nouveau le formulaire."
    )

    def __init__(self, *args, challenge: bool = True, fallback: str = ChallengeFallback.FLAG, **kw):
        super().__init__(*args, **kw)
        self.challenge_active = bool(challenge) and enabled()
        self.challenge_fallback = fallback
        self.challenge_outcome = ChallengeOutcome.NONE
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Ne remplissez pas ce champ"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if not self.challenge_active:
            return
        self.fields[PAYLOAD_FIELD] = forms.CharField(
            required=False, max_length=20_000, widget=forms.HiddenInput
        )
        if fallback == ChallengeFallback.QUESTION:
            self.fields[QUESTION_FIELD] = forms.CharField(
                required=False,
                max_length=10,
                label=_("Question de vérification"),
            )
            self.fields[QUESTION_TOKEN_FIELD] = forms.CharField(
                required=False, max_length=500, widget=forms.HiddenInput
            )
            if not self.is_bound:
                question, token = new_question()
                self.fields[QUESTION_FIELD].label = question
                self.initial[QUESTION_TOKEN_FIELD] = token

    @property
    def challenge_json(self) -> str:
        return json.dumps(new_challenge(), separators=(",", ":"))

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Le formulaire n’a pas pu être accepté. Rechargez la page et réessayez."),
                code="honeypot",
            )
        if not self.challenge_active:
            return data
        payload = data.get(PAYLOAD_FIELD) or ""
        if payload:
            verified, _code = verify_payload(payload)
            if not verified:
                raise forms.ValidationError(self.challenge_error, code="challenge")
            self.challenge_outcome = ChallengeOutcome.POW
        elif self.challenge_fallback == ChallengeFallback.QUESTION:
            if not check_question(data.get(QUESTION_TOKEN_FIELD, ""), data.get(QUESTION_FIELD)):
                self.add_error(
                    QUESTION_FIELD if QUESTION_FIELD in self.fields else None,
                    _("La réponse à la question de vérification est inexacte : réessayez."),
                )
                # A fresh question for the page shown again.
                question, token = new_question()
                self.fields[QUESTION_FIELD].label = question
                self.data = self.data.copy()
                self.data[QUESTION_TOKEN_FIELD] = token
                self.data[QUESTION_FIELD] = ""
            else:
                self.challenge_outcome = ChallengeOutcome.QUESTION
        else:
            self.challenge_outcome = ChallengeOutcome.FLAGGED
        return data
