"""What the back-office tests share: a client signed in as one of the world's accounts, the back office's URL
of a model's page, and the form a browser would send back from an add or change page."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def as_role(world):
    """A client signed in as one of the world's accounts, with the interface in English."""

    def sign_in(role: str, language: str = "en") -> Client:
        client = Client()
        client.force_login(world.accounts[role])
        client.cookies["django_language"] = language
        return client

    return sign_in


@pytest.fixture
def url():
    """`url(Model)` is its list, `url(Model, "add")` its add page, `url(Model, "change", pk)` a row's page."""

    def admin_url(model, view="changelist", *args) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    return admin_url


@pytest.fixture
def form_data():
    """What a browser would send back for the form on an admin add/change page, inlines included."""

    def sent_back(response) -> dict:
        data: dict = {}

        def put(form, prefix=""):
            for name, field in form.fields.items():
                if field.disabled:
                    continue
                value = form[name].value()
                key = f"{prefix}{name}"
                if value is None or value is False:
                    continue
                if value is True:
                    data[key] = "on"
                elif isinstance(value, list | tuple):
                    data[key] = [str(v) for v in value]
                else:
                    data[key] = str(value)

        put(response.context["adminform"].form)
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            put(formset.management_form, f"{formset.prefix}-")
            for form in formset.forms:
                put(form, f"{form.prefix}-")
        return data

    return sent_back
