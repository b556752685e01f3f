"""Public pages through Django's test client: language negotiation, direction, the language switcher,
and marks that read correctly inside right-to-left text."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from massar.testing import factories as make

pytestmark = pytest.mark.django_db

HOME = "/"
LANGUAGE_SET = "/language/"
ONE_YEAR = 60 * 60 * 24 * 365


class _Page(HTMLParser):
    """The attributes of <html>, and the inner HTML-ish text of the element with id mark-example."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str | None] = {}
        self.language_buttons: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html = attributes
        if tag == "button" and "data-language" in attributes:
            self.language_buttons[attributes["data-language"]] = attributes


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def mark_example(response) -> str:
    match = re.search(r'<p id="mark-example">(.*?)</p>', response.content.decode(), re.S)
    assert match, "the home page shows an example mark"
    return match.group(1)


def test_home_is_arabic_and_right_to_left_by_default(client):
    response = client.get(HOME)
    assert response.status_code == 200
    assert b'<html lang="ar" dir="rtl">' in response.content


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_follows_accept_language_and_is_left_to_right(client, language):
    response = client.get(HOME, headers={"accept-language": f"{language},ar;q=0.5"})
    assert parse(response).html == {"lang": language, "dir": "ltr"}


def test_unsupported_accept_language_falls_back_to_arabic(client):
    response = client.get(HOME, headers={"accept-language": "de-DE,de;q=0.9"})
    assert parse(response).html == {"lang": "ar", "dir": "rtl"}


def test_language_switcher_offers_every_language_and_marks_the_current_one(client):
    page = parse(client.get(HOME, headers={"accept-language": "fr"}))
    assert set(page.language_buttons) == {code for code, _name in settings.LANGUAGES}
    current = page.language_buttons["fr"]
    assert current["aria-current"] == "true"
    assert "disabled" in current
    for code in ("ar", "en"):
        button = page.language_buttons[code]
        assert "disabled" not in button
        assert button["lang"] == code
        assert button["name"] == "language"
        assert button["value"] == code


def test_language_switcher_returns_to_the_page_it_was_used_on(client):
    response = client.get("/signin/?next=/me/")
    assert '<input type="hidden" name="next" value="/signin/?next=/me/">' in response.content.decode()


def test_choosing_a_language_sets_a_cookie_for_a_year_and_returns_to_next(client):
    response = client.post(LANGUAGE_SET, {"language": "fr", "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert settings.LANGUAGE_COOKIE_NAME == "django_language"
    assert cookie.value == "fr"
    assert abs(int(cookie["max-age"]) - ONE_YEAR) <= 60
    assert cookie["samesite"] == "Lax"


def test_the_language_cookie_wins_over_accept_language(client):
    client.post(LANGUAGE_SET, {"language": "fr", "next": HOME})
    response = client.get(HOME, headers={"accept-language": "ar"})
    assert parse(response).html == {"lang": "fr", "dir": "ltr"}
    response = client.get("/signin/", headers={"accept-language": "ar"})
    assert parse(response).html == {"lang": "fr", "dir": "ltr"}


@pytest.mark.parametrize(
    ("language", "shown_in"),
    [
        ("xx", "ar"),
        ("", "ar"),
        ("../ar", "ar"),
        ("a" * 500, "ar"),
        # A language Django knows but Massar does not offer: the cookie is set, and ignored.
        ("de", "ar"),
        # Django reads a regional variant as its base language.
        ("fr-XX-bogus", "fr"),
    ],
)
def test_an_unknown_language_falls_back_without_error(client, language, shown_in):
    response = client.post(LANGUAGE_SET, {"language": language, "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    page = client.get(HOME)
    assert page.status_code == 200
    assert parse(page).html["lang"] == shown_in


def test_an_invalid_language_sets_no_cookie(client):
    response = client.post(LANGUAGE_SET, {"language": "xx", "next": HOME})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switcher_does_not_redirect_off_site(client):
    response = client.post(LANGUAGE_SET, {"language": "fr", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_language_switcher_only_accepts_post(client):
    assert client.get(LANGUAGE_SET, {"language": "fr", "next": HOME}).status_code == 405


def test_language_switcher_requires_the_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(LANGUAGE_SET, {"language": "fr", "next": HOME})
    assert response.status_code == 403


def test_a_signed_in_user_keeps_the_chosen_language_on_the_account(client):
    user = make.account(role="ministry_officer")
    client.force_login(user)
    client.post(LANGUAGE_SET, {"language": "en", "next": HOME})
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_an_unknown_language_does_not_touch_the_account(client):
    user = make.account(role="ministry_officer", preferred_language="fr")
    client.force_login(user)
    client.post(LANGUAGE_SET, {"language": "xx", "next": HOME})
    user.refresh_from_db()
    assert user.preferred_language == "fr"


@pytest.mark.parametrize(
    ("language", "rendered"),
    [
        ("ar", '<bdi dir="ltr" class="num">14,75/20</bdi>'),
        ("fr", '<bdi dir="ltr" class="num">14,75/20</bdi>'),
        ("en", '<bdi dir="ltr" class="num">14.75/20</bdi>'),
    ],
)
def test_mark_filter_isolates_the_mark_as_a_left_to_right_run(language, rendered):
    template = Template("{% load massar_tags %}{{ value|mark }}")
    with translation.override(language):
        assert template.render(Context({"value": Decimal("14.75")})) == rendered


def test_mark_filter_out_of_another_scale():
    template = Template("{% load massar_tags %}{{ value|mark:10 }}")
    with translation.override("fr"):
        assert template.render(Context({"value": Decimal("7.5")})) == '<bdi dir="ltr" class="num">7,50/10</bdi>'


def test_mark_filter_shows_a_blank_mark_as_a_dash():
    template = Template("{% load massar_tags %}{{ value|mark }}")
    assert template.render(Context({"value": None})) == '<span class="num blank">—</span>'


@pytest.mark.parametrize(
    ("language", "rendered"),
    [
        ("ar", '<bdi dir="ltr" class="num">14,75/20</bdi>'),
        ("fr", '<bdi dir="ltr" class="num">14,75/20</bdi>'),
        ("en", '<bdi dir="ltr" class="num">14.75/20</bdi>'),
    ],
)
def test_home_shows_the_example_mark_isolated_and_unescaped(client, language, rendered):
    response = client.get(HOME, headers={"accept-language": language})
    assert rendered in mark_example(response)
    assert "&lt;bdi" not in response.content.decode()


def test_signin_page_renders_in_each_language(client):
    for language, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
        response = client.get("/signin/", headers={"accept-language": language})
        assert response.status_code == 200
        assert parse(response).html == {"lang": language, "dir": direction}
