"""One table of display-condition cases, run through the Python engine and through
``questionnaire.js`` in Chromium: the two implementations must agree on every line.

Each case: (operator, the condition's values, the codes the answer holds, holds?).
An empty list of codes is an unanswered (or hidden) question.
"""

CASES = [
    # « est égal à »: the answer holds the value.
    ("equals", ["oui"], ["oui"], True),
    ("equals", ["oui"], ["non"], False),
    ("equals", ["oui"], [], False),
    ("equals", ["a"], ["b", "a"], True),  # a multiple choice that ticked it
    ("equals", ["a"], ["b", "c"], False),
    # Several values (refused before publishing) mean « est l'un de », as the page shows.
    ("equals", ["a", "b"], ["a"], True),
    ("equals", ["7"], ["7"], True),
    # « est l'un de »
    ("any_of", ["1", "2"], ["2"], True),
    ("any_of", ["1", "2"], ["4"], False),
    ("any_of", ["1", "2"], [], False),
    ("any_of", ["a"], ["b", "a"], True),
    # « est différent de »: answered, and none of the values.
    ("not_equals", ["non"], ["oui"], True),
    ("not_equals", ["non"], ["non"], False),
    ("not_equals", ["non"], [], False),  # unanswered meets no condition
    ("not_equals", ["a"], ["a", "b"], False),
    ("not_equals", ["a"], ["b", "c"], True),
    ("not_equals", ["a", "b"], ["c"], True),
    # « a reçu une réponse »
    ("answered", [], ["x"], True),
    ("answered", [], [], False),
    ("answered", [], ["a", "b"], True),
]
