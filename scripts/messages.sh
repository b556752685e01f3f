#!/usr/bin/env bash
# Refresh the Arabic and French catalogues from the code and templates (existing translations are kept).
# Then translate every new empty msgstr; tests fail while one is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py makemessages -l ar -l fr --ignore=.venv --ignore=tests --ignore="massar/*/tests/*" \
    --ignore=massar/testing --ignore="massar/demo/*" --no-location --no-obsolete
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
