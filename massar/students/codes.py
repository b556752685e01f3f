"""The Massar code: one capital letter followed by 9 digits (`F164115196`), unique for life, never reused."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MASSAR_CODE_PATTERN = re.compile(r"^[A-Z][0-9]{9}$")
NUMBER_SPACE = 10**9
# Codes are not handed out in visible sequence (a sequence invites guessing a classmate's code):
# the n-th code of a letter is n × MULTIPLIER mod 10^9. MULTIPLIER is odd and not a multiple of 5,
# so it is coprime with 10^9 and the map is a bijection: distinct counters give distinct codes.
MULTIPLIER = 387_420_489  # 3^18
OFFSET = 164_115_196


def massar_code_normalize(raw: str) -> str:
    """What a person typed, made canonical: surrounding spaces dropped, the letter upper-cased."""
    return (raw or "").strip().replace(" ", "").upper()


def massar_code_problem(code: str) -> str | None:
    """Why `code` (already normalised) is not a Massar code, in words a student understands; None if it is."""
    if MASSAR_CODE_PATTERN.match(code):
        return None
    example = _("A Massar code is one capital letter followed by 9 digits, e.g. F164115196.")
    if not code:
        return _("Enter your Massar code.") + " " + example
    if not code[0].isalpha() or not code[0].isascii():
        return _("The Massar code must start with a letter.") + " " + example
    digits = code[1:]
    if not digits.isdigit() or not digits.isascii():
        return _("After its first letter, a Massar code has only digits.") + " " + example
    return _("This code has %(count)d digits after the letter; a Massar code has 9.") % {"count": len(digits)} \
        + " " + example


def validate_massar_code(value: str) -> None:
    problem = massar_code_problem(value or "")
    if problem:
        raise ValidationError(problem, code="massar_code_format")


def massar_code_for(letter: str, counter: int) -> str:
    if not (1 <= counter < NUMBER_SPACE):
        raise ValueError("the Massar code space of this letter is exhausted")
    return f"{letter}{(counter * MULTIPLIER + OFFSET) % NUMBER_SPACE:09d}"
