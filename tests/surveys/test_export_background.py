"""Exports as background work: asked for in the back office, produced by a task with its
progress in the page, downloaded by staff only, deleted when their time is up."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerto.core.models import AuditEvent
from concerto.exports import files, tasks
from concerto.exports.actions import request_export
from concerto.exports.models import Export, ExportStatus
from concerto.surveys import exports as rows
from tests.factories import StaffUserFactory
from tests.surveys.conftest import FULL_ANSWERS, FULL_OTHER_TEXTS, respond
from tests.surveys.export_kit import ask, download, download_url, exports_url, read_zip

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def staff_with(*codenames: str):
    user = StaffUserFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="surveys", codename__in=list(codenames))
    )
    return user


# --- The flow ------------------------------------------------------------------------------


def test_an_export_is_queued_by_the_request_and_produced_after_commit(
    manager, manager_client, survey, capture
):
    for _ in range(3):
        respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)

    with capture() as callbacks:
        manager_client.post(exports_url(survey), {"format": "csv"})
    export = Export.objects.get()
    # Nothing is written inside the request: the task waits for the commit.
    assert export.status == ExportStatus.QUEUED
    assert not export.file
    assert len(callbacks) == 1

    callbacks[0]()  # the commit
    export.refresh_from_db()

    assert export.status == ExportStatus.DONE
    assert (export.rows_done, export.rows_total) == (3, 3)
    assert export.requested_by == manager
    assert default_storage.exists(export.file.name)
    assert export.finished_at is not None
    assert export.expires_at == export.finished_at + datetime.timedelta(days=7)
    event = AuditEvent.objects.get(action="export.requested")
    assert (event.actor, event.target_id) == (manager, survey.pk)
    assert event.details == {"export": export.pk, "format": "csv"}


def test_a_rolled_back_request_queues_nothing(manager, survey, capture):
    with capture() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        request_export(questionnaire=survey, fmt="csv", actor=manager)
        raise RuntimeError("the request fails after asking")

    assert not Export.objects.exists()
    assert callbacks == []


def test_a_double_click_queues_one_export(manager_client, survey, capture):
    with capture():  # the worker has not started yet
        manager_client.post(exports_url(survey), {"format": "csv"})
        manager_client.post(exports_url(survey), {"format": "csv"})
        manager_client.post(exports_url(survey), {"format": "xlsx"})

    assert sorted(Export.objects.values_list("format", flat=True)) == ["csv", "xlsx"]


def test_an_export_stuck_for_a_while_does_not_block_the_next(manager_client, survey, capture):
    with capture():  # the worker never picks the first one up
        manager_client.post(exports_url(survey), {"format": "csv"})

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)), capture():
        manager_client.post(exports_url(survey), {"format": "csv"})

    assert Export.objects.count() == 2


def test_a_second_run_of_the_task_does_nothing(manager_client, survey, capture):
    respond(survey, {"usage": "non"})
    export = ask(manager_client, survey, capture=capture)
    name = export.file.name

    assert tasks.produce_export.call(export.pk) == 0

    export.refresh_from_db()
    assert (export.status, export.file.name) == (ExportStatus.DONE, name)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_is_written_while_the_file_is_produced(
    manager_client, survey, capture, monkeypatch, fmt
):
    monkeypatch.setattr(rows, "CHUNK_SIZE", 2)
    monkeypatch.setattr(files, "PROGRESS_EVERY", 2)
    for n in range(5):
        respond(survey, {"commentaire": f"réponse {n}"})
    seen = []
    original = rows.iter_records

    def watched(*args, **kwargs):
        for record in original(*args, **kwargs):
            export = Export.objects.get()
            seen.append((export.status, export.rows_done, export.rows_total))
            yield record

    monkeypatch.setattr(rows, "iter_records", watched)

    export = ask(manager_client, survey, fmt, capture=capture)

    assert seen == [
        ("running", 0, 5),
        ("running", 0, 5),
        ("running", 2, 5),
        ("running", 2, 5),
        ("running", 4, 5),
    ]
    assert (export.status, export.rows_done, export.rows_total) == ("done", 5, 5)


def test_the_page_shows_progress_in_the_page_and_in_words(manager, manager_client, survey):
    now = timezone.now()
    running = Export.objects.create(
        questionnaire=survey,
        requested_by=manager,
        format="xlsx",
        status=ExportStatus.RUNNING,
        rows_done=500,
        rows_total=2000,
        created_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )

    page = manager_client.get(exports_url(survey)).content.decode()

    assert (
        f'<progress max="100" value="25" aria-label="Avancement de l’export n° {running.pk}">'
        in page
    )
    assert "En cours — 25 %" in page
    assert "500 sur 2000 réponses" in page
    assert 'data-pending="true"' in page  # the script refreshes while an export runs
    # Without JavaScript, a link refreshes the page.
    assert f'<a href="{exports_url(survey)}">Mettre à jour l’avancement</a>' in page
    assert "conservé\n      7 jours" in page or "conservé 7 jours" in " ".join(page.split())


def test_a_failure_is_recorded_with_a_message_and_leaves_no_file(
    manager_client, survey, capture, monkeypatch
):
    respond(survey, {"usage": "non"})

    def broken(path, *args):
        path.write_bytes(b"half a file")
        raise OSError("No space left on device")

    monkeypatch.setitem(tasks.WRITERS, "csv", broken)

    export = ask(manager_client, survey, "csv", capture=capture)

    assert export.status == ExportStatus.FAILED
    assert "No space left on device" in export.error
    assert f"n° {export.pk}" in export.error
    assert not export.file
    assert not default_storage.exists("exports") or default_storage.listdir("exports")[1] == []
    page = manager_client.get(exports_url(survey)).content.decode()
    assert "L’export n’a pas pu être produit" in page
    assert manager_client.get(download_url(export)).status_code == 404


def test_an_excel_file_cannot_hold_more_rows_than_excel_reads(
    manager_client, survey, capture, monkeypatch
):
    monkeypatch.setattr(files, "XLSX_MAX_ROWS", 2)  # a header and one response
    respond(survey, {"usage": "non"})
    respond(survey, {"usage": "oui"})

    export = ask(manager_client, survey, "xlsx", capture=capture)

    assert export.status == ExportStatus.FAILED
    assert "Demandez un export CSV" in export.error
    assert ask(manager_client, survey, "csv", capture=capture).status == ExportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_produces_the_export(settings, survey):
    from tests.factories import manager as make_manager

    settings.TASKS = DATABASE_TASKS
    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    manager = make_manager()

    export = request_export(questionnaire=survey, fmt="csv", actor=manager)
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED  # waits for the worker

    call_command("db_worker", batch=True, queue_name="default", interval=0)

    export.refresh_from_db()
    assert (export.status, export.rows_done) == (ExportStatus.DONE, 1)
    with export.file.open("rb") as stored:
        assert "reponses.csv" in read_zip(stored.read())


# --- Who may do what -----------------------------------------------------------------------


def test_staff_without_permission_to_read_responses_gets_403(
    client, manager_client, survey, capture
):
    respond(survey, {"usage": "non"})
    export = ask(manager_client, survey, capture=capture)
    client.force_login(staff_with("view_questionnaire", "change_questionnaire"))

    assert client.get(exports_url(survey)).status_code == 403
    assert client.post(exports_url(survey), {"format": "csv"}).status_code == 403
    assert client.get(download_url(export)).status_code == 403
    assert Export.objects.count() == 1


def test_staff_off_the_consultation_team_gets_404(client, manager_client, survey, capture):
    export = ask(manager_client, survey, capture=capture)
    client.force_login(staff_with("view_response"))  # may export, but not on this team

    assert client.get(exports_url(survey)).status_code == 404
    assert client.get(download_url(export)).status_code == 404


def test_the_action_refuses_staff_without_permission(survey):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        request_export(questionnaire=survey, fmt="csv", actor=staff_with("view_questionnaire"))


def test_anonymous_visitor_is_sent_to_the_login_page(client, manager_client, survey, capture):
    export = ask(manager_client, survey, capture=capture)
    client.logout()

    for url in (exports_url(survey), download_url(export)):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_the_file_has_no_address_of_its_own(manager_client, survey, capture, settings):
    respond(survey, {"usage": "non"})
    export = ask(manager_client, survey, capture=capture)

    # Stored under a random name, never the questionnaire's, and not served as media.
    assert export.file.name.startswith("exports/")
    assert survey.slug not in export.file.name
    assert len(export.file.name.removeprefix("exports/").split(".")[0]) >= 24
    assert manager_client.get(settings.MEDIA_URL + export.file.name).status_code == 404
    assert manager_client.get(f"{settings.MEDIA_URL}exports/").status_code == 404


def test_an_export_is_downloaded_only_from_its_own_questionnaire(manager_client, survey, capture):
    from tests.surveys.conftest import QuestionnaireFactory

    export = ask(manager_client, survey, capture=capture)
    other = QuestionnaireFactory()

    url = reverse("admin:surveys_questionnaire_export_download", args=[other.pk, export.pk])
    assert manager_client.get(url).status_code == 404


def test_an_export_not_finished_cannot_be_downloaded(manager_client, survey, capture):
    with capture():
        manager_client.post(exports_url(survey), {"format": "csv"})

    assert manager_client.get(download_url(Export.objects.get())).status_code == 404


def test_each_download_is_in_the_audit_trail(manager, manager_client, survey, capture):
    export = ask(manager_client, survey, capture=capture)

    download(manager_client, export)

    event = AuditEvent.objects.get(action="export.downloaded")
    assert (event.actor, event.target_id, event.details) == (
        manager,
        survey.pk,
        {"export": export.pk},
    )


def test_questionnaire_page_links_to_its_exports_for_those_who_may_export(
    client, manager_client, survey
):
    change = reverse("admin:surveys_questionnaire_change", args=[survey.pk])

    assert exports_url(survey) in manager_client.get(change).content.decode()
    client.force_login(staff_with("view_questionnaire", "change_questionnaire"))
    assert exports_url(survey) not in client.get(change).content.decode()


# --- Retention -----------------------------------------------------------------------------


def test_expired_exports_are_deleted_with_their_file(manager_client, survey, capture):
    respond(survey, {"usage": "non"})
    export = ask(manager_client, survey, capture=capture)
    name = export.file.name
    kept = export.expires_at

    with time_machine.travel(kept - datetime.timedelta(minutes=1)):
        call_command("purge_expired_exports")
        assert manager_client.get(download_url(export)).status_code == 200
    assert Export.objects.filter(pk=export.pk).exists()
    assert default_storage.exists(name)

    with time_machine.travel(kept + datetime.timedelta(seconds=1)):
        # Past its time, not yet purged: already out of reach.
        assert manager_client.get(download_url(export)).status_code == 404
        call_command("purge_expired_exports")

    assert not Export.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)


def test_the_retention_is_a_setting_stated_on_the_page(manager_client, survey, capture, settings):
    settings.EXPORT_RETENTION_DAYS = 30
    respond(survey, {"usage": "non"})

    export = ask(manager_client, survey, capture=capture)
    page = " ".join(manager_client.get(exports_url(survey)).content.decode().split())

    assert export.expires_at == export.finished_at + datetime.timedelta(days=30)
    assert "Chaque fichier est conservé 30 jours après sa production" in page
    expires = timezone.localtime(export.expires_at)
    assert f"Supprimé le {expires:%d/%m/%Y %H:%M}" in page


# --- Cost of the page ------------------------------------------------------------------------


def test_the_exports_page_costs_the_same_queries_however_many_exports(
    manager, manager_client, survey, django_assert_num_queries
):
    def add_exports(count):
        now = timezone.now()
        Export.objects.bulk_create(
            Export(
                questionnaire=survey,
                requested_by=manager,
                format="csv",
                status=ExportStatus.DONE,
                file="exports/x.zip",
                created_at=now,
                expires_at=now + datetime.timedelta(days=7),
            )
            for _ in range(count)
        )

    add_exports(1)
    manager_client.get(exports_url(survey))  # sessions and caches warmed
    # 6 (the session comes from the cache): the user, the user, the permissions, the questionnaire, the team, the exports…
    with django_assert_num_queries(7):
        assert manager_client.get(exports_url(survey)).status_code == 200

    add_exports(20)
    with CaptureQueriesContext(connection) as queries:
        page = manager_client.get(exports_url(survey)).content.decode()
    assert page.count("Télécharger ") == 21
    assert len(queries) == 7


@pytest.mark.parametrize("days", [0, -3, "7"])
def test_a_retention_that_is_not_a_positive_number_of_days_stops_the_start(settings, days):
    from concerto.exports.checks import check_retention

    settings.EXPORT_RETENTION_DAYS = days

    assert [error.id for error in check_retention(None)] == ["concerto.E201"]


def test_the_default_retention_passes_the_check():
    from concerto.exports.checks import check_retention

    assert check_retention(None) == []


def test_an_unknown_format_is_refused_with_the_form(manager_client, survey):
    response = manager_client.post(exports_url(survey), {"format": "pdf"})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Export.objects.exists()
