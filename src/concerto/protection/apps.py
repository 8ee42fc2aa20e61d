from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "concerto.protection"
    verbose_name = _("Protection contre les abus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Resume tokens never reach a log line, whoever logs the request (Django's request
        # and development-server loggers, gunicorn's access log in the same process).
        from .logging import install_token_filter

        install_token_filter()
