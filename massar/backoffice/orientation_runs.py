"""The orientation assignment in the back office, read-only: runs (window, territory, seed, state, progress,
stability), each student's outcome with the scores that explain it, each offer's figures, and the council's
overrides. Everything here is written by the assignment and the council's pages (massar.orientation.council):
starting, overriding and publishing go through their services, with their checks and audit, never by hand.

| resource                        | ministry, superuser | academy officer            | directorate officer         |
|---------------------------------|---------------------|----------------------------|-----------------------------|
| runs, outcomes, offer figures   | V                   | V: their academy's runs    | V: their students' outcomes |
| overrides (audit)               | V                   | V                          | V                           |
"""

from django.contrib import admin

from massar.backoffice.scoped import READ, ScopedAdmin

# Every field is shown read-only: nothing here is written by hand (and no choice list is ever built).
from massar.orientation.models import Assignment, AssignmentOverride, AssignmentRun, OfferResult
from massar.students.selectors import students_found


@admin.register(AssignmentRun)
class AssignmentRunAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("window", "academy", "state", "students_done", "students_total", "stable", "seed",
                    "started_at", "published_at")
    list_filter = ("state", "window__school_year", "window__point")
    readonly_fields = ("window", "academy", "seed", "state", "students_total", "students_done", "stable", "error",
                       "started_by", "started_at", "finished_at", "published_by", "published_at")
    list_select_related = ("window__school_year", "academy")


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("student", "run", "proposed", "decided", "general_average", "tiebreak")
    list_filter = ("run__state", "run__window__school_year")
    list_select_related = ("student", "run__window__school_year", "proposed__school", "proposed__stream",
                           "decided__school", "decided__stream")
    search_fields = ("student__massar_code", "student__last_name_latin", "student__last_name_ar")
    search_halves = (("student_id", students_found),)
    readonly_fields = ("run", "student", "proposed", "decided", "scores", "general_average", "tiebreak")


@admin.register(OfferResult)
class OfferResultAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("offer", "run", "capacity", "admitted", "cutoff")
    readonly_fields = ("run", "offer", "capacity", "admitted", "cutoff")
    list_select_related = ("offer__school", "offer__stream", "run__window__school_year")


@admin.register(AssignmentOverride)
class AssignmentOverrideAdmin(ScopedAdmin):
    ministry_actions = READ
    list_display = ("assignment", "old", "new", "reason", "actor", "at")
    readonly_fields = ("assignment", "old", "new", "reason", "actor", "at")
    list_select_related = ("assignment__student", "assignment__run__window__school_year", "old__school",
                           "old__stream", "new__school", "new__stream", "actor")
