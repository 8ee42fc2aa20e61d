#!/usr/bin/env bash
# Development server and task worker side by side; Ctrl-C stops both.
set -euo pipefail
py=${1:-.venv/bin/python}
port=${PORT:-8000}
"$py" manage.py ensure_demo_admin
"$py" manage.py db_worker --queue-name default &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo
echo "Concerto: http://127.0.0.1:${port}/   (back office: http://127.0.0.1:${port}/admin/)"
echo
"$py" manage.py runserver "127.0.0.1:${port}"
