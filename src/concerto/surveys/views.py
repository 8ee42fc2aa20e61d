"""The participant's journey through a questionnaire. Views parse, call actions, render."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concerto.consultations.access import can_analyse
from concerto.participation import actions as participation
from concerto.participation import mailing, rules
from concerto.participation.session import (
    current_participant,
    participant_and_response,
    remember_participant,
)
from concerto.protection.campaign import record_submission
from concerto.protection.headers import private_page
from concerto.protection.ratelimit import check as check_rate
from concerto.protection.ratelimit import client_ip, ratelimit

from . import actions
from .answers import current_answers
from .display import answers_summary
from .engine import Parsed, kind, visible_codes
from .forms import ProfileForm
from .messages import render as render_message
from .models import Participant, Questionnaire, ResponseStatus
from .structure import questionnaire_def
from .widgets import error_anchor

PROFILE_FORM_KEY = "concerto.profile_form_key"


def get_public_questionnaire(slug: str, theme_slug: str, questionnaire_slug: str) -> Questionnaire:
    """A published questionnaire of a visible theme of a published consultation.

    Read from the public content each process keeps (``consultations.selectors``): no query.
    """
    from concerto.consultations.selectors import public_content

    try:
        theme = public_content().get(slug).theme(theme_slug)
    except Http404:
        raise Http404 from None
    for questionnaire in public_content().get(slug).theme_questionnaires(theme):
        if questionnaire.slug == questionnaire_slug:
            return questionnaire
    raise Http404


class Journey:
    """What every step needs: the questionnaire, its structure, the participant's response.

    One query at most: the participant and their response to this questionnaire together
    (the questionnaire and its structure are kept by the process)."""

    def __init__(self, request, slug, theme_slug, questionnaire_slug):
        self.request = request
        self.questionnaire = get_public_questionnaire(slug, theme_slug, questionnaire_slug)
        self.consultation = self.questionnaire.theme.consultation
        self.theme = self.questionnaire.theme
        self.participant, self.response = participant_and_response(
            request, self.consultation, self.questionnaire
        )

    @cached_property
    def definition(self):
        return questionnaire_def(self.questionnaire)

    @property
    def sections(self):
        return self.definition.sections

    @property
    def page_count(self) -> int:
        """Pages of questions: one per section, or one in all (``one_page``)."""
        return 1 if self.questionnaire.one_page else len(self.definition.sections)

    def page_of(self, section_index: int) -> int:
        return 1 if self.questionnaire.one_page else section_index + 1

    @cached_property
    def resume_url(self) -> str:
        """The participant's private link, for those who gave no e-mail address."""
        return resume_link(self.request, self.participant)

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"surveys:{name}",
            kwargs={
                "slug": self.consultation.slug,
                "theme_slug": self.theme.slug,
                "questionnaire_slug": self.questionnaire.slug,
                **kwargs,
            },
        )

    def context(self, **extra) -> dict:
        return {
            "questionnaire": self.questionnaire,
            "consultation": self.consultation,
            "theme": self.theme,
            "participant": self.participant,
            "response": self.response,
            "journey": self,
            "definition": self.definition,
            **extra,
        }

    def needs_profile(self) -> bool:
        return (
            self.participant is None
            or self.participant.profile_id is None
            or (rules.needs_email(self.consultation) and not self.participant.email)
        )

    def needs_verification(self) -> bool:
        return (
            rules.needs_verified_email(self.consultation)
            and self.participant is not None
            and self.participant.email_verified_at is None
        )

    def can_edit(self) -> bool:
        """Whether the response's answers may still be changed (the page shows the buttons)."""
        if self.response is None:
            return False
        return rules.may_change(self.consultation, self.response.status)

    def can_withdraw(self) -> bool:
        return self.response is not None and rules.may_withdraw(
            self.consultation, self.response.status
        )


def closed_page(request, journey: Journey) -> HttpResponse:
    return render(request, "surveys/closed.html", journey.context(), status=403)


