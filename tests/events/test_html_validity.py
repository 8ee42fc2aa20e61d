"""The events' public pages are valid HTML (Nu Html Checker), error and link pages included."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from concerto.events import tokens
from tests.test_html_validity import VNU_JAR, _missing_tools

from .kit import EventFactory, event_with_profiles, register, registered

pytestmark = pytest.mark.django_db


def test_event_pages_are_valid_html(client, tmp_path, send_now):
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"HTML validity cannot be checked on CI: {missing}")
        pytest.skip(f"HTML validity not checked: {missing}")
    event, (profile, _) = event_with_profiles(has_captions=True, place="Paris")
    past = EventFactory(
        consultation=event.consultation,
        starts_at=timezone.now() - timezone.timedelta(days=2),
        replay_url="https://video.example.org/w",
        transcript="### Compte rendu\n\nLe webinaire a présenté la démarche.",
        replay_published_at=timezone.now(),
    )
    past.replay_file.save("replay.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    past.captions.save("replay.vtt", ContentFile(b"WEBVTT\n\n"))
    confirmed = send_now(registered, event, profile, "a@example.org")
    pending = send_now(register, event, profile, email="b@example.org")
    slug = event.consultation.slug
    pages = {
        "agenda": client.get(f"/consultations/{slug}/webinaires/"),
        "event": client.get(event.get_absolute_url()),
        "event-errors": client.post(event.get_absolute_url(), {"email": "x"}),
        "past": client.get(past.get_absolute_url()),
        "confirm": client.get(f"/webinaires/confirmer/{tokens.make(pending, tokens.CONFIRM)}/"),
        "registration": client.get(
            f"/webinaires/inscription/{tokens.make(confirmed, tokens.ACCESS)}/"
        ),
        "cancel": client.get(f"/webinaires/annuler/{tokens.make(confirmed, tokens.CANCEL)}/"),
        "cancelled": client.post(f"/webinaires/annuler/{tokens.make(confirmed, tokens.CANCEL)}/"),
        "forged": client.get("/webinaires/annuler/abc:def/"),
        "theme": client.get(event.themes.first().get_absolute_url()),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400), (name, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr.strip() or result.stdout.strip())["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
