"""Subresource Integrity hashes are those of the static files as browsers receive them."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from dsfr.checksums import INTEGRITY_CSS, INTEGRITY_JS_MODULE

from concerto.core.staticfiles import IntegrityManifestStaticFilesStorage, subresource_integrity

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "concerto.core.staticfiles.IntegrityManifestStaticFilesStorage"},
}
DSFR_CSS = "dsfr/dist/dsfr/dsfr.min.css"
DSFR_JS = "dsfr/dist/dsfr/dsfr.module.min.js"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """One collectstatic (with compression, a few seconds) for the module."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def served(root, name: str) -> bytes:
    return (root / staticfiles_storage.stored_name(name)).read_bytes()


def test_collectstatic_records_the_hash_of_the_rewritten_stylesheet(collected):
    rewritten = served(collected, DSFR_CSS)
    # collectstatic changed the file (its url() now name hashed files): the package's
    # own hash cannot hold, which is why the production pages were unstyled.
    assert subresource_integrity(rewritten) != INTEGRITY_CSS
    assert staticfiles_storage.integrity(DSFR_CSS) == subresource_integrity(rewritten)
    assert staticfiles_storage.integrity(DSFR_JS) == subresource_integrity(
        served(collected, DSFR_JS)
    )


def test_pages_carry_the_hashes_of_the_served_files(collected):
    html = Template(
        '{% load concerto %}{% stylesheet "'
        + DSFR_CSS
        + '" %}{% script "'
        + DSFR_JS
        + '" "module" %}'
    ).render(Context())
    css_url = staticfiles_storage.url(DSFR_CSS)
    assert f'<link rel="stylesheet" href="{css_url}" integrity="' in html
    assert subresource_integrity(served(collected, DSFR_CSS)) in html
    assert f'type="module" integrity="{subresource_integrity(served(collected, DSFR_JS))}"' in html
    assert INTEGRITY_CSS not in html


def test_unknown_file_gets_no_integrity_rather_than_a_wrong_one(collected, tmp_path):
    assert staticfiles_storage.integrity("core/concerto.css")
    # A static root collected before this storage existed has no integrity.json.
    assert IntegrityManifestStaticFilesStorage(location=tmp_path).integrity(DSFR_CSS) is None


def test_plain_storage_hashes_the_source_files():
    html = Template('{% load concerto %}{% script "' + DSFR_JS + '" "module" %}').render(Context())
    assert f'integrity="{INTEGRITY_JS_MODULE}"' in html
