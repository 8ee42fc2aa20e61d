import pytest

from concerto.analysis import DiscoveryParams, discover
from concerto.analysis.discover import OFF_TOPIC_ID

from .conftest import sample

OFF_TOPIC = [
    "",
    "???",
    "Je ne sais pas",
    "Mon chat s'appelle Félix et il adore dormir au soleil sur le rebord de la fenêtre.",
    "Le match de football de dimanche dernier était vraiment passionnant, quel but !",
]


@pytest.fixture(scope="module")
def environment_answers():
    return [r["text"] for r in sample("environnement")]


def test_output_shape(embedder, environment_answers):
    result = discover(environment_answers, embedder=embedder)
    themes = [t for t in result.themes if t.kind == "theme"]
    assert 2 <= len(themes) <= 12
    assert len(result.assignments) == len(environment_answers)
    ids = {t.id for t in result.themes}
    assert len(ids) == len(result.themes)
    for theme in result.themes:
        assert set(theme.as_json()) == {"id", "label", "terms", "count", "quotes", "kind"}
        assert theme.count == sum(theme.id in a for a in result.assignments)
    for theme in themes:
        assert theme.label.strip() and theme.terms
        assert 1 <= len(theme.quotes) <= 3
        assert all(q in {a.strip() for a in environment_answers} for q in theme.quotes)
    for assigned in result.assignments:
        assert assigned and set(assigned) <= ids


def test_bounds_and_determinism(embedder, environment_answers):
    params = DiscoveryParams(min_themes=3, max_themes=4)
    first = discover(environment_answers, embedder=embedder, params=params)
    second = discover(environment_answers, embedder=embedder, params=params)
    assert 3 <= len([t for t in first.themes if t.kind == "theme"]) <= 4
    assert first.assignments == second.assignments
    assert [t.label for t in first.themes] == [t.label for t in second.themes]


def test_empty_meaningless_and_off_topic_answers_are_set_apart(embedder):
    answers = [r["text"] for r in sample("impots")] + OFF_TOPIC
    result = discover(answers, embedder=embedder)
    off_topic = next(t for t in result.themes if t.id == OFF_TOPIC_ID)
    assert off_topic.kind == "off_topic"
    for i in range(len(answers) - len(OFF_TOPIC), len(answers)):
        assert result.assignments[i] == [OFF_TOPIC_ID], answers[i]
    # Real answers are not thrown away with them.
    assert off_topic.count < 0.1 * len(answers)


def test_a_multi_topic_answer_can_carry_several_themes(embedder, environment_answers):
    result = discover(environment_answers, embedder=embedder)
    assert any(len(a) > 1 for a in result.assignments)
