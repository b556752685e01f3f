"""Timetables in the back office: a school's slots per year (the default day until set) and the lessons of each
class, for officers within their territory. A lesson saved here passes the timetable's own checks (a class, a
teacher or a room in two places at once is refused with the clash named).

The school year's calendar (holidays, public holidays, school events) is edited here by the body that owns each
date: the ministry the national dates, an academy officer their academy's (and their directorates' and schools'),
a directorate officer theirs and their schools'. Each reads the dates above them without changing them. The
lesson logs are read here (teachers write them on their phones)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from massar.backoffice.scoped import EDIT, EVERYTHING, READ, ScopedAdmin, is_ministry
from massar.core.errors import DomainError
from massar.core.roles import Role
from massar.timetable.calendar import calendar_event_check
from massar.timetable.models import CalendarEvent, CalendarScope, Lesson, LessonLog, SchoolSlot
from massar.timetable.scopes import calendar_events_editable_by
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


class CalendarEventForm(forms.ModelForm):
    class Meta:
        model = CalendarEvent
        fields = ("school_year", "scope", "academy", "directorate", "school", "kind", "name_ar", "name_fr", "name_en",
                  "starts_on", "ends_on")

    user = None  # set by CalendarEventAdmin.get_form: who saves

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) is None for name in ("school_year", "starts_on", "ends_on")):
            return cleaned
        if cleaned.get("scope") == CalendarScope.NATIONAL and self.user is not None and not is_ministry(self.user):
            raise forms.ValidationError(_("Only the ministry sets national dates."), code="bad_owner")
        try:
            calendar_event_check(school_year=cleaned["school_year"], scope=cleaned.get("scope") or "",
                                 starts_on=cleaned["starts_on"], ends_on=cleaned["ends_on"],
                                 academy=cleaned.get("academy"), directorate=cleaned.get("directorate"),
                                 school=cleaned.get("school"))
        except DomainError as refused:
            raise forms.ValidationError(str(refused.message), code=refused.code) from None
        return cleaned


@admin.register(CalendarEvent)
class CalendarEventAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EVERYTHING, Role.DIRECTORATE_OFFICER: EVERYTHING}
    form = CalendarEventForm
    list_display = ("name", "kind", "starts_on", "ends_on", "scope", "school_year")
    list_filter = ("school_year", "scope", "kind")
    search_fields = ("name_fr", "name_ar", "name_en")
    autocomplete_fields = ("school",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def can_change_object(self, request, obj) -> bool:
        return calendar_events_editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.can_change_object(request, obj))


@admin.register(LessonLog)
class LessonLogAdmin(ScopedAdmin):
    """Read only: a log is the teacher's own words."""

    ministry_actions = READ
    list_display = ("date", "school_class", "subject", "homework_due_on", "changed_at")
    list_filter = ("date",)
    list_select_related = ("school_class", "subject")
    search_fields = ("school_class__code",)
    readonly_fields = ("lesson", "date", "content", "homework", "homework_due_on", "author", "written_at",
                       "changed_at")
