"""The participant's journey through a questionnaire. Views parse, call services, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concerto.consultations.models import Consultation, EmailPolicy

from . import engine, services
from .forms import ProfileForm
from .models import Participant, Questionnaire, Response, ResponseStatus

SESSION_KEY = "concerto.participants"


# --- who is answering -------------------------------------------------------------------


def current_participant(request: HttpRequest, consultation: Consultation) -> Participant | None:
    token = request.session.get(SESSION_KEY, {}).get(str(consultation.pk))
    if not token:
        return None
    return (
        Participant.objects.filter(token=token, consultation=consultation)
        .select_related("profile")
        .first()
    )


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[str(participant.consultation_id)] = participant.token
    request.session[SESSION_KEY] = tokens


def get_public_questionnaire(slug: str, theme_slug: str, questionnaire_slug: str) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"),
        theme__consultation__slug=slug,
        theme__consultation__is_published=True,
        theme__slug=theme_slug,
        slug=questionnaire_slug,
        is_published=True,
    )


class Journey:
    """What every step needs: the questionnaire, its sections and questions, the response."""

    def __init__(self, request, slug, theme_slug, questionnaire_slug):
        self.request = request
        self.questionnaire = get_public_questionnaire(slug, theme_slug, questionnaire_slug)
        self.consultation = self.questionnaire.theme.consultation
        self.theme = self.questionnaire.theme
        self.participant = current_participant(request, self.consultation)
        self.response = (
            Response.objects.filter(
                questionnaire=self.questionnaire, participant=self.participant
            ).first()
            if self.participant
            else None
        )

    @cached_property
    def questions(self):
        return services.questionnaire_questions(self.questionnaire)

    @cached_property
    def sections(self):
        return list(self.questionnaire.sections.all())

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
            **extra,
        }

    def needs_profile(self) -> bool:
        return (
            self.participant is None
            or self.participant.profile_id is None
            or (
                self.consultation.email_policy in (EmailPolicy.REQUIRED, EmailPolicy.VERIFIED)
                and not self.participant.email
            )
        )

    def needs_verification(self) -> bool:
        return (
            self.consultation.email_policy == EmailPolicy.VERIFIED
            and self.participant is not None
            and self.participant.email_verified_at is None
        )

    def can_edit(self) -> bool:
        if self.response is None:
            return False
        if self.response.status == ResponseStatus.SUBMITTED:
            return self.consultation.allow_editing
        return True


def closed_page(request, journey: Journey) -> HttpResponse:
    return render(request, "surveys/closed.html", journey.context(), status=403)


# --- steps ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
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
        journey.response = services.get_or_start_response(
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
    )
    if request.method == "POST" and form.is_valid():
        if participant is None:
            participant = services.create_participant(consultation=journey.consultation)
            remember_participant(request, participant)
            journey.participant = participant
        services.save_profile(
            participant=participant,
            profile=form.cleaned_data["profile_obj"],
            organisation_name=form.cleaned_data["organisation_name"].strip(),
            departement=form.cleaned_data["departement"],
            email=form.cleaned_data.get("email", ""),
            resume_link=lambda p: resume_link(
                request, p, then=journey.questionnaire.get_absolute_url()
            ),
        )
        if journey.needs_verification():
            return redirect(journey.url("verify"))
        journey.response = services.get_or_start_response(
            questionnaire=journey.questionnaire, participant=participant
        )
        return redirect(journey.url("step", number=1))
    return render(
        request,
        "surveys/profile.html",
        journey.context(form=form, profiles=profiles),
        status=400 if form.errors else 200,
    )


@require_safe
def verify(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if journey.participant is None:
        return redirect(journey.questionnaire.get_absolute_url())
    if not journey.needs_verification():
        return redirect(journey.url("step", number=1))
    return render(request, "surveys/verify.html", journey.context())


def _require_response(journey: Journey):
    """Redirect to the start page when the participant has not started yet."""
    if journey.participant is None or journey.response is None or journey.needs_profile():
        return redirect(journey.questionnaire.get_absolute_url())
    if journey.response.status == ResponseStatus.WITHDRAWN:
        return redirect(journey.questionnaire.get_absolute_url())
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, slug, theme_slug, questionnaire_slug, number: int):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if not journey.questionnaire.is_accepting_answers():
        return closed_page(request, journey)
    if (early := _require_response(journey)) is not None:
        return early
    if not journey.can_edit():
        return redirect(journey.url("review"))
    sections = journey.sections
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    questions = journey.questions
    page_questions = [q for q in questions if q.section_id == section.pk]
    stored = services.stored_answers(journey.response)
    values = {qid: a.value for qid, a in stored.items()}

    parsed: dict = {}
    errors: dict = {}
    if request.method == "POST":
        for question in page_questions:
            if not question.is_display_only:
                parsed[question.pk] = engine.parse(question, request.POST)
        going_back = "previous" in request.POST
        # Conditions are evaluated on what was just typed, so a hidden question's answer
        # is neither required nor stored.
        merged = {**values, **{qid: p.value for qid, p in parsed.items() if p.error is None}}
        visible = engine.visible_question_ids(questions, merged)
        for qid in list(parsed):
            if qid not in visible:
                parsed[qid] = engine.Parsed(value=None)
        errors = {
            qid: p.error for qid, p in parsed.items() if p.error and not (going_back and p.is_empty)
        }
        try:
            services.save_answers(response=journey.response, parsed=parsed, questions=questions)
        except services.SurveyClosed:
            return closed_page(request, journey)
        if going_back or not errors:
            # Sections whose every question is hidden by earlier answers are skipped.
            target = neighbour_section(sections, questions, merged, number, -1 if going_back else 1)
            if target < 1:
                return redirect(journey.questionnaire.get_absolute_url())
            if target > len(sections):
                return redirect(journey.url("review"))
            return redirect(journey.url("step", number=target))
        values = merged
    visible = engine.visible_question_ids(questions, values)
    items = []
    for question in page_questions:
        if question.pk not in visible and not _depends_on_page(question, page_questions):
            continue
        item = parsed.get(question.pk)
        answer = stored.get(question.pk)
        if item is not None:
            raw = item.raw
        elif answer is not None:
            raw = engine.form_values(question, answer.value, answer.other_text)
        else:
            raw = {}
        items.append(
            {
                "question": question,
                "error": errors.get(question.pk),
                "raw": raw,
                "same_page_condition": _depends_on_page(question, page_questions),
            }
        )
    context = journey.context(
        section=section,
        number=number,
        total=len(sections),
        items=items,
        errors=[(i["question"], i["error"]) for i in items if i["error"]],
        next_section=sections[number] if number < len(sections) else None,
    )
    return render(request, "surveys/step.html", context, status=400 if errors else 200)


def neighbour_section(sections, questions, values, number: int, direction: int) -> int:
    """The number of the next (or previous) section that shows at least one question."""
    visible = engine.visible_question_ids(questions, values)
    shown = {q.section_id for q in questions if q.pk in visible}
    target = number + direction
    while 1 <= target <= len(sections) and sections[target - 1].pk not in shown:
        target += direction
    return target


def _depends_on_page(question, page_questions) -> bool:
    ids = {q.pk for q in page_questions}
    return any(cond.depends_on_id in ids for cond in question.conditions.all())


@require_http_methods(["GET", "HEAD", "POST"])
def review(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if (early := _require_response(journey)) is not None:
        return early
    questions = journey.questions
    if request.method == "POST":
        try:
            services.submit_response(
                response=journey.response,
                questions=questions,
                receipt_builder=lambda r: _receipt(request, journey, r),
            )
        except services.SurveyClosed:
            return closed_page(request, journey)
        except services.IncompleteResponse as exc:
            first = exc.missing[0]
            number = [s.pk for s in journey.sections].index(first.section_id) + 1
            messages.error(
                request,
                _("Il manque des réponses obligatoires : complétez l’étape %(n)s avant d’envoyer.")
                % {"n": number},
            )
            return redirect(journey.url("step", number=number))
        return redirect(journey.url("confirmation"))
    summary = services.answers_summary(journey.response, questions)
    by_section = []
    for index, section in enumerate(journey.sections, start=1):
        by_section.append(
            {
                "section": section,
                "number": index,
                "answers": [(q, text) for q, text in summary if q.section_id == section.pk],
            }
        )
    return render(
        request,
        "surveys/review.html",
        journey.context(
            by_section=by_section, accepting=journey.questionnaire.is_accepting_answers()
        ),
    )


def _receipt(request, journey: Journey, response: Response) -> tuple[str, str]:
    lines = [
        f"- {q.label}\n  {text}"
        for q, text in services.answers_summary(response, journey.questions)
    ]
    link = resume_link(request, journey.participant)
    subject = _("Accusé de réception : « %(title)s »") % {"title": journey.questionnaire.title}
    body = _(
        "Bonjour,\n\nNous avons bien reçu vos réponses à l’enquête « %(title)s » "
        "(consultation « %(consultation)s »). Merci pour votre participation.\n\n"
        "Vos réponses :\n\n%(answers)s\n\nJusqu’à la clôture, vous pouvez les consulter, les "
        "modifier ou les retirer avec votre lien personnel :\n%(link)s\n"
    ) % {
        "title": journey.questionnaire.title,
        "consultation": journey.consultation.title,
        "answers": "\n".join(lines),
        "link": link,
    }
    return subject, body


@require_safe
def confirmation(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if journey.response is None or journey.response.status != ResponseStatus.SUBMITTED:
        return redirect(journey.questionnaire.get_absolute_url())
    resume_url = resume_link(request, journey.participant)
    return render(request, "surveys/confirmation.html", journey.context(resume_url=resume_url))


@require_POST
def withdraw(request, slug, theme_slug, questionnaire_slug):
    journey = Journey(request, slug, theme_slug, questionnaire_slug)
    if journey.response is None:
        return redirect(journey.questionnaire.get_absolute_url())
    try:
        services.withdraw_response(response=journey.response)
    except services.SurveyClosed:
        return closed_page(request, journey)
    messages.success(request, _("Vos réponses ont été retirées et supprimées."))
    return redirect(journey.questionnaire.get_absolute_url())


def resume_link(request: HttpRequest, participant: Participant, *, then: str = "") -> str:
    """The participant's private link, leading back to ``then`` once followed."""
    link = reverse("surveys:resume", args=[participant.token])
    if then:
        link += "?" + urlencode({"suivant": then})
    return request.build_absolute_uri(link)


