import itertools

import numpy as np
import pytest

from concerto.analysis import Code, code_answers

from .conftest import sample


def f1(predicted, gold):
    p, g = set(predicted), set(gold)
    tp = len(p & g)
    return 2 * tp / (len(p) + len(g)) if tp else 0.0


def codebook(rows):
    return [Code(c, c) for c in sorted({c for r in rows for c in r["codes"]})]


@pytest.mark.parametrize("question", ["environnement", "impots"])
def test_more_coded_examples_never_make_coding_worse(embedder, question):
    rows = sample(question)
    held_out, pool = rows[-30:], rows[:-30]
    book = codebook(rows)
    scores = []
    for n in (0, 10, 25, len(pool)):
        predicted = code_answers(
            [r["text"] for r in held_out],
            book,
            embedder=embedder,
            example_texts=[r["text"] for r in pool[:n]],
            example_codes=[r["codes"] for r in pool[:n]],
        )
        scores.append(
            np.mean(
                [
                    f1([c for c, _ in p], r["codes"])
                    for p, r in zip(predicted, held_out, strict=True)
                ]
            )
        )
    assert all(later >= earlier - 0.02 for earlier, later in itertools.pairwise(scores)), scores
    assert scores[-1] > scores[0] + 0.1, scores


def test_output_shape_and_confidences(embedder):
    rows = sample("environnement")
    book = [*codebook(rows), Code("X", "Une catégorie que personne n'utilise", "jamais")]
    texts = [r["text"] for r in rows[:20]]
    predicted = code_answers(
        texts,
        book,
        embedder=embedder,
        example_texts=[r["text"] for r in rows[20:]],
        example_codes=[r["codes"] + ["pas dans le codebook"] for r in rows[20:]],
    )
    names = {c.code for c in book}
    assert len(predicted) == len(texts)
    for codes in predicted:
        assert codes, "every answer gets at least one code"
        assert {c for c, _ in codes} <= names
        confidences = [s for _, s in codes]
        assert all(0.0 <= s <= 1.0 for s in confidences)
        assert confidences == sorted(confidences, reverse=True)


def test_labels_alone_and_rule_given_codes(embedder):
    book = [
        Code("sante", "Santé", "hôpitaux, médecins, soins"),
        Code("ecole", "Éducation", "école, enseignants"),
        Code("Z Autres", "Z Autres"),
        Code("vide", "Sans réponse / Hors sujet / Inclassable"),
    ]
    texts = [
        "Pour les hôpitaux et les médecins de campagne",
        "L'école publique et la rémunération des enseignants",
        "???",
    ]
    predicted = code_answers(texts, book, embedder=embedder)
    assert predicted[0][0][0] == "sante"
    assert predicted[1][0][0] == "ecole"
    assert [c for c, _ in predicted[2]] == ["vide"]
    assert "Z Autres" in [c for c, _ in predicted[1]]  # a real answer of some length


def test_expected_f1_rule_keeps_as_many_codes_as_the_scores_call_for():
    from concerto.analysis.coding import _keep

    score = np.array([[0.9, 0.8, 0.1], [0.9, 0.1, 0.05], [0.4, 0.35, 0.3]])
    keep = _keep(score, 1.0, "f1")
    # Two likely codes are both kept, one likely code alone, three middling ones all kept.
    assert keep.tolist() == [[True, True, False], [True, False, False], [True, True, True]]
    # The best code is kept even when every score is low (an answer always gets a code).
    assert _keep(np.array([[0.01, 0.02, 0.0]]), 0.5, "absolute").tolist() == [[False, True, False]]


def test_label_spreading_reaches_answers_through_their_neighbours():
    from scipy import sparse

    from concerto.analysis.coding import _propagate

    # A chain 0 — 1 — 2 — 3: node 0 coded A, node 3 coded B; node 1 is nearer A, node 2 nearer B.
    w = sparse.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], float))
    scale = sparse.diags(1 / np.sqrt(np.asarray(w.sum(axis=1)).ravel()))
    spread = _propagate(
        scale @ w @ scale, np.array([0, 3]), np.array([[1.0, 0.0], [0.0, 1.0]]), 0.9
    )
    assert spread[1, 0] > spread[1, 1] and spread[2, 1] > spread[2, 0]
    assert np.allclose(spread.sum(axis=1), 1.0)  # a weighted average of the seeds' codes


def test_options_left_off_still_code_every_answer(embedder):
    """The options measured and left off (bench/RESULTS.md) keep working, for re-measuring."""
    from dataclasses import replace

    from concerto.analysis import CodingParams

    rows = sample("environnement")
    book = codebook(rows)
    params = replace(
        CodingParams(),
        rules=("relative", "absolute", "f1"),
        propagation=True,
        code_factor_min_examples=2,
        label_expansion=0.5,
    )
    report: dict = {"scores": None}
    predicted = code_answers(
        [r["text"] for r in rows[:30]],
        book,
        embedder=embedder,
        example_texts=[r["text"] for r in rows[30:]],
        example_codes=[r["codes"] for r in rows[30:]],
        params=params,
        report=report,
    )
    assert len(predicted) == 30 and all(predicted)
    assert report["blend"].calibrated_f1 is not None
    assert report["scores"].shape == (30, len(book))
    labels_only = code_answers(
        [r["text"] for r in rows[:30]], book, embedder=embedder, params=params
    )
    assert all(labels_only)
