"""Every string a person reads exists in Arabic and French (English is the source language)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = [Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("ar", "fr")]


def entries(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, translations, fuzzy) for each entry of a .po file."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid = "".join(re.findall(r'"(.*)"', (re.search(r'^msgid ((?:".*"\n?)+)', block, re.M) or [""])[0]
                                   if re.search(r"^msgid ", block, re.M) else ""))
        if not msgid:
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        found.append((msgid, ["".join(re.findall(r'"(.*)"', s)) for s in strings], "#, fuzzy" in block))
    return found


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_message_is_translated(catalogue):
    po = entries(catalogue)
    assert len(po) > 100
    untranslated = [msgid for msgid, strings, fuzzy in po if fuzzy or not all(strings)]
    assert untranslated == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-3])
def test_the_catalogue_header_is_used(catalogue):
    # msgfmt drops fuzzy entries, the header included, and with it Arabic's six plural forms.
    header = catalogue.read_text(encoding="utf-8").split("\n\n")[0]
    assert "#, fuzzy" not in header
    assert "Plural-Forms:" in header and "charset=UTF-8" in header


def test_arabic_plurals_follow_arabic_grammar():
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ar"):
        two = ngettext("%(counter)s student in your scope.", "%(counter)s students in your scope.", 2)
        eleven = ngettext("%(counter)s student in your scope.", "%(counter)s students in your scope.", 11)
    assert two != eleven  # Arabic has a dual form


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_their_placeholders(catalogue):
    for msgid, strings, _ in entries(catalogue):
        wanted = sorted(re.findall(r"%\(\w+\)[sd]", msgid))
        for translated in strings:
            # Arabic plural forms may spell out "one"/"two" instead of the number.
            assert set(re.findall(r"%\(\w+\)[sd]", translated)) <= set(wanted), msgid


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/signin/"])
def test_arabic_pages_show_no_english_interface_text(client, path):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    for english in ("Sign in", "Students", "Parents", "Password", "Language", "Skip to content"):
        assert english not in text
