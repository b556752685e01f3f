"""Dates read day/month/year with the Moroccan month names, alike in every place that shows one."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from massar.core.dates import MOROCCAN_MONTHS, date_text, datetime_text, month_name, time_text
from massar.core.numbers import coefficient_text

DAY = datetime.date(2026, 12, 4)
# 23:30 UTC on 3 December is already the 4th in Casablanca (UTC+1).
MOMENT = datetime.datetime(2026, 12, 4, 13, 30, tzinfo=ZoneInfo("Africa/Casablanca"))


def test_arabic_months_are_the_moroccan_names():
    assert [month_name(m, language="ar") for m in range(1, 13)] == list(MOROCCAN_MONTHS)


@pytest.mark.parametrize(("language", "expected"), [
    ("ar", "4 دجنبر 2026"), ("fr", "4 décembre 2026"), ("en", "4 December 2026"),
])
def test_a_long_date_is_day_month_year(language, expected):
    assert date_text(DAY, language=language) == expected


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_a_short_date_is_day_month_year_with_western_digits(language):
    with translation.override(language):
        assert date_text(DAY, style="short") == "04/12/2026"
        assert datetime_text(MOMENT, style="short") == "04/12/2026 13:30"


def test_a_moment_is_shown_in_moroccan_time():
    late = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)
    assert date_text(late, language="ar") == "4 دجنبر 2026"
    assert time_text(late) == "00:30"
    assert datetime_text(late, language="fr") == "4 décembre 2026 00:30"


def test_no_date_is_an_empty_text():
    assert date_text(None) == "" and datetime_text(None) == "" and time_text(None) == ""


@pytest.mark.parametrize(("language", "expected"), [
    ("ar", "4 دجنبر 2026"), ("fr", "4 décembre 2026"), ("en", "4 December 2026"),
])
def test_django_date_formats_agree_with_massar(language, expected):
    """The format modules (FORMAT_MODULE_PATH) and the catalogue make Django's own `date` filter say the same."""
    with translation.override(language):
        assert formats.date_format(DAY, "DATE_FORMAT") == expected
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert Template('{{ day|date:"F" }}').render(Context({"day": DAY})) == expected.split()[1]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_arabic_month_of_the_date_filter_is_moroccan(month):
    with translation.override("ar"):
        shown = Template("{{ day|date }}").render(Context({"day": datetime.date(2026, month, 1)}))
    assert shown == f"1 {MOROCCAN_MONTHS[month - 1]} 2026"


def test_templates_format_dates_through_massar_filters():
    template = Template('{% load massar_tags %}{{ day|date_text }}|{{ day|date_text:"short" }}|{{ at|datetime_text }}')
    with translation.override("ar"):
        assert template.render(Context({"day": DAY, "at": MOMENT})) == "4 دجنبر 2026|04/12/2026|4 دجنبر 2026 13:30"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_typed_dates_are_read_day_first(language):
    from django import forms

    with translation.override(language):
        assert forms.DateField().clean("04/12/2026") == DAY
        assert forms.DateField().clean("2026-12-04") == DAY


@pytest.mark.parametrize(("value", "language", "expected"), [
    (Decimal("7.00"), "ar", "7"), (Decimal("2.50"), "ar", "2,5"), (Decimal("2.50"), "fr", "2,5"),
    (Decimal("2.50"), "en", "2.5"), (Decimal("10"), "fr", "10"), (Decimal("0.25"), "ar", "0,25"), (3, "ar", "3"),
])
def test_a_coefficient_reads_as_people_write_it(value, language, expected):
    assert coefficient_text(value, language=language) == expected


def test_the_page_decimal_separator_is_a_comma_in_arabic_and_french():
    for language, separator in (("ar", ","), ("fr", ","), ("en", ".")):
        with translation.override(language):
            assert formats.get_format("DECIMAL_SEPARATOR") == separator
