"""The consultation team's workspace (``/gestion/``): views parse, ask ``selectors`` for what
the user may see, call one staff action, and render or redirect.

Every page is server-rendered and works without JavaScript; each change is a POST that
redirects back to the builder at the element changed (``#question-12``), so that keyboard
and screen-reader users land where they were.
"""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concerto.consultations.access import can_manage
from concerto.surveys import engine
from concerto.surveys import staff_actions as structure
from concerto.surveys.answers import draft_answers, encode_draft
from concerto.surveys.engine import visible_codes
from concerto.surveys.messages import render as render_message
from concerto.surveys.models import (
    Choice,
    ConditionOperator,
    DisplayCondition,
    Question,
    Response,
    Section,
)
from concerto.surveys.structure import load

from . import actions, files, selectors
from .forms import (
    ConditionForm,
    ImportForm,
    NewQuestionForm,
    NewQuestionnaireForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
)


def staff_page(view):
    """Staff only (others to the admin's login); never cached: pages hold tokens and names."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def _builder_url(questionnaire, anchor: str = "", **params) -> str:
    url = reverse("workspace:builder", args=[questionnaire.pk])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url + (f"#{anchor}" if anchor else "")


def _refused(request, error) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, error.message)


# --- lists and dashboard -------------------------------------------------------------------


@require_safe
@staff_page
def home(request):
    return render(
        request,
        "workspace/home.html",
        {"consultations": selectors.my_consultations(request.user)},
    )


@require_safe
@staff_page
def consultation(request, pk: int):
    consultation = selectors.analysed_consultation(request.user, pk)
    return render(
        request,
        "workspace/consultation.html",
        {
            "consultation": consultation,
            "may_manage": can_manage(request.user, consultation),
            **selectors.dashboard(consultation),
        },
    )


@require_POST
@staff_page
def theme_publish(request, pk: int):
    theme = selectors.managed_theme(request.user, pk)
    published = request.POST.get("published") == "1"
    actions.set_theme_published(theme=theme, published=published, actor=request.user)
    messages.success(
        request,
        (
            _("La thématique « %(title)s » est publiée.")
            if published
            else _(
                "La thématique « %(title)s » est repassée en brouillon : les visiteurs ne la voient plus."
            )
        )
        % {"title": theme.title},
    )
    return HttpResponseRedirect(
        reverse("workspace:consultation", args=[theme.consultation_id]) + f"#theme-{theme.pk}"
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def questionnaire_add(request, pk: int):
    theme = selectors.managed_theme(request.user, pk)
    form = NewQuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = structure.create_questionnaire(
            theme=theme, title=form.cleaned_data["title"], actor=request.user
        )
        messages.success(request, _("Enquête créée, en brouillon. Ajoutez-lui une section."))
        return HttpResponseRedirect(_builder_url(questionnaire, "ajouter-section"))
    return render(
        request,
        "workspace/questionnaire_add.html",
        {"theme": theme, "consultation": theme.consultation, "form": form},
        status=400 if form.errors else 200,
    )


# --- the builder ---------------------------------------------------------------------------


def _builder_context(request, questionnaire, **forms) -> dict:
    definition = load(questionnaire.pk)
    answered = selectors.answered_question_ids(questionnaire)
    problems = engine.problems(definition)
    by_id = {q.id: q for q in definition.questions}
    editing = _int(request.GET.get("modifier"))
    if editing is not None and editing not in by_id:
        editing = None  # another questionnaire's question: nothing to open here
    codes_in_error = {p.question for p in problems if p.question}
    labels = {c.id: c.label for q in definition.questions for c in q.choices}
    sections = []
    for index, section in enumerate(definition.sections):
        questions = []
        for question in definition.section_questions(index):
            item = {
                "q": question,
                "kind": engine.kind(question.kind),
                "answered": question.id in answered,
                "in_error": question.code in codes_in_error,
                "conditions": _conditions_text(question, definition),
            }
            questions.append(item)
        sections.append({"def": section, "number": index + 1, "questions": questions})
    for position, section in enumerate(sections):
        section["first"] = position == 0
        section["last"] = position == len(sections) - 1
    context = {
        "questionnaire": questionnaire,
        "theme": questionnaire.theme,
        "consultation": questionnaire.theme.consultation,
        "definition": definition,
        "sections": sections,
        "problems": [
            {
                "text": render_message(p.message),
                "anchor": f"question-{definition.by_code[p.question].id}"
                if p.question in definition.by_code
                else (
                    f"section-{definition.sections[p.section].id}" if p.section is not None else ""
                ),
            }
            for p in problems
        ],
        "new_section_form": forms.get("new_section_form") or SectionForm(prefix="section"),
        "questionnaire_form": forms.get("questionnaire_form")
        or QuestionnaireForm(
            prefix="enquete",
            initial={
                "title": questionnaire.title,
                "introduction": questionnaire.introduction,
                "estimated_minutes": questionnaire.estimated_minutes,
            },
        ),
        "kinds": [(name, k) for name, k in engine.KINDS.items()],
        "choice_labels": labels,
    }
    if editing is not None:
        context["editing"] = _editor(request, questionnaire, definition, editing, answered, forms)
    new_question_in = _int(request.GET.get("ajouter"))
    if new_question_in is not None and any(s.id == new_question_in for s in definition.sections):
        context["adding_to"] = new_question_in
    context["new_question_form"] = forms.get("new_question_form") or NewQuestionForm(
        prefix="nouvelle"
    )
    section_editing = _int(request.GET.get("section"))
    if section_editing is not None and any(s.id == section_editing for s in definition.sections):
        section_def = next(s for s in definition.sections if s.id == section_editing)
        context["section_editing"] = section_editing
        context["section_form"] = forms.get("section_form") or SectionForm(
            prefix="modifier-section",
            initial={"title": section_def.title, "description": section_def.description},
        )
    return context


def _editor(request, questionnaire, definition, question_id: int, answered, forms) -> dict:
    """The open question's forms: its fields, its choices, its conditions."""
    question = Question.objects.get(pk=question_id)
    question_def = definition.by_id[question_id]
    kind = engine.kind(question.kind)
    earlier = []
    for other in definition.questions:
        if other.id == question_id:
            break
        if engine.kind(other.kind).operators:
            earlier.append(other)
    source_id = _int(request.GET.get("source"))
    source = next((q for q in earlier if q.id == source_id), None)
    condition_form = forms.get("condition_form")
    if source is not None and condition_form is None:
        condition_form = _condition_form(source, prefix="condition")
    conditions = list(
        DisplayCondition.objects.filter(question_id=question_id)
        .select_related("depends_on")
        .order_by("pk")
    )
    return {
        "question": question,
        "def": question_def,
        "kind": kind,
        "answered": question_id in answered,
        "form": forms.get("question_form")
        or QuestionForm(instance=question, prefix="question", answered=question_id in answered),
        "options": [c for c in question_def.choices if not c.is_row and not c.is_other],
        "rows": [c for c in question_def.choices if c.is_row],
        "answered_choices": set(
            Choice.objects.filter(question_id=question_id, answers__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        if question_id in answered
        else set(),
        "earlier": earlier,
        "source": source,
        "condition_form": condition_form,
        "conditions": [
            {"pk": c.pk, "text": _condition_sentence(c.depends_on.code, c, definition)}
            for c in conditions
        ],
    }


def _condition_form(source, data=None, prefix="condition") -> ConditionForm:
    source_kind = engine.kind(source.kind)
    values = source_kind.condition_values(source) or []
    labels = {c.code: c.label for c in source.options}
    return ConditionForm(
        data,
        prefix=prefix,
        operators=[(op, ConditionOperator(op).label) for op in source_kind.operators],
        values=[(v, labels.get(v, v)) for v in values],
        initial={"depends_on": source.id, "operator": source_kind.operators[0]},
    )


def _condition_sentence(source_code: str, condition, definition) -> str:
    source = definition.by_code.get(source_code)
    labels = {c.code: c.label for c in source.options} if source else {}
    values = ", ".join(f"« {labels.get(str(v), v)} »" for v in condition.values)
    label = source.label if source else source_code
    operator = ConditionOperator(condition.operator).label
    if condition.operator == ConditionOperator.ANSWERED:
        return _("si « %(q)s » %(op)s") % {"q": label, "op": operator}
    return _("si « %(q)s » %(op)s %(values)s") % {"q": label, "op": operator, "values": values}


def _conditions_text(question, definition) -> list[str]:
    return [_condition_sentence(c.depends_on, c, definition) for c in question.conditions]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
@staff_page
def builder(request, pk: int):
    questionnaire = selectors.managed_questionnaire(request.user, pk)
    return render(request, "workspace/builder.html", _builder_context(request, questionnaire))


def _builder_post(view):
    """A change to one questionnaire: the questionnaire must be one the user manages."""

    @require_POST
    @staff_page
    @functools.wraps(view)
    def wrapper(request, pk: int, *args, **kwargs):
        questionnaire = selectors.managed_questionnaire(request.user, pk)
        return view(request, questionnaire, *args, **kwargs)

    return wrapper


def _section(questionnaire, section_id: int) -> Section:
    # An id from another questionnaire is not found, whoever manages that one.
    return get_object_or_404(Section, pk=section_id, questionnaire=questionnaire)


def _question(questionnaire, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section"), pk=question_id, questionnaire=questionnaire
    )


def _offset(request) -> int:
    offset = _int(request.POST.get("offset"))
    if offset not in (-1, 1):
        raise Http404
    return offset


@_builder_post
def questionnaire_change(request, questionnaire):
    form = QuestionnaireForm(request.POST, prefix="enquete")
    if not form.is_valid():
        context = _builder_context(request, questionnaire, questionnaire_form=form)
        return render(request, "workspace/builder.html", context, status=400)
    structure.update_questionnaire(
        questionnaire=questionnaire, actor=request.user, **form.cleaned_data
    )
    messages.success(request, _("Présentation de l’enquête enregistrée."))
    return HttpResponseRedirect(_builder_url(questionnaire, "presentation"))


@_builder_post
def publish(request, questionnaire):
    published = request.POST.get("published") == "1"
    try:
        structure.set_published(
            questionnaire=questionnaire, published=published, actor=request.user
        )
    except structure.PublicationRefused:
        messages.error(
            request,
            _("L’enquête n’est pas publiée : corrigez d’abord les problèmes listés."),
        )
        return HttpResponseRedirect(_builder_url(questionnaire, "verifications"))
    messages.success(
        request,
        _("L’enquête est publiée.")
        if published
        else _("L’enquête est repassée en brouillon : les participants ne la voient plus."),
    )
    return HttpResponseRedirect(_builder_url(questionnaire))


@_builder_post
def section_add(request, questionnaire):
    form = SectionForm(request.POST, prefix="section")
    if not form.is_valid():
        context = _builder_context(request, questionnaire, new_section_form=form)
        return render(request, "workspace/builder.html", context, status=400)
    section = structure.create_section(
        questionnaire=questionnaire, actor=request.user, **form.cleaned_data
    )
    messages.success(request, _("Section « %(title)s » ajoutée.") % {"title": section.title})
    return HttpResponseRedirect(_builder_url(questionnaire, f"section-{section.pk}"))


@_builder_post
def section_change(request, questionnaire, section_id: int):
    section = _section(questionnaire, section_id)
    form = SectionForm(request.POST, prefix="modifier-section")
    if not form.is_valid():
        request.GET = request.GET.copy()
        request.GET["section"] = str(section.pk)
        context = _builder_context(request, questionnaire, section_form=form)
        return render(request, "workspace/builder.html", context, status=400)
    structure.update_section(section=section, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Section enregistrée."))
    return HttpResponseRedirect(_builder_url(questionnaire, f"section-{section.pk}"))


@_builder_post
def section_move(request, questionnaire, section_id: int):
    section = _section(questionnaire, section_id)
    try:
        structure.move_section(section=section, offset=_offset(request), actor=request.user)
    except structure.StructureRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Section « %(title)s » déplacée.") % {"title": section.title})
    return HttpResponseRedirect(_builder_url(questionnaire, f"section-{section.pk}"))


@_builder_post
def section_delete(request, questionnaire, section_id: int):
    section = _section(questionnaire, section_id)
    try:
        structure.delete_section(section=section, actor=request.user)
    except structure.DeletionRefused as refused:
        _refused(request, refused)
        return HttpResponseRedirect(_builder_url(questionnaire, f"section-{section.pk}"))
    messages.success(request, _("Section « %(title)s » supprimée.") % {"title": section.title})
    return HttpResponseRedirect(_builder_url(questionnaire))


@_builder_post
def question_add(request, questionnaire, section_id: int):
    section = _section(questionnaire, section_id)
    form = NewQuestionForm(request.POST, prefix="nouvelle")
    if not form.is_valid():
        request.GET = request.GET.copy()
        request.GET["ajouter"] = str(section.pk)
        context = _builder_context(request, questionnaire, new_question_form=form)
        return render(request, "workspace/builder.html", context, status=400)
    try:
        question = structure.create_question(
            section=section,
            kind=form.cleaned_data["kind"],
            label=form.cleaned_data["label"],
            actor=request.user,
        )
    except (structure.StructureRefused, ValidationError) as refused:
        _refused(request, refused)
        return HttpResponseRedirect(_builder_url(questionnaire, f"section-{section.pk}"))
    messages.success(
        request,
        _("Question ajoutée : complétez-la ci-dessous (code « %(code)s »).")
        % {"code": question.code},
    )
    return HttpResponseRedirect(
        _builder_url(questionnaire, f"question-{question.pk}", modifier=question.pk)
    )


@_builder_post
def question_change(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    answered = structure.question_has_answers(question)
    kind = request.POST.get("question-kind", question.kind)
    if answered or kind not in engine.KINDS:
        kind = question.kind
    form = QuestionForm(
        request.POST,
        instance=Question.objects.get(pk=question.pk),
        prefix="question",
        answered=answered,
        kind=kind,
    )
    if form.is_valid():
        changes = {
            name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data
        }
        try:
            structure.update_question(question=question, actor=request.user, **changes)
        except (ValidationError, structure.StructureRefused) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, getattr(error, "message", None) or error.messages)
        else:
            messages.success(
                request,
                _("Question « %(code)s » enregistrée.")
                % {"code": changes.get("code", question.code)},
            )
            return HttpResponseRedirect(
                _builder_url(questionnaire, f"question-{question.pk}", modifier=question.pk)
            )
    request.GET = request.GET.copy()
    request.GET["modifier"] = str(question.pk)
    context = _builder_context(request, questionnaire, question_form=form)
    return render(request, "workspace/builder.html", context, status=400)


@_builder_post
def question_duplicate(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    copy = structure.duplicate_question(question=question, actor=request.user)
    messages.success(
        request,
        _("Question dupliquée : la copie « %(code)s » suit l’original.") % {"code": copy.code},
    )
    return HttpResponseRedirect(_builder_url(questionnaire, f"question-{copy.pk}"))


@_builder_post
def question_move(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    try:
        structure.move_question(question=question, offset=_offset(request), actor=request.user)
    except structure.StructureRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Question « %(code)s » déplacée.") % {"code": question.code})
    # Focus comes back to the moved question's own move button.
    direction = "monter" if _offset(request) < 0 else "descendre"
    return HttpResponseRedirect(_builder_url(questionnaire, f"{direction}-{question.pk}"))


@_builder_post
def question_delete(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    code = question.code
    try:
        structure.delete_question(question=question, actor=request.user)
    except structure.DeletionRefused as refused:
        _refused(request, refused)
        return HttpResponseRedirect(_builder_url(questionnaire, f"question-{question.pk}"))
    messages.success(request, _("Question « %(code)s » supprimée.") % {"code": code})
    return HttpResponseRedirect(_builder_url(questionnaire, f"section-{question.section_id}"))


def _ids(request, prefix: str) -> dict[int, str]:
    found = {}
    for key, value in request.POST.items():
        if key.startswith(prefix):
            pk = _int(key[len(prefix) :])
            if pk is None:
                raise Http404
            found[pk] = value
    return found


@_builder_post
def choices_change(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    rows = request.POST.get("rows") == "1"
    labels = _ids(request, "libelle-")
    delete = {pk for pk in _ids(request, "supprimer-")}
    try:
        structure.set_choices(
            question=question,
            actor=request.user,
            labels=labels,
            delete=delete,
            add=request.POST.get("ajouter", ""),
            rows=rows,
        )
    except structure.StructureRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("Lignes enregistrées.") if rows else _("Choix enregistrés."))
    anchor = f"{'lignes' if rows else 'choix'}-{question.pk}"
    return HttpResponseRedirect(_builder_url(questionnaire, anchor, modifier=question.pk))


@_builder_post
def choice_move(request, questionnaire, question_id: int, choice_id: int):
    question = _question(questionnaire, question_id)
    choice = get_object_or_404(Choice, pk=choice_id, question=question, is_other=False)
    try:
        structure.move_choice(choice=choice, offset=_offset(request), actor=request.user)
    except structure.StructureRefused as refused:
        _refused(request, refused)
    direction = "monter" if _offset(request) < 0 else "descendre"
    return HttpResponseRedirect(
        _builder_url(questionnaire, f"{direction}-choix-{choice.pk}", modifier=question.pk)
    )


@_builder_post
def condition_add(request, questionnaire, question_id: int):
    question = _question(questionnaire, question_id)
    definition = load(questionnaire.pk)
    source_id = _int(request.POST.get("condition-depends_on"))
    source_def = definition.by_id.get(source_id) if source_id is not None else None
    if source_def is None:
        messages.error(
            request,
            _("La question choisie pour la condition n’appartient pas à cette enquête."),
        )
        return HttpResponseRedirect(
            _builder_url(questionnaire, f"conditions-{question.pk}", modifier=question.pk)
        )
    form = _condition_form(source_def, request.POST)
    if form.is_valid():
        try:
            structure.add_condition(
                question=question,
                depends_on=Question.objects.get(pk=source_id),
                operator=form.cleaned_data["operator"],
                values=form.cleaned_data["values"],
                actor=request.user,
            )
        except structure.StructureRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("Condition d’affichage ajoutée."))
        return HttpResponseRedirect(
            _builder_url(questionnaire, f"conditions-{question.pk}", modifier=question.pk)
        )
    request.GET = request.GET.copy()
    request.GET["modifier"] = str(question.pk)
    request.GET["source"] = str(source_id)
    context = _builder_context(request, questionnaire, condition_form=form)
    return render(request, "workspace/builder.html", context, status=400)


@_builder_post
def condition_delete(request, questionnaire, condition_id: int):
    condition = get_object_or_404(
        DisplayCondition.objects.select_related("question", "depends_on"),
        pk=condition_id,
        question__questionnaire=questionnaire,
    )
    structure.delete_condition(condition=condition, actor=request.user)
    messages.success(request, _("Condition d’affichage supprimée."))
    return HttpResponseRedirect(
        _builder_url(
            questionnaire, f"conditions-{condition.question_id}", modifier=condition.question_id
        )
    )


# --- the preview ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def preview(request, pk: int):
    """The questionnaire one section at a time, as a participant meets it: the answers given
    on earlier pages decide which questions and sections show. Kept in the session, never
    saved; « Recommencer » forgets them."""
    questionnaire = selectors.managed_questionnaire(request.user, pk)
    definition = load(questionnaire.pk)
    key = f"concerto.workspace.preview.{questionnaire.pk}"
    total = len(definition.sections)
    number = _int(request.GET.get("etape")) or 1
    if request.method == "POST" and "recommencer" in request.POST:
        request.session.pop(key, None)
        return HttpResponseRedirect(reverse("workspace:preview", args=[pk]))
    answers = draft_answers(Response(draft=request.session.get(key, {})), definition)
    values = {code: a.value for code, a in answers.items()}
    if total == 0:
        return render(
            request,
            "workspace/preview.html",
            {
                "questionnaire": questionnaire,
                "empty": True,
                "consultation": questionnaire.theme.consultation,
            },
        )
    number = min(max(number, 1), total)
    page_questions = definition.section_questions(number - 1)
    errors = {}
    parsed = {}
    if request.method == "POST":
        parsed = {
            q.code: engine.kind(q.kind).parse(q, request.POST)
            for q in page_questions
            if q.takes_answers
        }
        merged = {**values, **{c: p.value for c, p in parsed.items() if p.error is None}}
        visible = visible_codes(definition.questions, merged)
        errors = {c: p for c, p in parsed.items() if p.error and c in visible}
        for code, item in parsed.items():
            if item.error is None and code in visible:
                answers[code] = item.answer
            elif code not in visible:
                answers.pop(code, None)
        request.session[key] = encode_draft(answers, definition)
        values = merged
        if not errors:
            direction = -1 if "precedent" in request.POST else 1
            visible = visible_codes(definition.questions, values)
            shown = {q.section for q in definition.questions if q.code in visible}
            target = number + direction
            while 1 <= target <= total and target - 1 not in shown:
                target += direction
            if target > total:
                messages.success(
                    request,
                    _(
                        "Fin de l’aperçu : un participant arriverait ici au récapitulatif de ses réponses."
                    ),
                )
                target = total
            target = max(target, 1)
            return HttpResponseRedirect(
                reverse("workspace:preview", args=[pk]) + f"?etape={target}"
            )
    visible = visible_codes(definition.questions, values)
    page_codes = {q.code for q in page_questions}
    items = []
    hidden = []
    for question in page_questions:
        same_page = any(c.depends_on in page_codes for c in question.conditions)
        if question.code not in visible and not same_page:
            hidden.append(question)
            continue
        item = parsed.get(question.code)
        if item is not None:
            raw = item.raw
        elif question.code in answers:
            raw = engine.kind(question.kind).form_values(question, answers[question.code])
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
            }
        )
    return render(
        request,
        "workspace/preview.html",
        {
            "questionnaire": questionnaire,
            "consultation": questionnaire.theme.consultation,
            "section": definition.sections[number - 1],
            "number": number,
            "total": total,
            "items": items,
            "hidden": hidden,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- files -----------------------------------------------------------------------------------


@require_safe
@staff_page
def questionnaire_export(request, pk: int):
    questionnaire = selectors.managed_questionnaire(request.user, pk)
    document = files.export_questionnaire(questionnaire)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="enquete-{questionnaire.slug}.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def questionnaire_import(request, pk: int):
    theme = selectors.managed_theme(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = files.read_upload(upload)
        except files.FileRefused as refused:
            form.add_error("file", refused.message)
        else:
            questionnaire = structure.import_questionnaire(
                theme=theme, spec=result.spec, actor=request.user, source=result.source
            )
            report = result.report
            if report:
                messages.warning(
                    request,
                    _(
                        "Enquête importée en brouillon, avec %(n)s élément(s) non repris : voyez le rapport ci-dessous."
                    )
                    % {"n": len(report)},
                )
                return render(
                    request,
                    "workspace/import_report.html",
                    {
                        "theme": theme,
                        "consultation": theme.consultation,
                        "questionnaire": questionnaire,
                        "report": report,
                    },
                )
            messages.success(request, _("Enquête importée en brouillon."))
            return HttpResponseRedirect(_builder_url(questionnaire))
    return render(
        request,
        "workspace/import.html",
        {"theme": theme, "consultation": theme.consultation, "form": form},
        status=400 if form.errors else 200,
    )
