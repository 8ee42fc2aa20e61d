"""Static files as browsers receive them, with Subresource Integrity hashes that hold.

django-dsfr's ``{% dsfr_css %}`` prints the sha384 of the package's original files. The
manifest storage rewrites the ``url()`` references inside every stylesheet to their hashed
names, so the served ``dsfr.min.<hash>.css`` no longer matches and browsers refuse it: the
site shows unstyled. The hashes must therefore be computed from the files as served:

- with the production storage, ``collectstatic`` writes them beside the manifest
  (``integrity.json``), once per deployment, after every rewriting;
- with the plain storage of development and tests, files are served as found, so they are
  hashed from their source (once per process, or on every request in DEBUG).

A file without a known hash gets no ``integrity`` attribute rather than a wrong one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

INTEGRITY_MANIFEST = "integrity.json"
# Only what a page loads with an integrity attribute; images and fonts need none.
INTEGRITY_SUFFIXES = (".css", ".js")


def subresource_integrity(content: bytes) -> str:
    """The ``integrity`` attribute value for ``content`` (sha384, as the DSFR uses)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode("ascii")


class IntegrityManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed storage, plus the integrity of every served
    stylesheet and script, computed after the ``url()`` rewriting."""

    integrity_manifest_name = INTEGRITY_MANIFEST

    def post_process(self, paths, dry_run=False, **options):
        yield from super().post_process(paths, dry_run=dry_run, **options)
        if dry_run:
            return
        integrity = {}
        for name, hashed_name in sorted(self.hashed_files.items()):
            if hashed_name.endswith(INTEGRITY_SUFFIXES):
                with self.open(hashed_name) as served:
                    integrity[name] = subresource_integrity(served.read())
        if self.manifest_storage.exists(self.integrity_manifest_name):
            self.manifest_storage.delete(self.integrity_manifest_name)
        contents = json.dumps(integrity, indent=0, sort_keys=True).encode()
        self.manifest_storage._save(self.integrity_manifest_name, ContentFile(contents))
        self.__dict__.pop("integrity_table", None)

    @functools.cached_property
    def integrity_table(self) -> dict[str, str]:
        try:
            with self.manifest_storage.open(self.integrity_manifest_name) as manifest:
                return json.loads(manifest.read().decode())
        except FileNotFoundError:
            return {}

    def integrity(self, name: str) -> str | None:
        return self.integrity_table.get(self.clean_name(name))


@functools.lru_cache(maxsize=256)
def _source_integrity(name: str) -> str | None:
    found = finders.find(name)
    if not found:
        return None
    return subresource_integrity(Path(found).read_bytes())


def static_integrity(name: str) -> str | None:
    """The integrity of the static file ``name`` as the configured storage serves it."""
    lookup = getattr(staticfiles_storage, "integrity", None)
    if lookup is not None:
        return lookup(name)
    if settings.DEBUG:
        # Files change under the developer's hands.
        return _source_integrity.__wrapped__(name)
    return _source_integrity(name)
