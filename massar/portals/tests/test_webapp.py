"""Massar can be added to a phone's home screen: every page links a favicon, a touch icon and the web app
manifest, which names Massar in the visitor's language, with icons of 192 and 512 pixels, Massar's colour and
a standalone window opening on "my space"."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image


def manifest_in(language: str):
    return Client(headers={"accept-language": language}).get(reverse("portals:manifest"))


def static_file(url: str) -> str:
    assert url.startswith("/static/"), url
    found = finders.find(url.removeprefix("/static/"))
    assert found, f"{url} is not a static file"
    return str(found)


@pytest.mark.django_db
def test_the_manifest_is_served_as_a_manifest_in_the_visitors_language():
    arabic, french = manifest_in("ar"), manifest_in("fr")
    assert arabic.status_code == 200 and arabic["Content-Type"] == "application/manifest+json"
    ar, fr = json.loads(arabic.content), json.loads(french.content)
    assert (ar["short_name"], ar["lang"], ar["dir"]) == ("مسار", "ar", "rtl")
    assert (fr["short_name"], fr["lang"], fr["dir"]) == ("Massar", "fr", "ltr")
    assert ar["name"] != fr["name"] and "Massar" in fr["name"]
    assert "Accept-Language" in arabic["Vary"]
    assert fr["start_url"] == reverse("portals:my_space") and fr["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", fr["theme_color"]) and fr["background_color"]


@pytest.mark.django_db
def test_the_manifests_icons_exist_in_the_sizes_they_claim():
    icons = json.loads(manifest_in("fr").content)["icons"]
    sizes = set()
    for icon in icons:
        path = static_file(icon["src"])
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert image.format == "PNG"
                assert f"{image.width}x{image.height}" == icon["sizes"]
                sizes.add(image.width)
        else:
            assert icon["type"] == "image/svg+xml" and path.endswith(".svg")
    assert {192, 512} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in icons)


@pytest.mark.django_db
def test_every_page_links_the_favicon_the_touch_icon_and_the_manifest():
    page = Client(headers={"accept-language": "ar"}).get(reverse("portals:home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("portals:manifest")}">' in page
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', page))
    assert set(links) == {"icon", "apple-touch-icon"}
    for rel, href in re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', page):
        static_file(href)
    assert '<meta name="theme-color" content="#0b6e4f">' in page
