"""Who may act on a consultation from the staff side: the one place for these rules.

Every staff page, action and export that concerns one consultation asks here, never
``user.is_staff`` or a model permission directly, so that consultation teams narrow every
door at once.

A consultation has a team (``workspace.Membership``): its managers build it, publish it and
decide; its analysts read its answers, statistics and analyses. A staff member who is on no
team acts on no consultation. Administrators (superusers, and the staff who may manage
teams) act on every consultation: they are the ones who put people on teams, in the admin.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Consultation

MANAGER = "manager"
ANALYST = "analyst"
# The roles that may read a consultation's answers: managers read what they publish.
ANALYSING_ROLES = (MANAGER, ANALYST)
ADMINISTRATOR_PERMISSION = "workspace.change_membership"


def _staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_administrator(user) -> bool:
    """Acts on every consultation and manages the teams."""
    return _staff(user) and (user.is_superuser or user.has_perm(ADMINISTRATOR_PERMISSION))


def _with_role(user, roles) -> QuerySet[Consultation]:
    if is_administrator(user):
        return Consultation.objects.all()
    if not _staff(user):
        return Consultation.objects.none()
    return Consultation.objects.filter(
        pk__in=user.consultation_memberships.filter(role__in=roles).values("consultation_id")
    )


def managed_consultations(user) -> QuerySet[Consultation]:
    """The consultations this user may manage (build, publish, decide)."""
    return _with_role(user, (MANAGER,))


def manages_any(user) -> bool:
    """Whether this user manages at least one consultation: the admin asks it for its menu
    on every page, so the answer is kept on the request's user object (one query a request).
    """
    known = getattr(user, "_concerto_manages_any", None)
    if known is None:
        known = managed_consultations(user).exists()
        user._concerto_manages_any = known
    return known


def analysed_consultations(user) -> QuerySet[Consultation]:
    """The consultations whose answers this user may read (managers and analysts)."""
    return _with_role(user, ANALYSING_ROLES)


def _role_on(user, consultation: Consultation) -> str | None:
    """The user's role on the consultation's team (one query)."""
    return (
        user.consultation_memberships.filter(consultation_id=consultation.pk)
        .values_list("role", flat=True)
        .first()
    )


def can_manage(user, consultation: Consultation) -> bool:
    """Build its questionnaires, publish its results, record its decisions."""
    if not _staff(user):
        return False
    return is_administrator(user) or _role_on(user, consultation) == MANAGER


def can_analyse(user, consultation: Consultation) -> bool:
    """Read its answers, statistics and analyses (managers and analysts); never publish."""
    if not _staff(user):
        return False
    return is_administrator(user) or _role_on(user, consultation) in ANALYSING_ROLES


# --- the admin -------------------------------------------------------------------------------

# How each model of a consultation's content reaches its consultation, for the admin's lists
# and the choices of its foreign keys.
CONSULTATION_PATHS = {
    "consultations.consultation": "pk",
    "consultations.theme": "consultation",
    "consultations.document": "consultation",
    "consultations.page": "consultation",
    "participation.participantprofile": "consultation",
    "surveys.questionnaire": "theme__consultation",
    "surveys.section": "questionnaire__theme__consultation",
    "surveys.question": "questionnaire__theme__consultation",
    "surveys.choice": "question__questionnaire__theme__consultation",
    "surveys.displaycondition": "question__questionnaire__theme__consultation",
    "surveys.response": "questionnaire__theme__consultation",
}


def scope(queryset: QuerySet, consultations: QuerySet[Consultation]) -> QuerySet:
    """``queryset`` narrowed to the rows of ``consultations``."""
    path = CONSULTATION_PATHS[queryset.model._meta.label_lower]
    return queryset.filter(**{f"{path}__in": consultations})


class TeamScopedAdminMixin:
    """A ModelAdmin whose lists, pages and foreign-key choices hold only the consultations
    the staff member works on (managed ones; read ones with ``scope_role = "analyse"``).

    A row of another consultation is not found (404), as the admin does for any row missing
    from its queryset; administrators see everything.
    """

    scope_role = "manage"

    def team_consultations(self, request) -> QuerySet[Consultation]:
        if self.scope_role == "analyse":
            return analysed_consultations(request.user)
        return managed_consultations(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_administrator(request.user):
            return queryset
        return scope(queryset, self.team_consultations(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        label = db_field.related_model._meta.label_lower
        if field is not None and label in CONSULTATION_PATHS and not is_administrator(request.user):
            field.queryset = scope(field.queryset, managed_consultations(request.user))
        return field
