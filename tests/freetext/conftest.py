"""A consultation with an open question and real answers to it (Grand Débat, tests/freetext/data),
its team, and the helpers that run the analysis the way the product does."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from concerto.freetext import actions, tasks
from concerto.freetext.models import Analysis, Assignment, Run, Source
from concerto.surveys.models import AnswerValue, QuestionKind, ResponseStatus
from tests.analysis.conftest import _CachedEmbedder
from tests.factories import ConsultationFactory, ThemeFactory, UserFactory, analyst, manager
from tests.surveys.conftest import QuestionFactory, QuestionnaireFactory, SectionFactory, respond

DATA = Path(__file__).parent / "data"
QUESTION = (
    "Pour quelle(s) politique(s) publique(s) ou pour quels domaines d'action publique, "
    "seriez-vous prêts à payer plus d'impôts ?"
)
# A copy-paste campaign: three participants send the same text.
CAMPAIGN = (
    "Aucun impôt de plus tant que le train de vie de l'État et des élus n'aura pas "
    "été réduit de moitié."
)
NON_ANSWERS = ["Je ne sais pas", "RAS"]


def real_answers() -> list[dict]:
    """Sixty real answers to the question, with the codes human coders gave them."""
    return [json.loads(line) for line in (DATA / "impots.jsonl").open(encoding="utf-8")]


@dataclass
class Survey:
    consultation: object
    questionnaire: object
    question: object  # long text, answered
    other_text: object  # long text, never answered
    choice: object  # a single choice: not analysable
    analyst: object
    manager: object

    def answers(self):
        return AnswerValue.objects.filter(question=self.question).order_by("pk")

    def answer(self, text: str):
        return self.answers().get(text=text)

    def add_answer(self, text: str, **kwargs):
        respond(self.questionnaire, {self.question.code: text}, **kwargs)
        return self.answers().last()


def build_survey(*, texts: list[str] | None = None, slug: str = "budget") -> Survey:
    consultation = ConsultationFactory(title="Le budget de l’État", slug=slug)
    theme = ThemeFactory(consultation=consultation, title="Fiscalité")
    questionnaire = QuestionnaireFactory(theme=theme, title="Vos priorités", slug=f"{slug}-q")
    section = SectionFactory(questionnaire=questionnaire)
    question = QuestionFactory(
        section=section, code=f"{slug}-impots", kind=QuestionKind.LONG_TEXT, label=QUESTION
    )
    other_text = QuestionFactory(
        section=section,
        code=f"{slug}-remarques",
        kind=QuestionKind.LONG_TEXT,
        label="Autre chose ?",
    )
    choice = QuestionFactory(section=section, code=f"{slug}-oui", kind=QuestionKind.YES_NO)
    survey = Survey(
        consultation=consultation,
        questionnaire=questionnaire,
        question=question,
        other_text=other_text,
        choice=choice,
        analyst=analyst(of=consultation),
        manager=manager(of=consultation),
    )
    if texts is None:
        texts = [row["text"] for row in real_answers()] + [CAMPAIGN] * 3 + NON_ANSWERS
    for text in texts:
        respond(questionnaire, {question.code: text})
    # A response still being written is not analysed.
    respond(
        questionnaire,
        {question.code: "Un brouillon jamais envoyé"},
        status=ResponseStatus.IN_PROGRESS,
    )
    return survey


@pytest.fixture
def survey(db) -> Survey:
    return build_survey()


@pytest.fixture
def small_survey(db) -> Survey:
    """Twenty answers: enough for the actions, quick to analyse."""
    return build_survey(texts=[row["text"] for row in real_answers()[:20]], slug="petit")


@pytest.fixture
def outsider(db):
    """A manager of another consultation."""
    return manager(of=ConsultationFactory(slug="ailleurs"))


@pytest.fixture(params=["anonymous", "participant", "outsider"])
def stranger(request, db):
    """Someone who may not analyse the survey: a visitor, a signed-in non-staff user, staff
    of another consultation's team."""
    if request.param == "anonymous":
        return AnonymousUser()
    if request.param == "participant":
        return UserFactory()
    return request.getfixturevalue("outsider")


@pytest.fixture(scope="session")
def _session_embedder():
    return _CachedEmbedder()


@pytest.fixture
def embedder(monkeypatch, _session_embedder):
    """The runs use the default model, each text embedded once for the whole session."""
    monkeypatch.setattr(tasks, "embedder", lambda: _session_embedder)
    return _session_embedder


@pytest.fixture
def run_now(django_capture_on_commit_callbacks, embedder):
    """Call an action that queues a run; the run is done (in this process) when it returns."""

    def call(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        if isinstance(result, Run):
            result.refresh_from_db()
        return result

    return call


@pytest.fixture
def analysis(small_survey) -> Analysis:
    return Analysis.objects.create(question=small_survey.question, created_by=small_survey.analyst)


@pytest.fixture
def themed(small_survey, analysis):
    """Two validated themes, the machine's assignments to them (as a validated proposal
    leaves them): answers 0–5 in « Santé », 4–9 in « Éducation »."""
    who = small_survey.analyst
    sante = actions.create_theme(who, analysis, label="Santé")
    education = actions.create_theme(who, analysis, label="Éducation")
    answers = list(small_survey.answers())
    for answer in answers[:6]:
        Assignment.objects.create(answer=answer, theme=sante, source=Source.MACHINE)
    for answer in answers[4:10]:
        Assignment.objects.create(answer=answer, theme=education, source=Source.MACHINE)
    return sante, education, answers