@require_http_methods(["GET", "HEAD", "POST"])
def resume(request, token: str):
    """The private link: reopens the participant's answers on this browser.

    Opening it changes nothing but this browser's session; confirming the e-mail address
    takes a click (a POST), so that mail scanners which open links confirm nothing.
    """
    participant = Participant.objects.filter(token=token).select_related("consultation").first()
    if participant is None:
        raise Http404
    remember_participant(request, participant)
    then = request.GET.get("suivant", "")
    if not url_has_allowed_host_and_scheme(then, allowed_hosts={request.get_host()}):
        then = ""
    if request.method == "POST":
        services.mark_email_verified(participant=participant)
        messages.success(request, _("Votre adresse électronique est confirmée."))
        return redirect(then or request.path)
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
            "consultation": participant.consultation,
            "responses": responses,
            "then": then,
            "needs_confirmation": bool(participant.email) and not participant.email_verified_at,
        },
    )


@staff_member_required
@require_safe
def preview(request, pk: int):
    """The questionnaire as a participant sees it, every section on one page, nothing saved."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=pk
    )
    questions = services.questionnaire_questions(questionnaire)
    sections = []
    for section in questionnaire.sections.all():
        items = [
            {
                "question": q,
                "error": None,
                "raw": {},
                "same_page_condition": bool(q.conditions.all()),
                "heading_level": 3,  # under each section's h2
            }
            for q in questions
            if q.section_id == section.pk
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
        },
    )
