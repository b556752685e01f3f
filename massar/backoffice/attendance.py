"""Attendance in the back office: what each school allows its teachers (marking other days than today), and the
absences and behaviour entries of the territory, read-only (the school's administration decides absences on
its pages, where the documents are checked and kept private)."""

from django.contrib import admin

from massar.attendance.models import Absence, AttendancePolicy, BehaviourEntry
from massar.backoffice.scoped import EDIT, READ, ScopedAdmin
from massar.core.roles import Role
from massar.schools.selectors import classes_coded
from massar.students.selectors import students_found


@admin.register(AttendancePolicy)
class AttendancePolicyAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: EDIT}
    list_display = ("school", "teachers_mark_other_days")
    list_select_related = ("school",)
    autocomplete_fields = ("school",)


@admin.register(Absence)
class AbsenceAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("student", "school_class", "date", "slot", "kind", "minutes_late", "justification")
    list_filter = ("kind", "justification", "date")
    list_select_related = ("student", "school_class")
    search_fields = ("student__massar_code", "student__last_name_latin", "student__last_name_ar", "school_class__code")
    search_halves = (("student_id", students_found), ("school_class_id", classes_coded))
    exclude = ("document",)


@admin.register(BehaviourEntry)
class BehaviourEntryAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("student", "school", "kind", "date", "author")
    list_filter = ("kind", "date")
    list_select_related = ("student", "school", "author")
    search_fields = ("student__massar_code", "student__last_name_latin", "student__last_name_ar")
    search_halves = (("student_id", students_found),)
