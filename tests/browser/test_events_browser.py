"""A visitor registers to a webinar, confirms by the e-mailed link and cancels, in a real
browser; axe-core checks every page they see (agenda, event, errors, confirm, their page,
cancel, cancelled, a past event with its replay)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from .conftest import SLUG
from .test_survey_journey import check_axe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

UPCOMING = f"/consultations/{SLUG}/webinaires/creation-artistique-et-metavers/"
PAST = f"/consultations/{SLUG}/webinaires/archivage-numerique/"


def link_in_last_mail(fragment: str) -> str:
    for message in reversed(mail.outbox):
        for link in re.findall(r"https?://\S+", message.body):
            if fragment in link:
                return "/" + link.split("//", 1)[1].split("/", 1)[1]
    raise AssertionError(f"no e-mail with a link to {fragment}")


def test_agenda_and_past_event_with_replay(site, page, axe_js):
    page.goto(f"{site}/consultations/{SLUG}/webinaires/")
    assert page.locator("h2", has_text="À venir").is_visible()
    check_axe(page, axe_js, "agenda")
    page.goto(site + PAST)
    assert page.get_by_role("heading", name="Revoir le webinaire").is_visible()
    page.get_by_role("button", name="Transcription et compte rendu").click()
    assert page.get_by_text("Compte rendu", exact=False).first.is_visible()
    check_axe(page, axe_js, "past event")


def test_register_confirm_and_cancel(site, page, axe_js, django_capture_on_commit_callbacks):
    # On SQLite the server thread shares the test's connection, whose transaction is rolled
    # back after the test: what it does after commit (the e-mails) is run when each step
    # ends. On PostgreSQL the server commits and nothing is captured.
    page.goto(site + UPCOMING)
    assert page.get_by_text("3 places restantes").is_visible()
    check_axe(page, axe_js, "event page")

    page.get_by_role("button", name="M’inscrire").click()  # empty: errors, next to each field
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_name[aria-invalid=true]").count() == 1
    check_axe(page, axe_js, "event page with errors")

    tab_to(page, "#id_name")
    page.keyboard.type("Camille Martin")
    page.fill("#id_email", "camille.navigateur@example.org")
    page.locator("label", has_text="Citoyen ou citoyenne").click()
    assert page.get_by_label("Citoyen ou citoyenne").is_checked()
    page.fill("#id_questions", "Les œuvres immersives seront-elles abordées ?")
    with django_capture_on_commit_callbacks(execute=True):
        page.get_by_role("button", name="M’inscrire").click()
        assert page.get_by_text("Un message vient d’être envoyé").is_visible()
    assert page.get_by_text("2 places restantes").is_visible()

    page.goto(site + link_in_last_mail("/webinaires/confirmer/"))
    check_axe(page, axe_js, "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        page.get_by_role("button", name="Confirmer mon inscription").click()
        assert page.get_by_role("heading", name="Votre inscription", exact=True).is_visible()
    assert page.get_by_text("Votre inscription est confirmée").is_visible()
    check_axe(page, axe_js, "registration page")

    page.goto(site + link_in_last_mail("/webinaires/annuler/"))
    assert page.get_by_role("heading", name="Annuler votre inscription ?").is_visible()
    check_axe(page, axe_js, "cancel")
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert page.get_by_role("heading", name="Inscription annulée").is_visible()
    check_axe(page, axe_js, "cancelled")

    page.goto(site + UPCOMING)
    assert page.get_by_text("3 places restantes").is_visible()
