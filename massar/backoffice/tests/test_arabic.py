"""The back office in Arabic is Arabic: app and model names, plurals, breadcrumbs, columns, filters, forms.

Every page an officer can open (the index, each app, each model's list, add page and first row) is rendered
in Arabic and must hold no Latin word other than data (names, codes, e-mails) and massar.testing.latin's
short allow-list."""

import pytest
from django.contrib import admin
from django.urls import reverse

from massar.access.registry import rows_visible_to
from massar.backoffice.scoped import ScopedAdmin
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


@pytest.mark.parametrize("role", OFFICERS)
def test_every_back_office_page_is_arabic_in_arabic(world, as_role, role):
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
