"""A manager asks for an export in the back office, follows its progress and downloads it;
axe-core checks the exports page."""

from __future__ import annotations

import datetime
import zipfile

import pytest
from django.utils import timezone

from concerto.exports.models import Export, ExportStatus
from tests.factories import manager as make_manager
from tests.surveys.conftest import respond
from tests.surveys.kit import build_questionnaire

from .test_survey_journey import check_axe

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def questionnaire(transactional_db):
    questionnaire = build_questionnaire()
    for answer in ("oui", "non", "oui"):
        respond(questionnaire, {"usage": answer})
    return questionnaire


@pytest.fixture
def manager_page(page, live_server, questionnaire):
    user = make_manager()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.user = user
    return page


def test_manager_exports_follows_progress_and_downloads(
    manager_page, live_server, questionnaire, axe_js, tmp_path
):
    page = manager_page
    page.goto(f"{live_server.url}/admin/surveys/questionnaire/{questionnaire.pk}/change/")
    page.get_by_role("link", name="Exporter les réponses envoyées (CSV ou Excel)").click()

    # One export still running, one that failed: the page shows both states.
    now = timezone.now()
    running = Export.objects.create(
        questionnaire=questionnaire,
        requested_by=page.user,
        format="xlsx",
        status=ExportStatus.RUNNING,
        rows_done=1,
        rows_total=3,
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    Export.objects.create(
        questionnaire=questionnaire,
        requested_by=page.user,
        format="csv",
        status=ExportStatus.FAILED,
        error="L’export n’a pas pu être produit (erreur inattendue : OSError).",
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    page.get_by_label("CSV (archive zip : réponses et codebook)").check()
    page.get_by_role("button", name="Demander l’export").click()

    assert page.get_by_text("Export n° ").first.is_visible()
    progress = page.get_by_role("progressbar", name=f"Avancement de l’export n° {running.pk}")
    assert progress.get_attribute("value") == "33"
    check_axe(page, axe_js, "exports page")

    # The page follows the running export without being reloaded.
    Export.objects.filter(pk=running.pk).update(
        status=ExportStatus.DONE, rows_done=3, file="exports/nothing.xlsx"
    )
    page.wait_for_selector("#exports-announce:has-text('Les exports demandés sont terminés.')")
    assert progress.get_attribute("value") == "100"

    done = Export.objects.get(format="csv", status=ExportStatus.DONE)
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Télécharger {done.download_name}").click()
    path = tmp_path / "export.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["codebook.csv", "reponses.csv"]
        assert archive.read("reponses.csv").decode("utf-8").count("\r\n") == 4
