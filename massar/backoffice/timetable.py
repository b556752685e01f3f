"""Timetables in the back office: a school's slots per year (the default day until set) and the lessons of each
class, for officers within their territory. A lesson saved here passes the timetable's own checks (a class, a
teacher or a room in two places at once is refused with the clash named)."""

from django import forms
from django.contrib import admin

from massar.backoffice.scoped import EDIT, ScopedAdmin
from massar.core.errors import DomainError
from massar.core.roles import Role
from massar.timetable.models import Lesson, SchoolSlot
from massar.timetable.services import lesson_check


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ("school_class", "day", "slot", "subject", "teacher", "room")

    def clean(self):
        cleaned = super().clean()
        needed = ("school_class", "day", "slot", "teacher")
        if all(cleaned.get(name) is not None for name in needed):
            try:
                lesson_check(school_class=cleaned["school_class"], day=cleaned["day"], slot=cleaned["slot"],
                             teacher=cleaned["teacher"], room=cleaned.get("room") or "",
                             lesson_pk=self.instance.pk)
            except DomainError as refused:
                raise forms.ValidationError(str(refused.message), code=refused.code) from None
        return cleaned


@admin.register(Lesson)
class LessonAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: EDIT}
    form = LessonForm
    list_display = ("school_class", "day", "slot", "subject", "teacher", "room", "school")
    list_filter = ("day", "school_year")
    list_select_related = ("school_class", "subject", "teacher", "school")
    search_fields = ("school_class__code", "teacher__last_name_latin", "room", "school__code")
    autocomplete_fields = ("school_class", "teacher")


@admin.register(SchoolSlot)
class SchoolSlotAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: EDIT}
    list_display = ("school", "school_year", "number", "starts_at", "ends_at")
    list_filter = ("school_year",)
    list_select_related = ("school", "school_year")
    search_fields = ("school__code",)
    autocomplete_fields = ("school",)
