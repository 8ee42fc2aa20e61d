from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "concerto.following"
    verbose_name = _("Suivi (« Me prévenir »)")
    default_auto_field = "django.db.models.BigAutoField"
