"""School years and their semesters: national reference data, edited by the ministry, read by the others."""

from django.contrib import admin

from massar.backoffice.scoped import ScopedAdmin, ScopedInline
from massar.core.models import SchoolYear, Semester


class SemesterInline(ScopedInline, admin.TabularInline):
    model = Semester
    extra = 0
    max_num = 2


@admin.register(SchoolYear)
class SchoolYearAdmin(ScopedAdmin):
    list_display = ("label", "starts_on", "ends_on", "is_current")
    list_filter = ("is_current",)
    search_fields = ("label",)
    inlines = [SemesterInline]

