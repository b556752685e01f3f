from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from massar.core import dates
from massar.core.numbers import coefficient_text, format_decimal

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
    if value is None or value == "":
        return "—"
    return format_html('<bdi dir="ltr" class="num">{}</bdi>', coefficient_text(value))


@register.filter
def date_text(value, style: str = dates.LONG) -> str:
    """`{{ day|date_text }}` → `4 دجنبر 2026`; `{{ day|date_text:"short" }}` → `04/12/2026` (massar.core.dates)."""
    return dates.date_text(value, style=style)


@register.filter
def datetime_text(value, style: str = dates.LONG) -> str:
    """`{{ moment|datetime_text }}` → `4 دجنبر 2026 14:30`, in Morocco's time; `"short"` → `04/12/2026 14:30`."""
    return dates.datetime_text(value, style=style)
