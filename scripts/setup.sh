#!/usr/bin/env bash
# Prepares a checkout: a Python >= 3.12 virtualenv in .venv with the locked dependencies,
# compiled translations and a migrated database. Safe to run again: each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[massar]\033[0m %s\n' "$*"; }

is_modern_python() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 && is_modern_python "$(command -v "$candidate")"; then
            command -v "$candidate"; return 0
        fi
    done
    for candidate in /root/.pyenv/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 \
                     /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        if [ -x "$candidate" ] && is_modern_python "$candidate"; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! is_modern_python .venv/bin/python; then
    if ! PY=$(find_python); then
        echo "Massar needs Python 3.12 or newer, and none was found (looked in PATH and ~/.pyenv/versions)." >&2
        echo "Install one (e.g. 'pyenv install 3.13') or point PYTHON=/path/to/python3.12 at it." >&2
        exit 1
    fi
    say "creating .venv with $PY ($("$PY" --version))"
    rm -rf .venv
    "$PY" -m venv .venv
fi

lock_sum=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat .venv/.lock-installed 2>/dev/null)" != "$lock_sum" ]; then
    say "installing locked dependencies (requirements.lock)"
    # This machine's pip configuration may name index folders that do not exist; drop those warnings only.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 \
        | { grep -v "^WARNING: Location 'file://" || true; }
    echo "$lock_sum" > .venv/.lock-installed
fi

# Translations: gettext's msgfmt compiles the .po catalogues.
if ! command -v msgfmt >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing gettext (msgfmt) from Debian's packages"
        (apt-get update -qq && apt-get install -y -qq gettext) >/dev/null
    else
        echo "msgfmt (GNU gettext) is missing: install the 'gettext' package." >&2; exit 1
    fi
fi
# PDFs: WeasyPrint subsets the embedded fonts with HarfBuzz's subsetter when the system has it; without it, it
# falls back to fontTools, which takes about two seconds per PDF for the Arabic font (README "Documents").
if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing HarfBuzz's font subsetter (libharfbuzz-subset0) from Debian's packages"
        (apt-get install -y -qq libharfbuzz-subset0 || (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0)) \
            >/dev/null 2>&1 || say "libharfbuzz-subset0 could not be installed: PDFs are slower to write, not wrong"
    else
        say "no libharfbuzz-subset0 (a Debian package): PDFs are slower to write, not wrong"
    fi
fi
# Benchmarks: wrk (a load generator in C) drives the production server, so that the clients' own work does not
# take the server's cores or add to its latencies (bench/server.py falls back to Python threads without it).
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing wrk (the benchmarks' load generator) from Debian's packages"
        (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)) >/dev/null 2>&1 \
            || say "wrk could not be installed: the benchmarks load the server from Python threads"
    else
        say "no wrk (a Debian package): the benchmarks load the server from Python threads"
    fi
fi
if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
    .venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0
fi

if [ "${1:-}" != "--no-migrate" ]; then
    say "migrating the database"
    .venv/bin/python manage.py migrate --no-input --verbosity 0
fi
