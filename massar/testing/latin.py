"""Finding English or French interface text left in an Arabic page.

`latin_words(html, data)` strips what is not interface text — scripts and styles, the values that are data
(names, Massar codes, class and school codes, e-mails, URLs, numbers) — and returns the Latin-letter words
that remain, apart from a short allow-list. Tests render pages in Arabic and expect none.
"""

import html as html_lib
import re
from collections.abc import Iterable

from django.apps import apps
from django.db import models

# Kept short on purpose: a word here is shown in Latin letters to Arabic readers, in every page.
ALLOWED = frozenset({
    "Massar",  # the product's name, as on the ministry's own pages
    "Excel",  # the spreadsheet teachers fill offline, named as on the ministry's pages
    "Français", "français", "English",  # the language switch names each language in itself
})

# Text marked as written in another language (`lang="en"`: product names, a name in Latin letters) is data.
FOREIGN = re.compile(r'<(\w+)\b[^>]*\blang="(?!ar\b)[^"]*"[^>]*>.*?</\1>', re.S)
HIDDEN = re.compile(r"<(script|style|template|noscript)\b.*?</\1>|<!--.*?-->", re.S | re.I)
# Attributes a person reads or hears (screen readers): their values count as page text.
READ_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', re.I)
BUTTON_VALUES = re.compile(r'<input\b[^>]*\btype="(?:submit|button)"[^>]*\bvalue="([^"]*)"', re.I)
TAG = re.compile(r"<[^>]+>")
EMAIL = re.compile(r"[\w.+-]*@[\w-]+(?:\.[\w-]+)+")  # an address, or its domain alone (@taalim.ma)
URL = re.compile(r"(?:https?://|/)[\w./?=&%#:+-]*")
# A code or a number: any word holding a digit, and capitals (MATH, TC, SVT, TOTP, API, IP; an academy's
# letter F, a stream's S).
CODE = re.compile(r"\b[\w-]*\d[\w-]*\b|\b[A-Z][A-Z-]*\b")
# A literal quoted in the text, to be typed or avoided as it is (passwords must not contain «massar»).
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|`[^`]*`")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)*")


def page_text(html: str) -> str:
    """What a person reads or hears on the page: its text and its read attributes, entities decoded."""
    html = FOREIGN.sub(" ", HIDDEN.sub(" ", html))
    spoken = READ_ATTRIBUTES.findall(html) + BUTTON_VALUES.findall(html)
    text = TAG.sub(" ", html)
    return html_lib.unescape(" ".join([text, *spoken]))


def data_values() -> list[str]:
    """Every text value stored by Massar's models (names, codes, labels, user names): data, not interface.
    Longest first, so that a name is removed whole before any part of it."""
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("massar."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField) and not f.choices]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            values.update(str(v).strip() for v in row if v and len(str(v).strip()) > 1)
    return sorted(values, key=len, reverse=True)


def latin_words(html: str, data: Iterable[str] = (), *, allowed: Iterable[str] = ALLOWED) -> list[str]:
    """The Latin-letter words of an Arabic page that are neither data nor allowed, in page order."""
    text = page_text(html)
    for value in data:
        text = text.replace(value, " ")
    text = CODE.sub(" ", URL.sub(" ", EMAIL.sub(" ", QUOTED.sub(" ", text))))
    keep = set(allowed)
    return [word for word in LATIN_WORD.findall(text) if word not in keep]
