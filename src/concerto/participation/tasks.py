"""E-mails to participants, sent by the task worker.

Tasks carry identifiers only (a participant's id, an address's digest, the site's base
address): never an address, a token or an answer, which would stay in the task results. Each
reads the participant when it runs and sends nothing when the rule no longer holds (the
address changed, or is not confirmed). They return a count, nothing personal.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

EMAIL_TASK_PATHS = [
    "concerto.core.tasks.send_email",
    "concerto.participation.tasks.send_confirmation",
    "concerto.participation.tasks.send_resume_link",
    "concerto.surveys.tasks.send_receipt",
]


def resume_url(base_url: str, token: str, then: str = "") -> str:
    link = base_url + reverse("surveys:resume", args=[token])
    if then:
        link += "?" + urlencode({"suivant": then})
    return link


@task()
def send_confirmation(
    *, participant_id: int, email_digest: str, base_url: str, then: str = ""
) -> int:
    """The only message an unconfirmed address ever gets: a link that confirms it."""
    from concerto.surveys.engine import clean_text

    from . import mailing
    from .models import Participant

    participant = (
        Participant.objects.select_related("consultation").filter(pk=participant_id).first()
    )
    if participant is None or not participant.email or participant.email_verified_at:
        return 0
    if mailing.email_digest(participant.email) != email_digest:
        return 0  # the address changed since: this one is no longer asked for
    link = base_url + reverse(
        "surveys:confirm_email", args=[mailing.confirmation_token(participant.pk, email_digest)]
    )
    if then:
        link += "?" + urlencode({"suivant": then})
    title = clean_text(participant.consultation.title, multiline=False)
    body = _(
        "Bonjour,\n\nCette adresse électronique a été indiquée pour participer à la "
        "consultation « %(title)s ». Pour la confirmer, ouvrez ce lien puis cliquez sur "
        "« Confirmer mon adresse » :\n\n%(link)s\n\nVous recevrez ensuite votre lien personnel "
        "pour reprendre vos réponses. Si vous n’êtes pas à l’origine de cette demande, "
        "ignorez ce message : aucun autre ne vous sera envoyé."
    ) % {"title": title, "link": link}
    return send_mail(_("Confirmez votre adresse électronique"), body, None, [participant.email])


@task()
def send_resume_link(*, participant_id: int, base_url: str, then: str = "") -> int:
    """The private resume link, to a confirmed address only."""
    from concerto.surveys.engine import clean_text

    from .models import Participant

    participant = (
        Participant.objects.select_related("consultation").filter(pk=participant_id).first()
    )
    if participant is None or not participant.email or not participant.email_verified_at:
        return 0
    title = clean_text(participant.consultation.title, multiline=False)
    body = _(
        "Bonjour,\n\nVotre adresse est confirmée. Vous participez à la consultation "
        "« %(title)s ». Ce lien personnel vous permet de reprendre vos réponses à tout "
        "moment :\n\n%(link)s\n\nNe le transmettez à personne."
    ) % {"title": title, "link": resume_url(base_url, participant.token, then)}
    return send_mail(
        _("Votre lien pour reprendre votre participation"), body, None, [participant.email]
    )
