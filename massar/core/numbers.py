"""Exact decimals for marks, and numbers that read correctly inside Arabic text.

Marks and averages are `Decimal` end to end; rounding happens once, for display or a final decision.
In right-to-left text a run like `14,75/20` can be reordered by the bidi algorithm into `20/14,75`
(or `10/5` into `510`), so every number shown in a sentence is isolated as a left-to-right run.
"""

import math
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.utils import translation

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}

# Unicode directional isolates (LRI ... PDI): for plain text (e-mails, PDFs, spreadsheets).
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


# What a typed number may look like: digits, at most one decimal separator, an optional sign (a negative
# mark is then refused as "outside 0-20" by the caller, which is a clearer message than "not a number").
NUMBER_PATTERN = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")
# Arabic keyboards type Arabic-Indic digits (and the Arabic decimal separator): read them as digits.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789,")


def to_decimal(value: object) -> Decimal:
    """Parse a mark as typed by a person: `14,75`, `14.75`, ` 14 `, `١٤٫٧٥`. Raises ValueError otherwise.

    Exponents (`1e3`), digit separators (`14_75`), NaN and infinities are refused: none is a mark.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Spreadsheets hand floats over; their shortest repr is what the person typed.
        if not math.isfinite(value):
            raise ValueError(f"not a number: {value!r}")
        number = Decimal(repr(value))
    else:
        # Spaces around are forgiven; inside a number they are not: "1 4" is no mark, and never 14.
        text = str(value).strip(" \t\u00a0").translate(ARABIC_DIGITS)
        if not NUMBER_PATTERN.match(text):
            raise ValueError(f"not a number: {value!r}")
        number = Decimal(text.replace(",", "."))
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


def round_mark(value: Decimal, *, places: int = 2, mode: str = "half_up") -> Decimal:
    """Round once, for display or a final decision. Never applied to intermediate results."""
    exponent = Decimal(1).scaleb(-places)
    return value.quantize(exponent, rounding=ROUNDING_MODES[mode])


def format_decimal(value: Decimal | int, *, places: int = 2, language: str | None = None,
                   mode: str = "half_up") -> str:
    """`14,75` in Arabic and French, `14.75` in English; always Western digits, as on Massar."""
    language = (language or translation.get_language() or "ar")[:2]
    text = f"{round_mark(Decimal(value), places=places, mode=mode):.{places}f}"
    return text if language == "en" else text.replace(".", ",")


def coefficient_text(value: Decimal | int | str, *, language: str | None = None) -> str:
    """A coefficient as people write it: `7`, `2,5` (`2.5` in English), never `7.00` or `2.50`.

    Pages (the `coefficient` filter), back-office lists and spreadsheets all show coefficients through it;
    the API keeps them numeric."""
    number = Decimal(value).normalize()
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_decimal(number, places=places, language=language)


def isolate_ltr(text: str) -> str:
    """Wrap a number or code in Unicode isolates so RTL text cannot reorder it."""
    return f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def fraction_text(value: Decimal | int, out_of: int = 20, *, language: str | None = None) -> str:
    """`14,75/20` as one isolated left-to-right run, for plain text."""
    return isolate_ltr(f"{format_decimal(value, language=language)}/{out_of}")
