"""Accounts: Django's user admin adapted to Massar's accounts (a role and a person record, no first/last name).

The password hash is never displayed: the change page links to the "set a new password" form instead.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UsernameField
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massar.accounts.models import AccountEvent, ApiToken, User
from massar.backoffice.scoped import READ, ScopedAdmin
from massar.core.roles import BACK_OFFICE_ROLES, Role

PERSON_FIELDS = ("role", "student", "guardian", "staff_member")
# The person record each role signs in for (ministry officers may have none).
PERSON_OF_ROLE = {Role.STUDENT: "student", Role.PARENT: "guardian", Role.TEACHER: "staff_member",
                  Role.SCHOOL_ADMIN: "staff_member", Role.DIRECTORATE_OFFICER: "staff_member",
                  Role.ACADEMY_OFFICER: "staff_member"}


class AccountRulesMixin:
    """What an account must be, said in words an officer understands (the database constraint says it too)."""

    def clean(self):
        data = super().clean()
        role = data.get("role")
        needed = PERSON_OF_ROLE.get(role)
        if needed and not data.get(needed):
            self.add_error(needed, _("This role needs this record."))
        for other in ("student", "guardian", "staff_member"):
            if other != needed and data.get(other) and role in PERSON_OF_ROLE:
                self.add_error(other, _("Leave this empty for this role."))
        if data.get("is_staff") and role not in BACK_OFFICE_ROLES:
            self.add_error("is_staff", _("Only directorate, academy and ministry officers use the back office."))
        return data


class AccountCreationForm(AccountRulesMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", *PERSON_FIELDS, "email", "preferred_language", "is_staff")


class AccountChangeForm(AccountRulesMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", *PERSON_FIELDS, "email", "preferred_language", "is_active", "is_staff",
                  "is_superuser")
        field_classes = {"username": UsernameField}

    def save(self, commit=True):
        # Nobody has confirmed a new address yet: reset links wait until its owner does (recovery_email.py).
        if "email" in self.changed_data:
            self.instance.email_confirmed_at = None
        return super().save(commit)


@admin.register(User)
class AccountAdmin(ScopedAdmin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Person"), {"fields": PERSON_FIELDS}),
        (_("Contact and language"), {"fields": ("email", "preferred_language")}),
        (_("Access"), {"fields": ("is_staff",)}),
    )
    list_display = ("username", "role", "display_name", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    list_select_related = ("student", "guardian", "staff_member")
    search_fields = ("username", "email", "staff_member__last_name_latin", "guardian__last_name_latin",
                     "student__last_name_latin")
    ordering = ("username",)
    filter_horizontal = ()
    autocomplete_fields = ("student", "guardian", "staff_member")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        sign_in = ("username", "password_status") if self.has_change_permission(request, obj) else ("username",)
        return (
            (None, {"fields": sign_in}),
            (_("Person"), {"fields": PERSON_FIELDS}),
            (_("Contact and language"), {"fields": ("email", "preferred_language")}),
            (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "password_status", "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def can_change_object(self, request, obj) -> bool:
        # Changing a superuser (its password included) would hand over what only a superuser grants.
        return request.user.is_superuser or not obj.is_superuser

    @admin.display(description=_("password"))
    def password_status(self, account: User) -> str:
        return format_html('{} <a class="button" href="../password/">{}</a>',
                           gettext("Passwords are stored hashed and never shown."), gettext("Set a new password"))

    @admin.display(description=_("person"))
    def display_name(self, account: User) -> str:
        return account.display_name


@admin.register(AccountEvent)
class AccountEventAdmin(ScopedAdmin):
    """The append-only history of accounts: readable in scope, never edited."""

    ministry_actions = READ
    list_display = ("at", "user", "kind", "actor", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    list_select_related = ("user", "actor")
    date_hierarchy = "at"


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    """API tokens, by their prefix (the secret itself is never stored)."""

    ministry_actions = READ
    role_actions = {}
    list_display = ("user", "prefix", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "prefix")
    exclude = ("digest",)
