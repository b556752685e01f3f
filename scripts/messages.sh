#!/usr/bin/env bash
# Refresh the Arabic and French catalogues from the code and templates (existing translations are kept), sorted.
# Then translate every new empty msgstr; tests fail while one is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py makemessages -l ar -l fr --ignore=.venv --ignore=tests --ignore="massar/*/tests/*" \
    --ignore=massar/testing --ignore="massar/demo/*" --no-location --no-obsolete
# Sorted by msgid: the order no longer depends on how the file system lists directories, so two branches that
# each add strings merge without reordering the whole catalogue.
for po in locale/*/LC_MESSAGES/django.po; do msgcat --sort-output --no-location -o "$po" "$po"; done
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
