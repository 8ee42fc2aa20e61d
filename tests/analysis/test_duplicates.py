from concerto.analysis import find_duplicates

from .conftest import sample

CAMPAIGN = (
    "Je demande le rétablissement de l'ISF et la fin du CICE pour les grandes entreprises, "
    "l'argent public doit aller aux services publics de proximité."
)


def test_copies_and_lightly_edited_copies_form_one_group():
    texts = [r["text"] for r in sample("impots")]
    edited = [
        CAMPAIGN,
        CAMPAIGN.upper(),
        CAMPAIGN.replace("l'ISF", "l’ISF").replace(".", " !"),
        CAMPAIGN.replace("grandes ", ""),  # one word dropped
        CAMPAIGN.replace("services publics", "servces publics"),  # a typo
    ]
    texts += edited
    groups = find_duplicates(texts)
    campaign = next(g for g in groups if len(texts) - 1 in g)
    assert campaign == list(range(len(texts) - len(edited), len(texts)))


def test_real_copy_paste_in_the_sample_is_found():
    rows = sample("impots")
    texts = [r["text"] for r in rows]
    groups = find_duplicates(texts)
    grouped = {texts[i] for g in groups for i in g}
    assert any("Je ne suis pas prête à payer plus" in t for t in grouped)
    # Every group holds texts that are the same once case and punctuation are set aside.
    for group in groups:
        assert len({texts[i].lower()[:30] for i in group}) <= 2


def test_short_identical_answers_and_different_answers_are_not_grouped():
    texts = [
        "Santé",
        "Santé",
        "Aucun",
        "Aucun",
        "L'éducation et la santé.",
        "La défense et la justice.",
    ]
    assert find_duplicates(texts) == []
