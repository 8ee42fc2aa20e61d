"""Staff roles are Django groups whose permissions are kept in code.

Each role lists the (app_label, model) pairs it manages; after every migration the groups
are brought back to exactly these permissions, so a role means the same on every server.
Later issues add the moderator and analyst roles here.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_noop

ADMINISTRATOR = gettext_noop("Administrateur")
CONSULTATION_MANAGER = gettext_noop("Gestionnaire de consultation")
# Reads the answers of the consultations whose team they are on (``workspace.Membership``).
ANALYST = gettext_noop("Analyste")

ALL_ACTIONS = ("add", "change", "delete", "view")

# What both roles do with consultation content and questionnaires.
CONTENT_AND_SURVEYS: dict[tuple[str, str], tuple[str, ...]] = {
    ("participation", "participantprofile"): ALL_ACTIONS,
    ("consultations", "theme"): ALL_ACTIONS,
    ("consultations", "document"): ALL_ACTIONS,
    ("consultations", "page"): ALL_ACTIONS,
    ("surveys", "questionnaire"): ALL_ACTIONS,
    ("surveys", "section"): ALL_ACTIONS,
    ("surveys", "question"): ALL_ACTIONS,
    ("surveys", "choice"): ALL_ACTIONS,
    ("surveys", "displaycondition"): ALL_ACTIONS,
    ("surveys", "response"): ("view",),
    ("decisions", "decision"): ALL_ACTIONS,
    ("decisions", "evidence"): ALL_ACTIONS,
    ("decisions", "decisionupdate"): ("view",),
    # concerto.events: events are cancelled (registrants told), never deleted.
    ("events", "event"): ("add", "change", "view"),
}

ROLES: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    ADMINISTRATOR: {
        ("auth", "user"): ALL_ACTIONS,
        ("auth", "group"): ("view",),
        ("core", "siteprofile"): ("change", "view"),
        ("consultations", "consultation"): ALL_ACTIONS,
        ("admin", "logentry"): ("view",),
        ("core", "auditevent"): ("view",),
        ("workspace", "membership"): ALL_ACTIONS,
        **CONTENT_AND_SURVEYS,
    },
    CONSULTATION_MANAGER: {
        ("consultations", "consultation"): ("add", "change", "view"),
        **CONTENT_AND_SURVEYS,
    },
    ANALYST: {
        ("consultations", "consultation"): ("view",),
        ("consultations", "theme"): ("view",),
        ("surveys", "questionnaire"): ("view",),
        ("surveys", "question"): ("view",),
        ("surveys", "response"): ("view",),
    },
}


def permissions_for(role: str) -> list[Permission]:
    wanted = ROLES[role]
    codenames = {
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in wanted.items()
        for action in actions
    }
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in codenames},
        codename__in={code for _, code in codenames},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in codenames]


def ensure_roles(**kwargs) -> None:
    """Create the staff groups and give each exactly its role's permissions."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role))
