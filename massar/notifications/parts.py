"""Translatable parts: a message is stored once, read in each recipient's language.

A part is `{"text": <English source text>, "values": {...}}`. The source text is a msgid of Massar's
catalogue (marked with `gettext_noop` where it is written, so `scripts/messages.sh` finds it); it is
translated when the part is rendered, in the language of the page or of the e-mail, never when it is stored.
A value is one of:

- text or a number, shown as it is (a Massar code, a class code);
- `{"ar": …, "fr": …, "en": …}`: a name in three languages (a subject, a school), picked like
  `NamedInThreeLanguages.name`;
- `{"date": "2026-12-04"}` or `{"datetime": "2026-12-04T08:30:00+01:00"}`: shown with `massar.core.dates`;
- `{"text": …}`: a source text translated in turn (a kind of absence);
- `{"list": [value, …]}`: the values joined with the language's comma.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation

from massar.core.dates import SHORT, date_text, datetime_text

Part = dict[str, Any]


def part(text: str, **values: Any) -> Part:
    """A part to store: `text` is the English source (mark it with gettext_noop), `values` fill its
    `%(name)s` placeholders."""
    return {"text": text, "values": values}


def raw(text: str) -> Part:
    """A part that is not translated: what a person wrote (an announcement's title)."""
    return {"raw": text}


def names(obj: Any) -> dict[str, str]:
    """The three-language value of a model named in three languages (NamedInThreeLanguages)."""
    return {"ar": obj.name_ar, "fr": obj.name_fr, "en": getattr(obj, "name_en", "") or obj.name_fr}


def person_names(person: Any) -> dict[str, str]:
    """A person's name: in Arabic on Arabic pages, in Latin letters elsewhere."""
    return {"ar": person.full_name_ar or person.full_name_latin, "fr": person.full_name_latin,
            "en": person.full_name_latin}


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _value(value: Any) -> str:
    if isinstance(value, Mapping):
        if "date" in value:
            return date_text(datetime.date.fromisoformat(value["date"]))
        if "datetime" in value:
            return datetime_text(datetime.datetime.fromisoformat(value["datetime"]), style=SHORT)
        if "text" in value:
            return translation.gettext(value["text"])
        if "list" in value:
            separator = "، " if _language() == "ar" else ", "
            return separator.join(_value(item) for item in value["list"])
        language = _language()
        order = {"ar": ("ar", "fr", "en"), "en": ("en", "fr", "ar")}.get(language, ("fr", "ar", "en"))
        return next((str(value[key]) for key in order if value.get(key)), "")
    return "" if value is None else str(value)


def part_render(stored: Mapping[str, Any] | None, *, language: str | None = None) -> str:
    """The part in `language` (the active language when None). A stored text unknown to the catalogue is shown
    as written (in English) rather than failing: a message once stored is always readable."""
    if not stored:
        return ""
    if "raw" in stored:  # a person's own words (an announcement's text), shown as they wrote them
        return str(stored["raw"])
    if not stored.get("text"):
        return ""
    with translation.override(language or _language()):
        text = translation.gettext(stored["text"])
        values = {name: _value(value) for name, value in (stored.get("values") or {}).items()}
        try:
            return text % values if values else text
        except (KeyError, ValueError, TypeError):
            return stored["text"] % values if values else stored["text"]
