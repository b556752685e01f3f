"""The organisation (academies, directorates, schools, classes) and the national reference it teaches by."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from massar.backoffice.columns import OfficialStatusColumn, coefficient_column
from massar.backoffice.rule_changes import RuleTableAdmin
from massar.backoffice.scoped import CHANGE, EDIT, READ, ScopedAdmin
from massar.core.roles import Role
from massar.schools.models import (
    Academy,
    Cycle,
    Directorate,
    Level,
    School,
    SchoolClass,
    Stream,
    Subject,
    SubjectCoefficient,
)

NAMES = ("name_ar", "name_fr", "name_en")


@admin.register(Academy)
class AcademyAdmin(ScopedAdmin):
    list_display = ("code", *NAMES, "code_letter")
    search_fields = ("code", *NAMES)


@admin.register(Directorate)
class DirectorateAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ}
    list_display = ("code", *NAMES, "academy")
    list_filter = (("academy", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("academy",)
    search_fields = ("code", *NAMES)


@admin.register(School)
class SchoolAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ | {CHANGE}}
    # A directorate corrects a school's names and cycles; where it sits and its status are the academy's.
    readonly_fields_by_role = {Role.DIRECTORATE_OFFICER: ("code", "directorate", "is_public")}
    list_display = ("code", *NAMES, "directorate", "is_public")
    list_filter = ("is_public", "cycles", ("directorate", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("directorate",)
    search_fields = ("code", *NAMES)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "cycles":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Cycle)
class CycleAdmin(ScopedAdmin):
    list_display = ("code", *NAMES, "order")


@admin.register(Level)
class LevelAdmin(ScopedAdmin):
    list_display = ("code", *NAMES, "cycle", "order")
    list_filter = ("cycle",)
    list_select_related = ("cycle",)


@admin.register(Stream)
class StreamAdmin(ScopedAdmin):
    list_display = ("code", *NAMES, "level")
    list_filter = ("level",)
    list_select_related = ("level",)
    search_fields = ("code", *NAMES)


@admin.register(Subject)
class SubjectAdmin(ScopedAdmin):
    list_display = ("code", *NAMES)
    search_fields = ("code", *NAMES)


class SchoolClassForm(forms.ModelForm):
    class Meta:
        model = SchoolClass
        fields = ("school", "school_year", "level", "stream", "option", "section")

    def clean(self):
        # The class code is derived on save, so the model form cannot check its uniqueness: check it here.
        data = super().clean()
        school, year, level = data.get("school"), data.get("school_year"), data.get("level")
        if school and year and level and data.get("section"):
            stream = data.get("stream")
            code = SchoolClass.build_code(level.code, stream.code if stream else "", data.get("option", ""),
                                          data["section"])
            taken = SchoolClass.objects.filter(school=school, school_year=year, code=code)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("The class %(code)s already exists in this school for this school year."),
                    code="class_code_taken", params={"code": code})
        return data


@admin.register(SchoolClass)
class SchoolClassAdmin(ScopedAdmin):
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: READ}
    form = SchoolClassForm
    list_display = ("code", "school", "school_year", "level", "stream", "section")
    list_filter = ("school_year", "level", ("school", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("school", "school_year", "level", "stream__level")
    search_fields = ("code", "school__code", "school__name_fr", "school__name_ar")
    readonly_fields = ("code",)
    autocomplete_fields = ("school",)


@admin.register(SubjectCoefficient)
class SubjectCoefficientAdmin(OfficialStatusColumn, RuleTableAdmin):
    list_display = ("school_year", "level", "stream", "subject",
                    coefficient_column(SubjectCoefficient, "continuous_coefficient"),
                    coefficient_column(SubjectCoefficient, "exam_coefficient"), "official_status")
    list_filter = ("officially_confirmed", "school_year", "level")
    list_select_related = ("school_year", "level", "stream__level", "subject")
    search_fields = ("subject__code", "subject__name_fr", "subject__name_ar")