def refused_page(request, journey: Journey) -> HttpResponse:
    return render(request, "surveys/refused.html", journey.context(), status=403)


# --- steps ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("write")
def start(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    accepting = journey.questionnaire.is_accepting_answers()
    if request.method == "POST":
        if not accepting:
            return closed_page(request, journey)
        # Nobody is recorded before they say who they are: the profile step creates them.
        if journey.needs_profile():
            return redirect(journey.url("profile"))
        if journey.needs_verification():
            return redirect(journey.url("verify"))
        journey.response = actions.start_response(
            questionnaire=journey.questionnaire, participant=journey.participant
        )
        if journey.response.status == ResponseStatus.SUBMITTED:
            return redirect(journey.url("review"))
        return redirect(journey.url("step", number=1))
    return render(
        request,
        "surveys/start.html",
        journey.context(accepting=accepting, section_count=len(journey.sections)),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("write")
def profile(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if not journey.questionnaire.is_accepting_answers():
        return closed_page(request, journey)
    profiles = list(journey.consultation.profiles.all())
    participant = journey.participant
    initial = (
        {
            "profile": participant.profile_id,
            "organisation_name": participant.organisation_name,
            "departement": participant.departement,
            "email": participant.email,
        }
        if participant
        else {}
    )
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        profiles=profiles,
        email_policy=journey.consultation.email_policy,
        # The first write of a participant is the one that costs a script.
        challenge=participant is None,
        fallback=journey.consultation.challenge_fallback,
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data.get("email", "")
        if email and (participant is None or email != participant.email):
            check_rate(request, "email")  # this post may send a confirmation e-mail
        if participant is None:
            check_rate(request, "participant")
            participant = participation.create_participant(
                consultation=journey.consultation,
                creation_key=form.cleaned_data.get("cle", ""),
            )
            if form.challenge_outcome:
                participation.set_challenge(participant=participant, outcome=form.challenge_outcome)
            remember_participant(request, participant)
            journey.participant = participant
        participation.save_profile(
            participant=participant,
            profile=form.cleaned_data["profile_obj"],
            organisation_name=form.cleaned_data["organisation_name"],
            departement=form.cleaned_data["departement"],
            email=email,
            base_url=base_url(request),
            then=journey.questionnaire.get_absolute_url(),
        )
        if journey.needs_verification():
            return redirect(journey.url("verify"))
        journey.response = actions.start_response(
            questionnaire=journey.questionnaire, participant=participant
        )
        if journey.response.status == ResponseStatus.SUBMITTED:
            return redirect(journey.url("review"))
        return redirect(journey.url("step", number=1))
    if participant is None and not form.is_bound:
        form.initial["cle"] = secrets.token_urlsafe(24)
    return render(
        request,
        "surveys/profile.html",
        journey.context(form=form, profiles=profiles),
        status=400 if form.errors else 200,
    )


@require_safe
@private_page
def verify(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if journey.participant is None:
        return redirect(journey.questionnaire.get_absolute_url())
    if not journey.needs_verification():
        return redirect(journey.url("step", number=1))
    return render(request, "surveys/verify.html", journey.context())


def _require_response(journey: Journey):
    """Redirect to the start page when the participant has not started (or withdrew)."""
    if journey.participant is None or journey.response is None or journey.needs_profile():
        return redirect(journey.questionnaire.get_absolute_url())
    if journey.response.status == ResponseStatus.WITHDRAWN:
        return redirect(journey.questionnaire.get_absolute_url())
    return None


def _editing(journey: Journey) -> bool:
    response = journey.response
    return response.status == ResponseStatus.IN_PROGRESS or response.is_editing


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("write")
def step(request, slug, theme_slug, questionnaire_slug, number: int):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if not journey.questionnaire.is_accepting_answers():
        return closed_page(request, journey)
    if (early := _require_response(journey)) is not None:
        return early
    if not journey.can_edit() or not _editing(journey):
        return redirect(journey.url("review"))
    definition = journey.definition
    sections = definition.sections
    one_page = journey.questionnaire.one_page
    total = journey.page_count
    if not 1 <= number <= total:
        raise Http404
    index = number - 1
    page_questions = list(definition.questions) if one_page else definition.section_questions(index)

    parsed: dict[str, Parsed] = {}
    errors: dict[str, Parsed] = {}
    if request.method == "POST":
        parsed = {
            q.code: kind(q.kind).parse(q, request.POST) for q in page_questions if q.takes_answers
        }
        going_back = "previous" in request.POST
        # The answers are decoded once, by the action, which stores what is valid and drops
        # what a condition now hides; errors are shown only for questions still visible.
        try:
            answers = actions.save_page(
                participant=journey.participant,
                response=journey.response,
                definition=definition,
                parsed=parsed,
            )
        except actions.SurveyClosed:
            return closed_page(request, journey)
        except actions.NotAllowed:
            return redirect(journey.url("review"))
        # What was just typed counts for the conditions, so a hidden question's answer is
        # neither required nor stored; what was typed in it is still shown back.
        merged = {
            **{code: a.value for code, a in answers.items()},
            **{code: p.value for code, p in parsed.items() if p.error is None},
        }
        visible = visible_codes(definition.questions, merged)
        errors = {
            code: p
            for code, p in parsed.items()
            if p.error and code in visible and not (going_back and p.value is None)
        }
        if going_back or not errors:
            # Sections whose every question is hidden by earlier answers are skipped.
            if one_page:
                target = 0 if going_back else 2
            else:
                target = neighbour_section(definition, merged, number, -1 if going_back else 1)
            if target < 1:
                return redirect(journey.questionnaire.get_absolute_url())
            if target > total:
                return redirect(journey.url("review"))
            return redirect(journey.url("step", number=target))
        values = merged
    else:
        answers = current_answers(journey.response, definition)
        values = {code: a.value for code, a in answers.items()}
    visible = visible_codes(definition.questions, values)
    page_codes = {q.code for q in page_questions}
    items = []
    shown_section = None
    for question in page_questions:
        same_page = any(c.depends_on in page_codes for c in question.conditions)
        if question.code not in visible and not same_page:
            continue
        # On one page, each section's title heads its questions.
        section_start = None
        if one_page and question.section != shown_section:
            shown_section = question.section
            section_start = sections[question.section]
        item = parsed.get(question.code)
        if item is not None:
            raw = item.raw
        elif question.code in answers:
            raw = kind(question.kind).form_values(question, answers[question.code])
        else:
            raw = {}
        error = errors.get(question.code)
        items.append(
            {
                "question": question,
                "error": render_message(error.error) if error else None,
                "error_field": error.error_field if error else None,
                "raw": raw,
                "same_page_condition": same_page,
                "section_start": section_start,
                **({"heading_level": 3} if one_page else {}),
            }
        )
    # The error summary links to the field to fix (the « Autre » text, or the first control).
    summary = [
        (i["question"], i["error"], error_anchor(i["question"], i["error_field"]))
        for i in items
        if i["error"]
    ]
    context = journey.context(
        section=None if one_page else sections[index],
        number=number,
        total=total,
        items=items,
        errors=summary,
        next_section=sections[number] if number < total else None,
        one_page=one_page,
    )
    return render(request, "surveys/step.html", context, status=400 if errors else 200)


def neighbour_section(definition, values, number: int, direction: int) -> int:
    """The number of the next (or previous) section that shows at least one question."""
    visible = visible_codes(definition.questions, values)
    shown = {q.section for q in definition.questions if q.code in visible}
    target = number + direction
    while 1 <= target <= len(definition.sections) and target - 1 not in shown:
        target += direction
    return target


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("write")
@ratelimit("submit")
def review(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if (early := _require_response(journey)) is not None:
        return early
    definition = journey.definition
    if request.method == "POST":
        try:
            actions.submit_response(
                participant=journey.participant,
                response=journey.response,
                definition=definition,
                base_url=base_url(request),
            )
        except actions.SurveyClosed:
            return closed_page(request, journey)
        except actions.NotAllowed:
            return refused_page(request, journey)
        except actions.IncompleteResponse as exc:
            number = journey.page_of(exc.missing[0].section)
            messages.error(
                request,
                _("Il manque des réponses obligatoires : complétez l’étape %(n)s avant d’envoyer.")
                % {"n": number},
            )
            return redirect(journey.url("step", number=number))
        record_submission(questionnaire_id=journey.questionnaire.pk, address=client_ip(request))
        return redirect(journey.url("confirmation"))
    summary = answers_summary(definition, current_answers(journey.response, definition))
    by_section = []
    for index, section in enumerate(definition.sections):
        by_section.append(
            {
                "section": section,
                "number": index + 1,
                "step": journey.page_of(index),
                "answers": [(q, text) for q, text in summary if q.section == index],
            }
        )
    return render(
        request,
        "surveys/review.html",
        journey.context(
            by_section=by_section,
            accepting=journey.questionnaire.is_accepting_answers(),
            editing=_editing(journey),
        ),
    )


@require_POST
@private_page
@ratelimit("write")
def edit(request, slug, theme_slug, questionnaire_slug):
    """Open submitted answers for editing, then go to the step asked for."""
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if (early := _require_response(journey)) is not None:
        return early
    try:
        actions.begin_edit(
            participant=journey.participant,
            response=journey.response,
            definition=journey.definition,
        )
    except actions.SurveyClosed:
        return closed_page(request, journey)
    except actions.NotAllowed:
        return refused_page(request, journey)
    try:
        number = int(request.POST.get("etape", "1"))
    except ValueError:
        number = 1
    if not 1 <= number <= journey.page_count:
        number = 1
    return redirect(journey.url("step", number=number))


@require_safe
@private_page
def confirmation(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if journey.response is None or journey.response.status != ResponseStatus.SUBMITTED:
        return redirect(journey.questionnaire.get_absolute_url())
    resume_url = resume_link(request, journey.participant)
    return render(request, "surveys/confirmation.html", journey.context(resume_url=resume_url))


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("write")
def withdraw(request, slug, theme_slug, questionnaire_slug):
    """Withdrawal asks for confirmation on its own page; the POST withdraws."""
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if (early := _require_response(journey)) is not None:
        return early
    if not journey.questionnaire.is_accepting_answers():
        return closed_page(request, journey)
    if not journey.can_withdraw():
        return refused_page(request, journey)
    if request.method == "POST":
        try:
            actions.withdraw_response(participant=journey.participant, response=journey.response)
        except actions.SurveyClosed:
            return closed_page(request, journey)
        except actions.NotAllowed:
            return refused_page(request, journey)
        messages.success(
            request,
            _(
                "Vos réponses ont été retirées et supprimées. Vous pouvez répondre à nouveau "
                "jusqu’à la clôture."
            ),
        )
        return redirect(journey.questionnaire.get_absolute_url())
    return render(request, "surveys/withdraw.html", journey.context())


def base_url(request: HttpRequest) -> str:
    """This site's address (scheme and host) for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def resume_link(request: HttpRequest, participant: Participant, *, then: str = "") -> str:
    """The participant's private link, leading back to ``then`` once followed."""
    link = reverse("surveys:resume", args=[participant.token])
    if then:
        link += "?" + urlencode({"suivant": then})
    return request.build_absolute_uri(link)


def _safe_next(request: HttpRequest) -> str:
    then = request.GET.get("suivant", "")
    if not url_has_allowed_host_and_scheme(then, allowed_hosts={request.get_host()}):
        return ""
    return then


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("token", methods=("GET", "HEAD", "POST"))
def resume(request, token: str):
    """The private link: reopens the participant's answers on this browser.

    When this browser already answers as someone else in the consultation, it asks before
    switching (a POST). The link stops working when the consultation's personal data expire
    (its last theme's close plus the retention period).
    """
    if "\x00" in token or len(token) > 64:
        raise Http404
    participant = Participant.objects.filter(token=token).select_related("consultation").first()
    if participant is None:
        raise Http404
    consultation = participant.consultation
    deadline = participation.personal_data_deadline(consultation)
    if deadline is not None and timezone.now() >= deadline:
        return render(
            request, "surveys/resume_expired.html", {"consultation": consultation}, status=410
        )
    then = _safe_next(request)
    active = current_participant(request, consultation)
    if active is not None and active.pk != participant.pk:
        if request.method == "POST" and request.POST.get("changer") == "1":
            remember_participant(request, participant)
            messages.success(
                request, _("Ce navigateur reprend maintenant la participation de ce lien.")
            )
            return redirect(request.get_full_path())
        return render(
            request,
            "surveys/resume_switch.html",
            {"participant": participant, "consultation": consultation, "then": then},
        )
    remember_participant(request, participant)
    responses = list(
        participant.responses.select_related("questionnaire__theme__consultation").exclude(
            status=ResponseStatus.WITHDRAWN
        )
    )
    return render(
        request,
        "surveys/resume.html",
        {
            "participant": participant,
            "consultation": consultation,
            "responses": responses,
            "then": then,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
@ratelimit("token", methods=("GET", "HEAD", "POST"))
def confirm_email(request, token: str):
    """The link of the confirmation e-mail. Opening it (a mail scanner does) confirms
    nothing; the click on « Confirmer mon adresse » (a POST) does, and the resume link is
    then mailed to the confirmed address."""
    read = mailing.read_confirmation_token(token) if len(token) < 500 else None
    participant = None
    if read is not None:
        participant_id, digest = read
        participant = (
            Participant.objects.select_related("consultation").filter(pk=participant_id).first()
        )
        if participant is not None and (
            not participant.email or mailing.email_digest(participant.email) != digest
        ):
            participant = None
    if participant is None:
        return render(request, "surveys/confirm_email.html", {"invalid": True}, status=404)
    then = _safe_next(request)
    if request.method == "POST":
        participation.verify_email(participant=participant, base_url=base_url(request), then=then)
        messages.success(
            request,
            _(
                "Votre adresse électronique est confirmée. Votre lien personnel pour reprendre "
                "vos réponses vous est envoyé par courriel."
            ),
        )
        active = current_participant(request, participant.consultation)
        if then and active is not None and active.pk == participant.pk:
            return redirect(then)
        return redirect(request.get_full_path())
    return render(
        request,
        "surveys/confirm_email.html",
        {
            "participant": participant,
            "consultation": participant.consultation,
            "confirmed": participant.email_verified_at is not None,
        },
    )


@require_safe
@private_page
def preview(request, pk: int):
    """The questionnaire as a participant sees it, every section on one page, nothing saved.

    Staff who may see questionnaires only; display conditions run in the page."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and request.user.has_perm("surveys.view_questionnaire")):
        raise PermissionDenied
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=pk
    )
    if not can_analyse(request.user, questionnaire.theme.consultation):
        raise PermissionDenied  # another team's questionnaire
    definition = questionnaire_def(questionnaire)
    sections = []
    for index, section in enumerate(definition.sections):
        items = [
            {
                "question": q,
                "error": None,
                "raw": {},
                "same_page_condition": bool(q.conditions),
                "heading_level": 3,  # under each section's h2
            }
            for q in definition.section_questions(index)
        ]
        sections.append({"section": section, "items": items})
    return render(
        request,
        "surveys/preview.html",
        {
            "questionnaire": questionnaire,
            "theme": questionnaire.theme,
            "consultation": questionnaire.theme.consultation,
            "sections": sections,
            "definition": definition,
        },
    )
