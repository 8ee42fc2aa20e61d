"""What results count of an analysis: effective themes (the first review wins over the
machine), counts by profile, campaigns counted once, representative quotes, the coding
sample."""

from __future__ import annotations

import pytest

from concerto.freetext import selectors
from concerto.surveys.models import AnswerValue, ResponseStatus
from tests.factories import StaffUserFactory
from tests.surveys.conftest import respond

from .results_kit import Kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(db):
    return Kit()


@pytest.fixture
def alice(db):
    return StaffUserFactory(username="alice")


@pytest.fixture
def bob(db):
    return StaffUserFactory(username="bob")


def test_only_text_questions_are_analysable(kit):
    codes = [q.code for q in selectors.analysable_questions(kit.questionnaire)]
    assert codes == ["idees", "mot"]


def test_analysed_answers_are_the_non_empty_texts_of_submitted_responses(kit):
    kept = kit.answer("Former les équipes.")
    # An empty text (as an « Autre » left blank can leave) is nothing to analyse.
    AnswerValue.objects.create(
        response=respond(kit.questionnaire, {"usage": "oui"}), question=kit.question, text=""
    )
    draft = kit.answer("Encore un brouillon.")
    draft.response.status = ResponseStatus.IN_PROGRESS
    draft.response.save(update_fields=["status"])
    assert list(selectors.analysed_answers(kit.question)) == [kept]


def test_effective_themes_first_review_wins_over_the_machine(kit, alice, bob):
    training, tools, money = kit.theme_("Formation"), kit.theme_("Outils"), kit.theme_("Moyens")
    machine_only, reviewed, reviewed_to_none, untouched = (
        kit.answer(text) for text in ("un", "deux", "trois", "quatre")
    )
    kit.discovery()
    kit.machine(machine_only, training)
    kit.machine(reviewed, training)
    kit.machine(reviewed_to_none, tools)
    kit.review(reviewed, alice, [tools, money])
    kit.review(reviewed, bob, [training], double=True)  # a second opinion: not what counts
    kit.review(reviewed_to_none, alice, [])  # « none of these »

    themes = selectors.effective_themes(kit.analysis)

    assert themes == {
        machine_only.pk: {training.pk},
        reviewed.pk: {tools.pk, money.pk},
        reviewed_to_none.pk: set(),
        untouched.pk: set(),
    }
    assert set(selectors.answers_of_theme(training)) == {machine_only}
    assert set(selectors.answers_of_theme(training, source="machine")) == {machine_only, reviewed}
    assert set(selectors.answers_of_theme(training, source="analyst")) == {reviewed}
    assert set(selectors.unthemed_answers(kit.analysis)) == {reviewed_to_none, untouched}


def test_the_first_reviewer_counts_even_when_a_later_one_disagrees(kit, alice, bob):
    training, tools = kit.theme_("Formation"), kit.theme_("Outils")
    answer = kit.answer("Des formations.")
    kit.review(answer, bob, [training])
    kit.review(answer, alice, [tools])
    assert selectors.effective_themes(kit.analysis) == {answer.pk: {training.pk}}


def test_counts_by_profile_and_shares(kit):
    training, tools = kit.theme_("Formation", 0), kit.theme_("Outils", 1)
    citizens = kit.answers("Former", 6, profile=kit.citizen)
    institutions = kit.answers("Outils", 3, profile=kit.institution)
    nobody = kit.answers("Rien", 1)
    kit.discovery()
    kit.machine(citizens, training)
    kit.machine(institutions[:2], training)
    kit.machine(institutions, tools)

    counts = {c.theme.label: c for c in selectors.theme_counts(kit.analysis)}

    assert [c.theme.label for c in selectors.theme_counts(kit.analysis)] == ["Formation", "Outils"]
    assert counts["Formation"].count == 8
    assert counts["Formation"].by_profile == {kit.citizen.pk: 6, kit.institution.pk: 2}
    assert counts["Outils"].by_profile == {kit.institution.pk: 3}
    assert counts["Formation"].base == 10  # every written answer, themed or not
    assert counts["Formation"].base_by_profile == {
        kit.citizen.pk: 6,
        kit.institution.pk: 3,
        None: len(nobody),
    }
    assert counts["Formation"].share == pytest.approx(80.0)
    assert counts["Outils"].share_of(kit.institution.pk) == pytest.approx(100.0)

    only_citizens = selectors.theme_counts(kit.analysis, profiles=[kit.citizen.pk])
    assert [(c.count, c.base) for c in only_citizens] == [(6, 6), (0, 6)]


