"""Exact decimals for marks, and numbers that read correctly inside Arabic text.

Marks and averages are `Decimal` end to end; rounding happens once, for display or a final decision.
In right-to-left text a run like `14,75/20` can be reordered by the bidi algorithm into `20/14,75`
(or `10/5` into `510`), so every number shown in a sentence is isolated as a left-to-right run.
"""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}

# Unicode directional isolates (LRI ... PDI): for plain text (e-mails, PDFs, spreadsheets).
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def to_decimal(value: object) -> Decimal:
    """Parse a mark as typed by a person: `14,75`, `14.75`, ` 14 `. Raises ValueError otherwise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Spreadsheets hand floats over; their shortest repr is what the person typed.
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") + text.count(".") > 1:
        raise ValueError(f"not a number: {value!r}")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
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


def isolate_ltr(text: str) -> str:
    """Wrap a number or code in Unicode isolates so RTL text cannot reorder it."""
    return f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def fraction_text(value: Decimal | int, out_of: int = 20, *, language: str | None = None) -> str:
    """`14,75/20` as one isolated left-to-right run, for plain text."""
    return isolate_ltr(f"{format_decimal(value, language=language)}/{out_of}")
