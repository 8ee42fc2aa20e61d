"""What the journey's pages show and what they cost."""

import pytest

from tests.surveys.kit import VALID_PAGES, build_questionnaire
from tests.surveys.test_flow import answer_all, begin, url

pytestmark = pytest.mark.django_db


def test_an_other_text_left_empty_is_the_field_the_summary_points_to(client):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    data = {**VALID_PAGES[1], "q-domaines-autre": "", "next": "1"}
    page = client.post(first, data).content.decode()
    assert 'href="#q-domaines-autre-texte"' in page
    field = page.split('id="q-domaines-autre-texte"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="q-domaines-erreur"' in field


def test_a_step_page_costs_the_same_number_of_queries_whatever_the_answers(
    client, django_assert_num_queries
):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    client.get(first)  # the structure is loaded once per process and kept
    # The participant and their response, together. The session comes from the cache; the
    # questionnaire, its structure, the site's header, footer and menu from the process.
    with django_assert_num_queries(1):
        assert client.get(first).status_code == 200
    client.post(first, {**VALID_PAGES[1], "next": "1"})
    with django_assert_num_queries(1):
        assert client.get(url(questionnaire, "step", number=2)).status_code == 200


def test_saving_a_page_is_one_locked_read_and_one_write(client, django_assert_num_queries):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    client.get(first)
    # The participant and their response; then the transaction: lock, update (the test's
    # own transaction adds a SAVEPOINT and its RELEASE: three queries in production).
    with django_assert_num_queries(5):
        client.post(first, {**VALID_PAGES[1], "next": "1"})


def test_the_review_page_reads_the_typed_answers_in_two_queries(client, django_assert_num_queries):
    questionnaire = build_questionnaire()
    begin(client, questionnaire)
    answer_all(client, questionnaire)
    client.get(url(questionnaire, "review"))
    # The step page's one, plus the chosen options and the typed values.
    with django_assert_num_queries(3):
        assert client.get(url(questionnaire, "review")).status_code == 200
