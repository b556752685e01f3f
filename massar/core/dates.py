"""Dates as people in Morocco write them, in the reader's language: day, month, year.

One code path formats a date for a language, wherever it is read: pages (the `date_text` and `datetime_text`
template filters), e-mails, spreadsheets and printed slips call the functions below.

- long: `4 دجنبر 2026`, `4 décembre 2026`, `4 December 2026`;
- short: `04/12/2026` in every language;
- digits are Western, as everywhere in Massar; times are 24-hour `14:30`, in Morocco's time.

Django's Arabic catalogue names the months the Egyptian way (مايو، أغسطس، ديسمبر…); Massar's catalogue
translates the same msgids ("January"…) with the Moroccan names, so Django's own `date` filter and
`date_format` (through the format modules of `massar.core.formats`) agree with these functions.
"""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

# The msgids are Django's own (django/utils/dates.py): translating them here also renames the months of
# Django's `date` filter. The Arabic catalogue holds the Moroccan names; a test checks every one.
MONTHS = (
    gettext_lazy("January"), gettext_lazy("February"), gettext_lazy("March"), gettext_lazy("April"),
    gettext_lazy("May"), gettext_lazy("June"), gettext_lazy("July"), gettext_lazy("August"),
    gettext_lazy("September"), gettext_lazy("October"), gettext_lazy("November"), gettext_lazy("December"),
)
MOROCCAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر",
                   "نونبر", "دجنبر")

LONG, SHORT = "long", "short"


def _local(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    """A moment in Morocco's time; a calendar date as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def month_name(month: int, *, language: str | None = None) -> str:
    """`دجنبر`, `décembre`, `December` for 12."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return str(MONTHS[month - 1])


def date_text(value: datetime.date | datetime.datetime | None, *, style: str = LONG,
              language: str | None = None) -> str:
    """`4 دجنبر 2026` (long) or `04/12/2026` (short); a missing date is an empty string."""
    if value is None or value == "":
        return ""
    day = _local(value)
    if style == SHORT:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {month_name(day.month, language=language)} {day.year}"


def time_text(value: datetime.datetime | datetime.time | None) -> str:
    """`14:30`, in Morocco's time."""
    if value is None or value == "":
        return ""
    moment = timezone.localtime(value) if isinstance(value, datetime.datetime) and timezone.is_aware(value) else value
    return f"{moment.hour:02d}:{moment.minute:02d}"


def datetime_text(value: datetime.datetime | None, *, style: str = LONG, language: str | None = None) -> str:
    """`4 دجنبر 2026 14:30` (long) or `04/12/2026 14:30` (short)."""
    if value is None or value == "":
        return ""
    return f"{date_text(value, style=style, language=language)} {time_text(value)}"
