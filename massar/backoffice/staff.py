"""Staff members and what each teacher teaches, within the officer's territory."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from massar.accounts.models import User
from massar.backoffice.columns import ClassSchoolColumn
from massar.backoffice.scoped import CHANGE, EDIT, READ, ScopedAdmin, is_ministry
from massar.core.roles import Role
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.staff.selectors import teaching_assignments_matching

# Positions an officer may give (and so the staff records they may change): never above their own.
ASSIGNABLE_POSITIONS = {
    Role.ACADEMY_OFFICER: (Position.TEACHER, Position.SCHOOL_ADMIN, Position.DIRECTORATE_OFFICER,
                           Position.ACADEMY_OFFICER),
    Role.DIRECTORATE_OFFICER: (Position.TEACHER, Position.SCHOOL_ADMIN),
}


def positions_assignable_by(user) -> tuple[str, ...]:
    if is_ministry(user):
        return tuple(Position.values)
    return ASSIGNABLE_POSITIONS.get(user.role, ())


class StaffMemberForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = ("position", "first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "email",
                  "phone", "school", "directorate", "academy")

    def clean_position(self):
        position = self.cleaned_data["position"]
        changed = self.instance.pk and position != self.instance.position
        if changed and User.objects.filter(staff_member_id=self.instance.pk).exists():
            # The account's role must equal the position (User.clean): changing one alone would split them.
            raise forms.ValidationError(
                _("This staff member has an account whose role is their position; the position cannot be "
                  "changed here."), code="position_has_account")
        return position


@admin.register(StaffMember)
class StaffMemberAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ | {CHANGE}}
    form = StaffMemberForm
    list_display = ("last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar", "position", "school",
                    "directorate", "academy")
    list_filter = ("position", ("school", admin.RelatedOnlyFieldListFilter),
                   ("directorate", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("school", "directorate", "academy")
    search_fields = ("last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar", "email")
    autocomplete_fields = ("school",)

    def can_change_object(self, request, obj) -> bool:
        return obj.position in positions_assignable_by(request.user)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "position":
            allowed = positions_assignable_by(request.user)
            kwargs["choices"] = BLANK_CHOICE_DASH + [c for c in Position.choices if c[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(ClassSchoolColumn, ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ}
    # Newest classes first, as the enrolment register: read from the classes' index, a territory's classes one
    # after the other, where the primary key's order walked past every other territory's newer assignments
    # (an academy's first page: 72,284 of them checked, 0.13 s).
    ordering = ("-school_class_id", "-pk")
    list_display = ("teacher", "school_class", "subject", "school")
    list_filter = ("subject", "school_class__school_year", "school_class__level")
    list_select_related = ("teacher", "school_class__school", "subject")
    search_fields = ("teacher__last_name_latin", "teacher__first_name_latin", "teacher__last_name_ar",
                     "teacher__first_name_ar", "school_class__code", "school_class__school__code")
    autocomplete_fields = ("teacher", "school_class")

    def search_rows(self, rows: QuerySet, term: str) -> QuerySet:
        """A teacher's name, a class's or a school's code: teaching_assignments_matching."""
        return teaching_assignments_matching(rows, term)
