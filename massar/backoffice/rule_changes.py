"""Rule tables whose figures students may already have seen (assessment rules, subject coefficients, a
year's grade rules): once the year has published grades, a change of a figure field asks for a reason and
goes through grades.rule_changes.grade_rule_save, which records it and marks the results computed with the
old rule out of date until the next close. Such a row is no longer deleted (it would change figures without
a record); it is corrected instead."""

from django import forms
from django.contrib import messages
from django.contrib.admin.options import ActionLocation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from massar.backoffice.scoped import ScopedAdmin
from massar.core.errors import DomainError
from massar.grades.rule_changes import FIGURE_FIELDS, grade_rule_save, year_has_published_grades

REASON = "change_reason"


class RuleChangeForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required once grades of this school year are published: the change is recorded (who, when, "
                    "old and new value, reason) and the results computed with the old rule are marked out of "
                    "date until the semester is closed again."))

    def clean(self):
        cleaned = super().clean()
        model = self._meta.model
        changed = list(FIGURE_FIELDS[model]) if self.instance.pk is None else [
            name for name in self.changed_data if name in FIGURE_FIELDS[model]]
        years = {year.pk for year in (cleaned.get("school_year"), getattr(self.instance, "school_year", None))
                 if year is not None}
        if (changed and not cleaned.get(REASON, "").strip()
                and any(year_has_published_grades(school_year_id=year) for year in years)):
            self.add_error(REASON, _("Grades of this year are published: say why this rule changes."))
        return cleaned


class RuleTableAdmin(ScopedAdmin):
    """The admin of a rule table: the reason field, the recorded save, no deletion after publication."""

    form = RuleChangeForm

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields = [name for name in fields if name != REASON]  # read-only: nothing to give a reason for
        return fields

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        try:
            grade_rule_save(row=obj, actor=request.user, reason=form.cleaned_data.get(REASON, ""))  # type: ignore[arg-type]
        except DomainError as error:
            # The form checked the reason; a publication between that check and this save is the one way here.
            # Nothing was saved: say so rather than fail the page.
            self.message_user(request, str(error), messages.ERROR)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and year_has_published_grades(school_year_id=obj.school_year_id):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # one row at a time, each checked above
        return actions
