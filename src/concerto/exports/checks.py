"""A retention that would delete exports before anyone could download them is refused."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_retention(app_configs, **kwargs):
    days = getattr(settings, "EXPORT_RETENTION_DAYS", None)
    if not isinstance(days, int) or days < 1:
        return [
            Error(
                f"EXPORT_RETENTION_DAYS must be a whole number of days, at least 1 (got {days!r}).",
                id="concerto.E201",
            )
        ]
    return []
