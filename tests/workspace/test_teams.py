"""Teams: a manager sees and changes only the consultations whose team they are on."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from concerto.consultations import access
from concerto.consultations.models import Consultation
from concerto.core import roles
from concerto.core.models import AuditEvent
from concerto.exports.actions import request_export
from concerto.workspace.models import Membership
from tests.factories import (
    ConsultationFactory,
    StaffUserFactory,
    ThemeFactory,
    UserFactory,
    analyst,
    manager,
)
from tests.surveys.kit import build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Two consultations, each with a questionnaire, and a manager of the first only."""
    ours = build_questionnaire(ThemeFactory(consultation=ConsultationFactory(title="La nôtre")))
    theirs = build_questionnaire(
        ThemeFactory(consultation=ConsultationFactory(title="Celle des autres"))
    )
    user = manager(of=ours.theme.consultation)
    return ours, theirs, user


def test_a_manager_manages_only_the_consultations_of_their_team(two):
    ours, theirs, user = two
    assert access.can_manage(user, ours.theme.consultation)
    assert not access.can_manage(user, theirs.theme.consultation)
    assert not access.can_analyse(user, theirs.theme.consultation)
    assert list(access.managed_consultations(user)) == [ours.theme.consultation]


def test_an_analyst_reads_but_does_not_manage(two):
    ours, theirs, _user = two
    reader = analyst(of=ours.theme.consultation)
    assert access.can_analyse(reader, ours.theme.consultation)
    assert not access.can_manage(reader, ours.theme.consultation)
    assert not access.can_analyse(reader, theirs.theme.consultation)
    assert list(access.managed_consultations(reader)) == []
    assert list(access.analysed_consultations(reader)) == [ours.theme.consultation]


@pytest.mark.parametrize("kind", ["administrator", "superuser"])
def test_administrators_act_on_every_consultation(two, kind):
    ours, theirs, _user = two
    if kind == "superuser":
        admin = StaffUserFactory(is_superuser=True)
    else:
        admin = StaffUserFactory(role=roles.ADMINISTRATOR)
    for questionnaire in (ours, theirs):
        assert access.can_manage(admin, questionnaire.theme.consultation)
    assert access.managed_consultations(admin).count() == 2


def test_nobody_outside_the_staff_acts_on_a_consultation(two):
    ours, _theirs, _user = two
    consultation = ours.theme.consultation
    for user in (UserFactory(), StaffUserFactory()):  # a visitor; staff on no team
        assert not access.can_manage(user, consultation)
        assert not access.can_analyse(user, consultation)
    former = manager(of=consultation, is_active=False)
    assert not access.can_manage(former, consultation)


def test_the_admin_lists_only_the_teams_consultations(client, two):
    ours, theirs, user = two
    client.force_login(user)
    for name in ["consultation", "theme", "questionnaire", "question"]:
        app = "consultations" if name in ("consultation", "theme") else "surveys"
        page = client.get(reverse(f"admin:{app}_{name}_changelist")).content.decode()
        assert "Celle des autres" not in page, name
        assert theirs.title not in page or ours.title in page
    page = client.get(reverse("admin:surveys_questionnaire_changelist")).content.decode()
    assert reverse("admin:surveys_questionnaire_change", args=[ours.pk]) in page
    assert reverse("admin:surveys_questionnaire_change", args=[theirs.pk]) not in page


def test_another_teams_rows_cannot_be_opened_nor_changed_in_the_admin(client, two):
    _ours, theirs, user = two
    client.force_login(user)
    other = theirs.theme.consultation
    for url in [
        reverse("admin:consultations_consultation_change", args=[other.pk]),
        reverse("admin:consultations_theme_change", args=[theirs.theme.pk]),
        reverse("admin:surveys_questionnaire_change", args=[theirs.pk]),
        reverse("admin:surveys_question_change", args=[theirs.questions.first().pk]),
        reverse("admin:surveys_questionnaire_exports", args=[theirs.pk]),
    ]:
        response = client.get(url)
        # The admin sends a missing object back to its index; the exports page says 404.
        assert response.status_code in (302, 404), url
        assert other.title not in response.content.decode()
    response = client.post(
        reverse("admin:consultations_consultation_change", args=[other.pk]),
        {"title": "Détournée"},
    )
    other.refresh_from_db()
    assert other.title == "Celle des autres"


def test_foreign_keys_offer_only_the_teams_consultations(client, two):
    _ours, _theirs, user = two
    client.force_login(user)
    page = client.get(reverse("admin:consultations_theme_add")).content.decode()
    assert "La nôtre" in page
    assert "Celle des autres" not in page
    page = client.get(reverse("admin:surveys_questionnaire_add")).content.decode()
    assert "Celle des autres" not in page


def test_another_teams_responses_cannot_be_exported(two):
    _ours, theirs, user = two
    with pytest.raises(PermissionDenied):
        request_export(questionnaire=theirs, fmt="csv", actor=user)


def test_whoever_creates_a_consultation_in_the_admin_manages_it(client):
    user = manager(of=[])
    client.force_login(user)
    add = reverse("admin:consultations_consultation_add")
    # The management forms of whatever inlines the page has, sent back empty.
    management = dict(
        re.findall(
            r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"',
            client.get(add).content.decode(),
        )
    )
    management.update({k: "0" for k in management if k.endswith(("TOTAL_FORMS", "INITIAL_FORMS"))})
    response = client.post(
        add,
        {
            **management,
            "title": "Nouvelle consultation",
            "slug": "nouvelle",
            "purpose": "Un objet.",
            "email_policy": "optional",
            "allow_editing": "on",
            "personal_data_retention_months": "12",
            "challenge_fallback": Consultation._meta.get_field("challenge_fallback").default,
        },
    )
    errors = re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    membership = Membership.objects.get(user=user)
    assert (membership.consultation.title, membership.role) == ("Nouvelle consultation", "manager")
    assert AuditEvent.objects.filter(action="membership.set").exists()


def test_only_administrators_manage_the_teams(client, two):
    _ours, _theirs, user = two
    client.force_login(user)
    assert client.get(reverse("admin:workspace_membership_changelist")).status_code == 403
    client.force_login(StaffUserFactory(role=roles.ADMINISTRATOR))
    assert client.get(reverse("admin:workspace_membership_changelist")).status_code == 200
