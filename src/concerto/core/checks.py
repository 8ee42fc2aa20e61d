"""Configuration mistakes are reported at start-up, not on the first request."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register()
def check_accessibility_grid(app_configs, **kwargs):
    """The statement is generated from the RGAA grid: a broken grid must stop the deploy."""
    from django.core.exceptions import ImproperlyConfigured

    from .accessibility import load_assessment

    try:
        load_assessment()
    except (ImproperlyConfigured, ValueError) as problem:
        return [Error(f"The RGAA self-assessment grid is invalid: {problem}", id="concerto.E002")]
    return []


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
