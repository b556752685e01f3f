"""What a person may send as text. A NUL character cannot be stored (PostgreSQL refuses it) and has no meaning in
a name, a remark or a search: it is refused. The bidi embedding, override and isolate controls (U+202A–U+202E,
U+2066–U+2069) are invisible and can reverse what a reader sees (a remark whose figures read backwards): they
are removed. The marks (LRM U+200E, RLM U+200F, ALM U+061C) stay: they only nudge neutral characters."""

import re

NUL = "\x00"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_nul(text: str) -> bool:
    return NUL in text


def bidi_controls_removed(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
