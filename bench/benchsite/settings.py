"""Production settings, unchanged, except for the URLconf that adds /bench/bare/ and
/bench/floor/.

Used only by bench/pages.py and bench/submissions.py (gunicorn --pythonpath src,bench).
The product's URLs (concerto.urls) are not modified.
"""

from concerto.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
