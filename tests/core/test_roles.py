"""Staff roles: groups kept in code, and what each role can reach in the back office."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from concerto.core import roles
from concerto.core.roles import ensure_roles
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_migrations_create_the_staff_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Administrateur",
        "Gestionnaire de consultation",
    }


def test_manager_role_has_exactly_its_permissions():
    perms = codenames(roles.CONSULTATION_MANAGER)
    assert "consultations.add_theme" in perms
    assert "consultations.change_document" in perms
    assert "consultations.delete_consultation" not in perms
    assert not any(p.startswith("auth.") for p in perms)
    assert "core.change_siteprofile" not in perms
    expected = sum(len(actions) for actions in roles.ROLES[roles.CONSULTATION_MANAGER].values())
    assert len(perms) == expected


def test_administrator_manages_users_but_not_site_profile_creation():
    perms = codenames(roles.ADMINISTRATOR)
    assert {"auth.add_user", "auth.change_user", "core.change_siteprofile"} <= perms
    assert "core.add_siteprofile" not in perms
    assert "auth.change_group" not in perms


def test_resynchronising_roles_removes_permissions_added_by_hand():
    group = Group.objects.get(name=roles.CONSULTATION_MANAGER)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    ensure_roles()
    assert "auth.delete_user" not in codenames(roles.CONSULTATION_MANAGER)


def test_manager_reaches_the_admin_and_the_consultation_models(manager_client):
    response = manager_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:consultations_theme_changelist") in response.content.decode()
    assert manager_client.get(reverse("admin:consultations_theme_add")).status_code == 200
    assert manager_client.get(reverse("admin:consultations_document_add")).status_code == 200


def test_manager_cannot_reach_user_accounts(manager_client):
    assert manager_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert manager_client.get(reverse("admin:auth_user_add")).status_code == 403
    assert manager_client.get(reverse("admin:core_siteprofile_changelist")).status_code == 403
    index = manager_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index


def test_administrator_reaches_user_accounts(client):
    client.force_login(StaffUserFactory(role=roles.ADMINISTRATOR))
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_staff_without_role_sees_no_model(client):
    client.force_login(StaffUserFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:consultations_theme_changelist") not in response.content.decode()
    assert client.get(reverse("admin:consultations_theme_changelist")).status_code == 403


def test_non_staff_user_is_sent_to_the_login_page(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
