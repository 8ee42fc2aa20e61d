"""Configuration mistakes are reported at start-up, not on the first request."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_languages(app_configs, **kwargs):
    errors = []
    codes = [code for code, _name in settings.LANGUAGES]
    if settings.LANGUAGE_CODE not in codes:
        errors.append(
            Error(
                f"LANGUAGE_CODE {settings.LANGUAGE_CODE!r} is not one of LANGUAGES {codes}.",
                id="concerto.E001",
            )
        )
    return errors
