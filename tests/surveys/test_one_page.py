"""A short questionnaire on one page (the manager's choice): every section under the other,
one POST for all the answers, progress saved at each send, no JavaScript needed."""

import pytest

from concerto.surveys.models import Response, ResponseStatus
from tests.surveys.kit import VALID_PAGES, build_questionnaire
from tests.surveys.test_flow import begin, url

pytestmark = pytest.mark.django_db

ALL_ANSWERS = {key: value for page in VALID_PAGES.values() for key, value in page.items()}


@pytest.fixture
def questionnaire():
    return build_questionnaire(one_page=True)


def test_every_section_is_on_the_first_page(client, questionnaire):
    first = begin(client, questionnaire)
    page = client.get(first).content.decode()
    assert "Étape 1 sur" not in page
    assert f"<h1>{questionnaire.title}</h1>" in page
    for section in questionnaire.sections.all():
        assert f">{section.title}</h2>" in page
    for field in ALL_ANSWERS:
        assert f'name="{field}"' in page
    assert client.get(url(questionnaire, "step", number=2)).status_code == 404


def test_one_post_then_the_review_then_sent(client, questionnaire):
    first = begin(client, questionnaire)
    response = client.post(first, {**ALL_ANSWERS, "next": "1"})
    assert response.status_code == 302
    assert response["Location"] == url(questionnaire, "review")
    review = client.get(url(questionnaire, "review")).content.decode()
    assert url(questionnaire, "step", number=1) in review
    assert url(questionnaire, "step", number=2) not in review
    assert client.post(url(questionnaire, "review"))["Location"] == url(
        questionnaire, "confirmation"
    )
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_progress_is_saved_when_the_page_has_errors(client, questionnaire):
    first = begin(client, questionnaire)
    partial = {**VALID_PAGES[1], "next": "1"}  # later sections' required questions missing
    response = client.post(first, partial)
    assert response.status_code == 400
    draft = Response.objects.get().draft
    assert draft["usage"] == {"v": "oui"}
    # Coming back later, the answers are there.
    assert 'value="Tablette"' in client.get(first).content.decode()
