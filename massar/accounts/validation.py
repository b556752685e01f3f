"""What a person types on the public journeys (activation, forgotten password, a new password), checked the
same way for the pages and the API (`api_recovery.py`), so both give the same messages; and the one rule for
two new-password fields that every page with them follows (portals/account/forms.py)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordMixin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from massar.core.roles import Role
from massar.students.codes import massar_code_normalize, massar_code_problem
from massar.students.models import Student

from .error_codes import AccountsErrorCode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .models import User
from .selectors import student_signin_name

# ISO first (what <input type="date"> and the API send), then the ways people write a date in Morocco.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    first, second = SetPasswordMixin.create_password_fields(label1=_("New password"),
                                                            label2=_("New password, again"))
    first.help_text = password_validation.password_validators_help_text_html()
    second.help_text = _("Type the same password again, to be sure of it.")
    for field in (first, second):
        field.widget.attrs.update({"dir": "auto", "spellcheck": "false"})
    return first, second


class NewPasswordForm(SetPasswordMixin, forms.Form):
    """The one rule of every form with two new-password fields: password1 and password2 the same, and accepted
    by the password rules (settings.AUTH_PASSWORD_VALIDATORS) for the account they are for (`password_user()`).
    A form may word the mismatch its own way (`error_messages`)."""

    error_messages: dict[str, "StrOrPromise"] = {"password_mismatch": _("The two passwords are not the same.")}

    def password_user(self) -> User | None:
        raise NotImplementedError

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        self.validate_password_for_user(self.password_user(), password_field_name="password1")
        return cleaned


class ActivationForm(NewPasswordForm):
    massar_code = forms.CharField(label=_("Massar code"), max_length=40,
                                  widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off",
                                                                "autocapitalize": "characters",
                                                                "placeholder": "F164115196"}))
    birth_date = forms.DateField(label=_("Birth date"), input_formats=DATE_INPUT_FORMATS,
                                 widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))
    last_name = forms.CharField(label=_("Last name, as on your school record (Arabic or Latin letters)"),
                                max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    password1, password2 = new_password_fields()
    email = forms.EmailField(label=_("Recovery e-mail"), max_length=254,
                             help_text=_("Where a link to choose a new password is sent if you forget it. "
                                         "It can be a parent's address."),
                             widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}))

    field_order = ["massar_code", "birth_date", "last_name", "password1", "password2", "email"]

    def clean_massar_code(self) -> str:
        code = massar_code_normalize(self.cleaned_data["massar_code"])
        problem = massar_code_problem(code)
        if problem:
            raise ValidationError(problem, code=AccountsErrorCode.MASSAR_CODE_FORMAT)
        return code

    def password_user(self) -> User | None:
        # Before the details are checked against the record, the password is checked against what was
        # typed only (code, last name, e-mail): saying "contains your name" about the record's names would
        # tell a stranger what the record holds. The record's names are checked once the details match.
        typed = Student(massar_code=self.cleaned_data.get("massar_code", ""),
                        last_name_latin=self.cleaned_data.get("last_name", ""),
                        last_name_ar=self.cleaned_data.get("last_name", ""))
        return User(username=student_signin_name(typed.massar_code), role=Role.STUDENT, student=typed,
                    email=self.cleaned_data.get("email", ""))


class PasswordForgotForm(forms.Form):
    username = forms.CharField(label=_("Sign-in name or Massar code"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "dir": "ltr"}))


class PasswordSetForm(NewPasswordForm):
    """A new password twice: after a reset link, or when a temporary password must be replaced."""

    password1, password2 = new_password_fields()

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self) -> User:
        return self.user
