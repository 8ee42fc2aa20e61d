from django.utils.functional import SimpleLazyObject

from .accessibility import load_assessment
from .models import SiteProfile


def site(request):
    """The site identity, loaded at most once per request, and only if a template uses it;
    the accessibility self-assessment (the footer states its result on every page)."""
    return {
        "site_profile": SimpleLazyObject(SiteProfile.load),
        "accessibility": SimpleLazyObject(load_assessment),
    }
