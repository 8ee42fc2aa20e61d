"""Locust users for bench/load.py: visitors reading public pages, participants answering.

Visitors (``VISITORS``, 500) browse without cookies, as most readers of a consultation do:
the home page, the list of consultations, the consultation, its themes, a theme, its
documents, sometimes in English; they wait 2–8 s between pages. Participants
(``PARTICIPANTS``, 100) each answer the 15-question bench questionnaire of
bench/submissions.py through its posts-only journey (GET profile, POST profile, POST each
step, POST review), wait 1–3 s between requests, then start again as a new participant.
Every acknowledged submission (the review's 302 to the confirmation) is written to
``LOAD_ACK_FILE`` with the profile form's key (``cle``), for the database check.
"""

from __future__ import annotations

import os
import random
import secrets
import sys
from pathlib import Path

from locust import HttpUser, between, task

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from submissions import PAGE_DATA, PATHS  # noqa: E402  (plain data)

SLUG = "strategie-numerique-culturelle"
THEMES = [
    "metavers",
    "creation-artistique-environnement-numerique",
    "impact-ecologique",
    "langue-francaise",
    "archivage-numerique",
    "donnees-intelligence-artificielle",
    "innovation",
    "recherche",
    "territoires",
    "formations-metiers",
    "publics",
]
ACK_FILE = os.environ.get("LOAD_ACK_FILE", str(BENCH / "out" / "load-acknowledged.txt"))
PROFILE_ID = os.environ.get("LOAD_PROFILE_ID", "1")


class Visitor(HttpUser):
    fixed_count = int(os.environ.get("VISITORS", "500"))
    wait_time = between(2, 8)

    def on_start(self):
        self.client.cookies.clear()

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def home_en(self):
        self.client.get("/en/", name="home (en)")

    @task(1)
    def consultations(self):
        self.client.get("/consultations/", name="consultations")

    @task(1)
    def consultation(self):
        self.client.get(f"/consultations/{SLUG}/", name="consultation")

    @task(2)
    def themes(self):
        self.client.get(f"/consultations/{SLUG}/thematiques/", name="themes")

    @task(4)
    def theme(self):
        theme = random.choice(THEMES)
        self.client.get(f"/consultations/{SLUG}/thematiques/{theme}/", name="theme")

    @task(1)
    def documents(self):
        self.client.get(f"/consultations/{SLUG}/documents/", name="documents")

    @task(1)
    def survey_start(self):
        self.client.get(PATHS["start"], name="survey start")


class Participant(HttpUser):
    fixed_count = int(os.environ.get("PARTICIPANTS", "100"))
    wait_time = between(1, 3)

    def _post(self, name: str, path: str, data: dict, expected: str) -> bool:
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + path, "Origin": self.host},
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.endswith(expected):
                response.success()
                return True
            response.failure(f"{response.status_code} → {location!r}")
            return False

    @task
    def submit(self):
        self.client.cookies.clear()
        if self.client.get(PATHS["profile"], name="GET profile").status_code != 200:
            return
        key = secrets.token_urlsafe(24)
        profile = {
            "profile": PROFILE_ID,
            "organisation_name": "",
            "departement": "29",
            "email": "",
            "cle": key,
        }
        self.wait()
        if not self._post("POST profile", PATHS["profile"], profile, PATHS["step1"]):
            return
        for number, target in ((1, "step2"), (2, "step3"), (3, "review")):
            self.wait()
            data = {**PAGE_DATA[number], "next": "1"}
            if not self._post(f"POST step {number}", PATHS[f"step{number}"], data, PATHS[target]):
                return
        self.wait()
        if self._post("POST review", PATHS["review"], {}, PATHS["confirmation"]):
            with open(ACK_FILE, "a") as handle:
                handle.write(key + "\n")
