from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "concerto.core"
    verbose_name = _("Plateforme")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .roles import ensure_roles

        # Permissions are created app by app after migrate: resynchronising the roles after
        # each app (a few queries) guarantees the last pass sees every permission.
        post_migrate.connect(ensure_roles, dispatch_uid="concerto.core.roles")