def test_a_campaign_counts_once_with_its_signatures(kit):
    training = kit.theme_("Formation")
    campaign = kit.answers("Copié-collé de la pétition", 40, distinct=False, profile=kit.citizen)
    own_words = kit.answers("Mes mots", 5, profile=kit.citizen)
    kit.discovery()
    kit.machine(campaign + own_words, training)
    kit.campaign(campaign)

    plain = selectors.theme_counts(kit.analysis)[0]
    once = selectors.theme_counts(kit.analysis, campaigns_once=True)[0]

    assert (plain.count, plain.base) == (45, 45)
    assert (once.count, once.campaigns, once.signatures) == (6, 1, 40)
    assert once.base == 6
    assert once.by_profile == {kit.citizen.pk: 6}
    # The campaign is quoted once, by its representative.
    texts = [answer.text for answer in once.quotes]
    assert texts.count("Copié-collé de la pétition") <= 1


def test_campaigns_of_an_older_discovery_do_not_count(kit):
    training = kit.theme_("Formation")
    copies = kit.answers("Copie", 10, distinct=False)
    kit.discovery()
    kit.machine(copies, training)
    kit.campaign(copies)
    kit.discovery()  # a newer run that found no campaign

    once = selectors.theme_counts(kit.analysis, campaigns_once=True)[0]
    assert (once.count, once.campaigns) == (10, 0)


def test_quotes_analyst_coded_first_then_most_confident(kit, alice):
    training = kit.theme_("Formation")
    low, high, middle, coded = (
        kit.answer(text) for text in ("peu sûr", "très sûr", "assez sûr", "relu")
    )
    kit.discovery()
    kit.machine(low, training, confidence=0.2)
    kit.machine(high, training, confidence=0.9)
    kit.machine(middle, training, confidence=0.5)
    kit.review(coded, alice, [training])

    quotes = selectors.theme_counts(kit.analysis)[0].quotes

    assert [answer.text for answer in quotes] == ["relu", "très sûr", "assez sûr"]


def test_counts_take_a_fixed_number_of_queries(kit, django_assert_max_num_queries, alice):
    themes = [kit.theme_(f"Thème {i}", i) for i in range(4)]
    kit.discovery()
    for i in range(30):
        answer = kit.answer(f"Réponse {i}", profile=kit.citizen if i % 2 else kit.institution)
        kit.machine(answer, themes[i % 4], confidence=i / 30)
        if i % 7 == 0:
            kit.review(answer, alice, [themes[(i + 1) % 4]])
    kit.campaign(list(selectors.analysed_answers(kit.question)[:5]))
    with django_assert_max_num_queries(8):
        counts = selectors.theme_counts(kit.analysis, campaigns_once=True)
        for count in counts:
            [answer.profile for answer in count.quotes]
    assert sum(c.count for c in counts) > 0


def test_the_coding_sample_is_seeded_stable_and_skips_reviewed_answers(kit, alice, bob):
    answers = kit.answers("Réponse", 30)
    first = selectors.sample_for_coding(kit.analysis, alice, size=10)
    assert len(first) == 10
    assert first == selectors.sample_for_coding(kit.analysis, alice, size=10)
    assert first != answers[:10]  # not in the order received
    assert first != selectors.sample_for_coding(kit.analysis, bob, size=10)

    kit.review(first[0], alice, [])
    kit.review(first[1], bob, [])
    after = selectors.sample_for_coding(kit.analysis, alice, size=8)
    assert after == first[2:10]  # the others keep their place
