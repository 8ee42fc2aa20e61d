from django.utils.functional import SimpleLazyObject

from .models import SiteProfile


def site(request):
    """The site identity, loaded at most once per request, and only if a template uses it."""
    return {"site_profile": SimpleLazyObject(SiteProfile.load)}
