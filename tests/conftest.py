import pytest
from django.utils import translation

from concerto.core.models import SiteProfile


def pytest_configure(config):
    # WhiteNoise warns that collectstatic has not run; tests serve no static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _french():
    # The site's default language; views activate their own from the URL.
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test stores its uploads apart, so file names are exactly the uploaded ones.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_profile(db) -> SiteProfile:
    return SiteProfile.load()


@pytest.fixture
def manager(db):
    """A consultation manager on the team of every consultation the test builds (before or
    after asking for this fixture). Tests of the teams themselves use ``factories.manager(of=...)``."""
    from django.db.models.signals import post_save

    from concerto.consultations.models import Consultation
    from concerto.workspace.actions import add_member
    from tests.factories import manager

    user = manager()

    def join(sender, instance, created, **kwargs):
        if created:
            add_member(consultation=instance, user=user, role="manager", actor=None)

    post_save.connect(join, sender=Consultation, weak=False, dispatch_uid="tests.manager")
    try:
        yield user
    finally:
        post_save.disconnect(sender=Consultation, dispatch_uid="tests.manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def demo_clock(db):
    """The demo loaded on DEMO_NOW, with the clock stopped there (move it with move_to)."""
    import time_machine

    from concerto.consultations.demo import load_demo
    from tests.consultations.demo_time import DEMO_NOW

    with time_machine.travel(DEMO_NOW, tick=False) as traveller:
        load_demo()
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_questionnaire_structures():
    # Each web process keeps questionnaire structures; tests reuse ids across rollbacks.
    from concerto.surveys.structure import clear_cache as clear_structure_cache

    clear_structure_cache()
    yield
    clear_structure_cache()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters, ALTCHA's replay store and the e-mail marks live in the cache.
    from django.core.cache import cache

    # Public pages and per-process copies are keyed by a content version kept there too
    # (concerto.core.pagecache): tests roll the database back, so each starts empty.
    from concerto.core import pagecache

    cache.clear()
    pagecache.clear()
    yield
    cache.clear()
    pagecache.clear()
