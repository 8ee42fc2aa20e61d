#!/usr/bin/env bash
# Install what the browser and HTML-validity tests need, only when it is missing:
#   - Chromium (Debian package, /usr/bin/chromium) for Playwright;
#   - a Java runtime for the Nu HTML Checker (vnu.jar);
#   - Node.js + npm, then `npm ci` for axe-core and vnu-jar (node_modules/).
# Idempotent: a second run does nothing. Used by `make test`.
set -euo pipefail

cd "$(dirname "$0")/.."

say() { printf 'install-test-tools: %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    fi
fi

APT_UPDATED=0
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        say "apt-get is not available: install $* by hand" >&2
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
        say "need root (or sudo) to install $*" >&2
        exit 1
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
        APT_UPDATED=1
    fi
    say "apt-get install -y $*"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Chromium, driven by Playwright through executable_path=/usr/bin/chromium, with its
# translations (chromium-l10n): the browser runs in French, like the participants we test
# as, and its date fields then read JJ/MM/AAAA.
if [ -x /usr/bin/chromium ] && [ -d /usr/lib/chromium/locales ] && [ -f /usr/lib/chromium/locales/fr.pak ]; then
    say "chromium: present ($(/usr/bin/chromium --version 2>/dev/null | head -n 1 || echo '/usr/bin/chromium'))"
else
    apt_install chromium chromium-l10n
fi

# Java runtime for vnu.jar.
if command -v java >/dev/null 2>&1; then
    say "java: present ($(java -version 2>&1 | head -n 1))"
else
    apt_install default-jre-headless
fi

# Node.js and npm for the front-end test tools.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    say "node: present ($(node --version)), npm $(npm --version 2>/dev/null)"
else
    apt_install nodejs npm
fi

# node_modules: (re)install when missing or older than package-lock.json.
# npm ci deletes node_modules first, and touches nothing else. --ignore-scripts:
# vnu.jar ships in the package; its postinstall would only fetch a JRE when no
# system Java exists, which this script has just installed.
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -e "$stamp" ] || [ package-lock.json -nt "$stamp" ] \
    || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
    say "npm ci --no-audit --no-fund --ignore-scripts"
    npm ci --no-audit --no-fund --ignore-scripts
    touch "$stamp"
else
    say "node_modules: up to date with package-lock.json"
fi

say "done"
