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
