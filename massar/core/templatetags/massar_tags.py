from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from massar.core.numbers import format_decimal

register = template.Library()


@register.filter
def mark(value: Decimal | None, out_of: int = 20) -> str:
    """`{{ average|mark }}` → `<bdi dir="ltr" class="num">14,75/20</bdi>`; a blank mark shows as a dash."""
    if value is None or value == "":
        return mark_safe('<span class="num blank">—</span>')
    return format_html('<bdi dir="ltr" class="num">{}/{}</bdi>', format_decimal(value), out_of)


@register.filter
def decimal_text(value: Decimal) -> str:
    """A number in the page's language as plain text (`9,65`), where markup cannot go (SVG text, titles)."""
    return format_decimal(value)


@register.filter
def ltr(value: object) -> str:
    """Isolate a code, a date or a number inside right-to-left text."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def coefficient(value: Decimal | None) -> str:
    """A coefficient as people write it: `7`, `2,5` (no trailing zeros), isolated for RTL text."""
    if value is None:
        return "—"
    number = Decimal(value).normalize()
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = format_decimal(number, places=places)
    return format_html('<bdi dir="ltr" class="num">{}</bdi>', text)
