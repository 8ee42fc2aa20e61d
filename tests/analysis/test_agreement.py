import pytest

from concerto.analysis import Code, cross_validated_agreement, mean_with_interval, per_answer_f1

from .conftest import sample


@pytest.mark.parametrize(
    ("a", "b", "f1"),
    [
        (set(), set(), 1.0),  # both say « none of these »
        ({"santé"}, {"santé"}, 1.0),
        ({"santé"}, {"école"}, 0.0),
        ({"santé", "école"}, {"santé"}, 2 / 3),
        ({"santé"}, set(), 0.0),
        (["santé", "santé"], ["santé"], 1.0),
    ],
)
def test_per_answer_f1(a, b, f1):
    assert per_answer_f1(a, b) == pytest.approx(f1)
    assert per_answer_f1(b, a) == pytest.approx(f1)


def test_mean_with_interval_says_how_sure_it_is():
    values = [0.0, 1.0] * 50
    result = mean_with_interval(values, seed=3)
    assert set(result) == {"mean", "low", "high", "n"}
    assert result["n"] == 100 and result["mean"] == 0.5
    assert 0.38 < result["low"] < 0.5 < result["high"] < 0.62
    assert mean_with_interval(values, seed=3) == result  # seeded: the same every time
    # Fewer values, wider interval.
    few = mean_with_interval([0.0, 1.0] * 5, seed=3)
    assert few["high"] - few["low"] > result["high"] - result["low"]


def test_mean_with_interval_of_nothing_or_one_value():
    assert mean_with_interval([]) == {"mean": None, "low": None, "high": None, "n": 0}
    assert mean_with_interval([0.75]) == {"mean": 0.75, "low": 0.75, "high": 0.75, "n": 1}


def test_cross_validated_agreement_codes_each_answer_from_the_others(embedder):
    rows = sample("environnement")[:40]
    book = [Code(c, c) for c in sorted({c for r in rows for c in r["codes"]})]
    texts = [r["text"] for r in rows]
    codes = [r["codes"] for r in rows]
    result = cross_validated_agreement(texts, book, codes, embedder=embedder, folds=4)
    assert result["n"] == 40
    assert 0.0 <= result["low"] <= result["mean"] <= result["high"] <= 1.0
    # Real answers coded from thirty others agree with their coders more than chance does.
    assert result["mean"] > 0.3
    vectors = embedder.embed(texts)
    again = cross_validated_agreement(
        texts, book, codes, embedder=embedder, folds=4, embeddings=vectors
    )
    assert again == result


def test_cross_validated_agreement_needs_codes_for_each_text(embedder):
    with pytest.raises(ValueError):
        cross_validated_agreement(["a", "b"], [Code("x", "x")], [["x"]], embedder=embedder)
    assert cross_validated_agreement(["a"], [Code("x", "x")], [["x"]], embedder=embedder)["n"] == 0
