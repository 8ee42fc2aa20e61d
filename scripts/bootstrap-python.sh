#!/usr/bin/env bash
# Create the virtual environment, installing Debian's venv support first if it is missing.
set -euo pipefail
venv=${1:-.venv}
# WeasyPrint (the PDF of published results) draws text with Pango: Debian's libraries, and
# a font for what the PDF's own typeface (Marianne) lacks.
if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  echo "Installing Pango for WeasyPrint (Debian)…"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core
fi
[ -x "$venv/bin/python" ] && exit 0
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Concerto needs Python 3.11 ($python is $("$python" --version 2>&1))." >&2
  exit 1
fi
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  echo "Installing python3-venv (Debian)…"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq python3-venv
fi
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
