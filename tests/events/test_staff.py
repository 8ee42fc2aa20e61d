"""The manager's pages of an event: who may see them, the CSV, attendance, the replay, the
message to registrants, the questions by theme, the counts by profile."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.events import actions, selectors
from concerto.events.models import Event, MessageDelivery, RegistrationStatus
from tests.factories import StaffUserFactory

from .kit import event_with_profiles, registered, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_and_people(send_now):
    event, (institution, citizen) = event_with_profiles(capacity=2)
    send_now(
        registered,
        event,
        institution,
        "=cmd@example.org",
        name='=HYPERLINK("http://x")',
        questions="Quel calendrier ?",
    )
    send_now(registered, event, citizen, "b@example.org", questions="Et les territoires ?")
    send_now(registered, event, citizen, "c@example.org")
    mail.outbox.clear()
    return event


def url(name, event):
    return reverse(f"admin:events_event_{name}", args=[event.pk])


def test_staff_without_the_right_to_manage_get_403(client, event_and_people):
    viewer = StaffUserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    for name in ["registrations", "csv", "questions", "message"]:
        assert client.get(url(name, event_and_people)).status_code == 403
    assert (
        client.post(url("message", event_and_people), {"subject": "x", "body": "y"}).status_code
        == 403
    )
    with pytest.raises(actions.PermissionDenied):
        actions.write_to_registrants(event=event_and_people, actor=viewer, subject="x", body="y")


def test_a_manager_of_another_consultation_gets_403_and_no_event_in_the_list(
    client, event_and_people
):
    from tests.factories import ConsultationFactory, manager

    other = manager(of=ConsultationFactory())
    client.force_login(other)
    for name in ["registrations", "csv", "questions", "message"]:
        assert client.get(url(name, event_and_people)).status_code == 403
    changelist = client.get(reverse("admin:events_event_changelist"))
    assert event_and_people.title not in changelist.content.decode()
    with pytest.raises(actions.PermissionDenied):
        actions.cancel_event(event=event_and_people, actor=other)


def test_anonymous_visitors_are_sent_to_the_login_page(client, event_and_people):
    response = client.get(url("registrations", event_and_people))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_registrations_page_lists_places_and_the_waiting_list(
    manager_client, event_and_people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        page = manager_client.get(url("registrations", event_and_people))
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 personnes inscrites" in text
    assert "1 en liste d’attente" in text
    assert "c@example.org" in text
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_the_attendees_csv_is_safe_for_spreadsheets(manager_client, event_and_people):
    response = manager_client.get(url("csv", event_and_people))
    content = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["nom", "adresse électronique", "profil"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][1] == "'=cmd@example.org"
    assert [row[4] for row in rows[1:]] == ["inscrit", "inscrit", "liste d’attente"]
    assert rows[3][6] == "1"


def test_attendance_and_counts_by_profile(manager_client, event_and_people):
    present = event_and_people.registrations.filter(email="b@example.org").get()
    response = manager_client.post(
        url("registrations", event_and_people), {"action": "attendance", "present": [present.pk]}
    )
    assert response.status_code == 302
    counts = selectors.counts_by_profile(event=event_and_people)
    assert [(c.profile, c.registered, c.attended) for c in counts] == [
        ("Institution culturelle", 1, 0),
        ("Citoyen ou citoyenne", 1, 1),
    ]
    assert AuditEvent.objects.filter(action="event.attendance").exists()


def test_publishing_the_replay_needs_a_replay(manager_client, event_and_people, client):
    here = url("registrations", event_and_people)
    manager_client.post(here, {"action": "replay"})
    event_and_people.refresh_from_db()
    assert event_and_people.replay_published_at is None

    Event.objects.filter(pk=event_and_people.pk).update(
        replay_url="https://video.example.org/w", transcript="Compte rendu du webinaire."
    )
    manager_client.post(here, {"action": "replay"})
    event_and_people.refresh_from_db()
    assert event_and_people.replay_published_at is not None
    page = client.get(event_and_people.get_absolute_url()).content.decode()
    assert "Revoir le webinaire" in page and "Compte rendu du webinaire." in page


def test_a_message_to_registrants_one_per_person_subject_on_one_line(
    manager_client, event_and_people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            url("message", event_and_people),
            {"subject": "Changement\r\nBcc: victime@example.org", "body": "Le lien change."},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == []
        assert "Le lien change." in message.body
        assert "/webinaires/annuler/" in message.body
    assert sent_to("victime@example.org") == []
    assert MessageDelivery.objects.count() == 3


def test_questions_are_grouped_by_the_event_themes(manager_client, event_and_people):
    page = manager_client.get(url("questions", event_and_people)).content.decode()
    assert "Archivage numérique" in page
    assert "Quel calendrier ?" in page and "Et les territoires ?" in page


def test_cancelling_the_event_tells_every_confirmed_registrant(
    manager_client, event_and_people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            url("registrations", event_and_people),
            {"action": "cancel", "reason": "Intervenant absent"},
        )
    assert len(mail.outbox) == 3
    assert all("Intervenant absent" in m.body for m in mail.outbox)
    event_and_people.refresh_from_db()
    assert event_and_people.is_cancelled
    assert event_and_people.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_a_manager_creates_an_event_in_the_back_office(manager_client, event_and_people):
    consultation = event_and_people.consultation
    theme = event_and_people.themes.first()
    response = manager_client.post(
        reverse("admin:events_event_add"),
        {
            "consultation": consultation.pk,
            "title": "Webinaire « Territoires »",
            "slug": "territoires",
            "themes": [theme.pk],
            "description": "Présentation.",
            "audience": "Tout public",
            "is_published": "on",
            "starts_at_0": "02/04/2027",
            "starts_at_1": "11:30",
            "ends_at_0": "02/04/2027",
            "ends_at_1": "12:30",
            "format": "online",
            "join_link_shown_before": "60",
            "capacity": "200",
            "reminder_offsets": ["1440", "60"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="territoires")
    assert event.reminder_offsets == [1440, 60]
    assert event.announced_at is not None
    assert event.starts_at.isoformat() == "2027-04-02T09:30:00+00:00"  # 11h30 in Paris, summer
    assert AuditEvent.objects.filter(action="event.create").exists()


def test_a_replay_needs_its_text_alternative_and_its_captions(manager_client, event_and_people):
    from django.core.files.base import ContentFile

    here = url("registrations", event_and_people)
    Event.objects.filter(pk=event_and_people.pk).update(replay_url="https://video.example.org/w")
    response = manager_client.post(here, {"action": "replay"}, follow=True)
    assert "Ajoutez la transcription ou le compte rendu" in response.content.decode()
    event_and_people.refresh_from_db()
    assert event_and_people.replay_published_at is None

    event_and_people.transcript = "Compte rendu."
    event_and_people.replay_file.save("replay.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    response = manager_client.post(here, {"action": "replay"}, follow=True)
    assert "Ajoutez les sous-titres" in response.content.decode()
    event_and_people.refresh_from_db()
    assert event_and_people.replay_published_at is None

    event_and_people.captions.save("replay.vtt", ContentFile(b"WEBVTT\n\n"))
    manager_client.post(here, {"action": "replay"})
    event_and_people.refresh_from_db()
    assert event_and_people.replay_published_at is not None
