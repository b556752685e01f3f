"""Orientation in the back office (DOMAIN §8): the windows (the ministry's national ones, each academy's own),
the streams each school offers with their capacity (directorates and academies over their schools; the ministry
everywhere), the published scoring formulas with their weights (the ministry), and the students' wish lists,
read-only (only the student ranks their wishes).

Each form checks with the orientation services' rules (window_check, offer_check): the same refusals as
anywhere else, shown on the field they concern."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from massar.backoffice.scoped import EDIT, EVERYTHING, READ, ScopedAdmin, ScopedInline, is_ministry
from massar.core.errors import DomainError
from massar.core.roles import Role
from massar.orientation.models import (
    OrientationWindow,
    ScoringFormula,
    ScoringWeight,
    StreamOffer,
    Wish,
    WishList,
)
from massar.orientation.services import offer_check, window_check, window_wishes_check
from massar.schools.scopes import schools_visible_to

VIAC = frozenset({"view", "add", "change"})


class ActorForm(forms.ModelForm):
    """A form that knows who sends it (set by the admin's get_form), to check with the services' rules."""

    actor = None

    def refuse(self, error: DomainError) -> None:
        name = error.details.get("field")
        self.add_error(name if name in self.fields else None, str(error.message))


class WindowForm(ActorForm):
    class Meta:
        model = OrientationWindow
        fields = ("school_year", "point", "from_level", "to_level", "academy", "opens_at", "closes_at", "max_wishes")

    def clean(self):
        data = super().clean()
        names = ("point", "from_level", "to_level", "opens_at", "closes_at", "max_wishes")
        if any(data.get(name) in (None, "") for name in names):
            return data  # each missing field already says so
        try:
            window_check(actor=self.actor, academy=data.get("academy"), from_level=data["from_level"],
                         to_level=data["to_level"], opens_at=data["opens_at"], closes_at=data["closes_at"],
                         max_wishes=data["max_wishes"], point=data["point"])
            if self.instance.pk:
                window_wishes_check(window=self.instance, max_wishes=data["max_wishes"])
        except DomainError as error:
            self.refuse(error)
        return data


@admin.register(OrientationWindow)
class OrientationWindowAdmin(ScopedAdmin):
    form = WindowForm
    role_actions = {Role.ACADEMY_OFFICER: VIAC, Role.DIRECTORATE_OFFICER: READ}
    list_display = ("school_year", "point", "from_level", "to_level", "academy", "opens_at", "closes_at",
                    "max_wishes")
    list_filter = ("point", "school_year")
    list_select_related = ("school_year", "from_level", "to_level", "academy")
    readonly_fields = ("opened_by", "created_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def can_change_object(self, request: HttpRequest, obj) -> bool:
        """An academy changes its own windows, not the ministry's."""
        staff = getattr(request.user, "staff_member", None)
        return is_ministry(request.user) or (staff is not None and obj.academy_id == staff.academy_id)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.opened_by = request.user
        super().save_model(request, obj, form, change)


class OfferForm(ActorForm):
    class Meta:
        model = StreamOffer
        fields = ("school_year", "school", "stream", "capacity")

    def clean(self):
        data = super().clean()
        if data.get("school") is None or data.get("stream") is None or data.get("capacity") is None:
            return data
        try:
            offer_check(actor=self.actor, school=data["school"], stream=data["stream"], capacity=data["capacity"])
        except DomainError as error:
            self.refuse(error)
        return data


@admin.register(StreamOffer)
class StreamOfferAdmin(ScopedAdmin):
    form = OfferForm
    role_actions = {Role.ACADEMY_OFFICER: EDIT, Role.DIRECTORATE_OFFICER: EDIT}
    list_display = ("school", "stream", "school_year", "capacity", "updated_by", "updated_at")
    list_filter = ("school_year", "stream__level")
    list_select_related = ("school", "stream__level", "school_year", "updated_by")
    search_fields = ("school__code", "school__name_fr", "school__name_ar", "stream__code")
    autocomplete_fields = ("school",)
    readonly_fields = ("updated_by", "updated_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def can_change_object(self, request: HttpRequest, obj) -> bool:
        """Offers are read across the academy; each officer changes those of their own schools."""
        return schools_visible_to(request.user).filter(pk=obj.school_id).exists()

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ScoringWeightInline(ScopedInline, admin.TabularInline):
    model = ScoringWeight
    ministry_actions = EVERYTHING
    extra = 2


@admin.register(ScoringFormula)
class ScoringFormulaAdmin(ScopedAdmin):
    inlines = (ScoringWeightInline,)
    list_display = ("school_year", "stream", "officially_confirmed")
    list_filter = ("school_year", "stream__level", "officially_confirmed")
    list_select_related = ("school_year", "stream__level")


class WishInline(ScopedInline, admin.TabularInline):
    model = Wish
    ministry_actions = READ
    fields = ("rank", "offer")
    readonly_fields = ("rank", "offer")
    extra = 0


@admin.register(WishList)
class WishListAdmin(ScopedAdmin):
    """Read-only: only the student ranks their wishes (in their space or the app)."""

    ministry_actions = READ
    inlines = (WishInline,)
    list_display = ("student", "window", "receipt", "confirmed_at", "version")
    list_select_related = ("student", "window__school_year")
    search_fields = ("student__massar_code", "receipt")
    readonly_fields = ("window", "student", "receipt", "confirmed_at", "version")
