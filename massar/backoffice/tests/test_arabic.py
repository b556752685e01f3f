"""The back office in Arabic is Arabic: app and model names, plurals, breadcrumbs, columns, filters, forms.

Every page an officer can open (the index, each app, each model's list, add page and first row) is rendered
in Arabic and must hold no Latin word other than data (names, codes, e-mails) and massar.testing.latin's
short allow-list."""

import json
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from massar.access.registry import rows_visible_to
from massar.accounts.events import account_event_record
from massar.accounts.models import AccountEventKind
from massar.accounts.tokens import api_token_issue
from massar.backoffice.scoped import ScopedAdmin
from massar.core.dates import MOROCCAN_MONTHS
from massar.core.models import SchoolYear
from massar.grades.rules import grade_rules_seed_year
from massar.schools.services import coefficients_seed_year
from massar.testing.latin import data_values, latin_words

OFFICERS = ["ministry_officer", "academy_officer", "directorate_officer"]


def back_office_pages(user) -> list[str]:
    paths = ["/backoffice/"]
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        paths += [reverse("admin:app_list", args=[meta.app_label]), reverse(f"{name}_changelist"),
                  reverse(f"{name}_add")]
        first = rows_visible_to(user, model).first()
        if first is not None:
            paths.append(reverse(f"{name}_change", args=[first.pk]))
    return list(dict.fromkeys(paths))


@pytest.fixture
def filled_world(world):
    """The world with a row in every table the back office lists: rule tables, events, tokens."""
    year = SchoolYear.objects.get(is_current=True)
    grade_rules_seed_year(school_year=year)
    coefficients_seed_year(school_year=year)
    for role in OFFICERS:
        account = world.accounts[role]
        account_event_record(user=account, kind=AccountEventKind.PASSWORD_CHANGED, actor=account,
                             ip_address="196.200.1.7")
        api_token_issue(user=account, name="Tableur")
    return world


@pytest.mark.parametrize("role", OFFICERS)
def test_every_back_office_page_is_arabic_in_arabic(filled_world, as_role, role):
    world = filled_world
    client = as_role(role, "ar")
    data = data_values()
    found: dict[str, list[str]] = {}
    for path in back_office_pages(world.accounts[role]):
        response = client.get(path)
        if response.status_code != 200:
            assert response.status_code in (302, 403), (path, response.status_code)
            continue
        words = latin_words(response.content.decode(), data)
        if words:
            found[path] = sorted(set(words))
    assert found == {}, "\n".join(f"{path}: {' '.join(words)}" for path, words in found.items())


# Never shown to anyone: the demo (scripts/messages.sh keeps its strings out of the catalogue) and a mark's
# packed tally, a generated column that only the close's SQL reads (renaming it in Django would rebuild the
# marks table in a migration).
NEVER_SHOWN = {"demo", "mark.tally"}


def test_every_app_model_and_field_has_an_arabic_name():
    """App labels, model names (singular and plural, never an English `…s`) and field names, in Arabic."""
    from django.apps import apps
    from django.db import models
    from django.utils import translation

    untranslated = []
    with translation.override("ar"):
        for app in apps.get_app_configs():
            if not app.name.startswith("massar.") or app.label in NEVER_SHOWN:
                continue
            names = {app.label: app.verbose_name}
            for model in app.get_models():
                meta = model._meta
                names[f"{meta.model_name}"] = meta.verbose_name
                names[f"{meta.model_name} (plural)"] = meta.verbose_name_plural
                for field in meta.get_fields():
                    if isinstance(field, models.Field) and not isinstance(field, models.CompositePrimaryKey):
                        names[f"{meta.model_name}.{field.name}"] = field.verbose_name
            untranslated += [f"{key}: {name}" for key, name in names.items()
                             if key not in NEVER_SHOWN and latin_words(str(name))]
    assert untranslated == []


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# The admin scripts of the pages officers use: the date picker, its shortcuts, the list's actions.
ADMIN_SCRIPTS = ("calendar.js", "admin/DateTimeShortcuts.js", "actions.js")
# A gettext/ngettext/pgettext call and its first two arguments, each a string literal or a `+` of several.
STRING = re.compile(r'"([^"]*)"')
LITERALS = r'((?:"[^"]*"\s*(?:\+\s*)?)+)'
SCRIPT_MESSAGE = re.compile(rf"\b(n?gettext|pgettext)\(\s*{LITERALS}(?:,\s*{LITERALS})?")


def arabic_script_catalogue(client) -> dict:
    script = client.get(reverse("admin:jsi18n")).content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)
    assert found is not None, "the admin's script catalogue has no translations"
    return json.loads(found.group(1))


def test_the_date_picker_names_the_months_as_massar_does(world, as_role):
    """The admin's calendar (JavaScript) takes its month names from Massar's djangojs catalogue."""
    catalogue = arabic_script_catalogue(as_role("ministry_officer", "ar"))
    assert [catalogue[month] for month in MONTHS] == list(MOROCCAN_MONTHS)
    assert catalogue["%(month)s %(day)s, %(year)s"] == "%(day)s %(month)s %(year)s"


def test_every_message_of_the_admin_scripts_is_arabic(world, as_role):
    """Django 6.1's Arabic catalogue misses some of its scripts' messages: Massar's djangojs catalogue has
    them; a message a new Django adds fails here until it is translated."""
    import django

    catalogue = arabic_script_catalogue(as_role("ministry_officer", "ar"))
    folder = Path(django.__file__).parent / "contrib/admin/static/admin/js"
    missing = []
    for name in ADMIN_SCRIPTS:
        source = (folder / name).read_text(encoding="utf-8")
        for kind, first, second in SCRIPT_MESSAGE.findall(source):
            text = "".join(STRING.findall(first))
            if kind == "pgettext":  # (context, message), keyed "context\x04message"
                text = text + "\x04" + "".join(STRING.findall(second))
            if text not in catalogue:
                missing.append(f"{name}: {text!r}")
    assert missing == []
