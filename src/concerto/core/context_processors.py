import functools

from django.utils.functional import SimpleLazyObject

from . import pagecache
from .accessibility import load_assessment
from .models import SiteProfile


def _site_profile() -> SiteProfile:
    return pagecache.per_process("site-profile", SiteProfile.current)


@functools.cache
def _assessment():
    # A file shipped with the code: read once per process, not on every page's footer.
    return load_assessment()


def site(request):
    """The site identity, kept by each process until the content changes (no query per
    request), and only if a template uses it; the accessibility self-assessment (the footer
    states its result on every page)."""
    return {
        "site_profile": SimpleLazyObject(_site_profile),
        "accessibility": SimpleLazyObject(_assessment),
    }
