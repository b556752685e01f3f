"""Columns that admins of several domains show alike."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Field, Model
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massar.core.numbers import coefficient_text


class OfficialStatusColumn:
    """The "official status" column of a seeded national table (subject coefficients, assessment rules): a
    row nobody has yet checked against an official text carries the admin's alert icon, so the ministry sees
    which figures are still Massar's seed."""

    @admin.display(description=_("official status"), ordering="officially_confirmed")
    def official_status(self, row: Any) -> str:
        if row.officially_confirmed:
            return gettext("confirmed by an official text")
        return format_html('<img src="{}" alt=""> <strong>{}</strong>', static("admin/img/icon-alert.svg"),
                           gettext("seeded, not confirmed by an official text"))


class ClassSchoolColumn:
    """The "school" column of a row that belongs to a class (an enrolment, a teaching assignment): the school
    is the class's, so the row has no school field of its own to list or sort by."""

    @admin.display(description=_("school"), ordering="school_class__school__code")
    def school(self, row: Any) -> Any:
        return row.school_class.school


def coefficient_column(model: type[Model], name: str) -> Callable[[Any], str]:
    """A list column for a coefficient or a weight, written as people write it (`7`, `2,5`, `0,75`, never
    `7.00`), titled and sorted as the field; an empty one is a dash, as the admin shows it."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the row's own, never a relation's reverse side

    @admin.display(description=field.verbose_name, ordering=name)
    def column(row: Any) -> str:
        value = getattr(row, name)
        return "-" if value is None else format_html('<bdi dir="ltr">{}</bdi>', coefficient_text(value))

    column.__name__ = name  # the column's CSS class stays `column-<field>`
    return column
