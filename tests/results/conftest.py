from tests.surveys.conftest import survey  # noqa: F401  (the questionnaire of every kind)
