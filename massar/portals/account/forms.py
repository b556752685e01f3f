"""Forms of the account pages: sign-in, second factor, password change, recovery e-mail, parents and staff
accounts. They check what a person typed and say where it is wrong; the writes (and their own checks) are the
accounts services. Activation and password-reset inputs are checked by massar.accounts.validation, shared
with the API."""

import unicodedata
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from massar.accounts.error_codes import AccountsErrorCode
from massar.accounts.models import User
from massar.accounts.validation import NewPasswordForm, PasswordSetForm
from massar.core.roles import Role
from massar.students.codes import massar_code_normalize, massar_code_problem
from massar.students.models import Guardian, Relation
from massar.students.validators import validate_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Long enough for any passphrase the password rules accept, short enough not to hash megabytes.
PASSWORD_FIELD_MAX = 1024
NAME_PUNCTUATION = frozenset(" -'’.")


def validate_latin_name(value: str) -> None:
    """Latin letters (accents allowed), spaces, hyphens and apostrophes: `El Amrani`, `Aït-Lahcen`, `N'Diaye`."""
    for character in value:
        if character in NAME_PUNCTUATION or unicodedata.category(character) == "Mn":
            continue
        if not character.isalpha() or "LATIN" not in unicodedata.name(character, ""):
            raise ValidationError(_("Write this name in Latin letters, as on the identity card (e.g. El Amrani)."),
                                  code=AccountsErrorCode.LATIN_LETTERS)


def validate_arabic_name(value: str) -> None:
    for character in value:
        if character in NAME_PUNCTUATION:
            continue
        if "ARABIC" not in unicodedata.name(character, ""):
            raise ValidationError(_("Write this name in Arabic letters (e.g. العمراني)."), code=AccountsErrorCode.ARABIC_LETTERS)


def _phone_clean(value: str) -> str:
    return value.replace(" ", "").replace("-", "")


def _latin_name_field(label: "StrOrPromise") -> forms.CharField:
    return forms.CharField(label=label, max_length=100, validators=[validate_latin_name],
                           widget=forms.TextInput(attrs={"dir": "ltr"}))


def _arabic_name_field(label: "StrOrPromise", *, required: bool) -> forms.CharField:
    return forms.CharField(label=label, max_length=100, required=required, validators=[validate_arabic_name],
                           widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))


def _password_fields() -> tuple[forms.CharField, forms.CharField]:
    return (
        forms.CharField(label=_("Password"), strip=False, max_length=PASSWORD_FIELD_MAX,
                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"})),
        forms.CharField(label=_("Password again"), strip=False, max_length=PASSWORD_FIELD_MAX,
                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"})),
    )


# The parent and staff pages have always said it this way.
DIFFERENT_PASSWORDS: dict[str, "StrOrPromise"] = {"password_mismatch": _("The two passwords are different.")}


class ParentDetailsForm(forms.Form):
    """What a parent says of themselves: names as on the identity card and a mobile phone."""

    phone = forms.CharField(label=_("Mobile phone"), max_length=20, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}))
    first_name_latin = _latin_name_field(_("First name (Latin letters)"))
    last_name_latin = _latin_name_field(_("Last name (Latin letters)"))
    first_name_ar = _arabic_name_field(_("First name (Arabic, optional)"), required=False)
    last_name_ar = _arabic_name_field(_("Last name (Arabic, optional)"), required=False)

    DETAILS = ("phone", "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar")

    def clean_phone(self) -> str:
        return _phone_clean(self.cleaned_data["phone"])

    def details(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in self.DETAILS}


class ParentSignupForm(ParentDetailsForm):
    """No password here: it is chosen on the page the e-mailed link opens, by whoever holds the mailbox."""

    email = forms.EmailField(label=_("E-mail"), max_length=150, help_text=_("It will be your sign-in name."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}))
    field_order = ["email", *ParentDetailsForm.DETAILS]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email.endswith("@" + settings.SIGNIN_DOMAIN.lower()):
            # Those are sign-in names of students and staff, not a parent's own mailbox.
            raise ValidationError(_("Use your personal e-mail address: addresses ending in @%(domain)s are "
                                    "students' and staff sign-in names.") % {"domain": settings.SIGNIN_DOMAIN},
                                  code=AccountsErrorCode.SIGNIN_DOMAIN)
        return email

    def service_arguments(self) -> dict[str, str]:
        return {"email": self.cleaned_data["email"], **self.details()}


class ParentConfirmForm(ParentDetailsForm, NewPasswordForm):
    """On the confirmation link's page: the details as signed up (to check or correct) and the password."""

    password1, password2 = _password_fields()
    error_messages = DIFFERENT_PASSWORDS

    def __init__(self, account: User, *args: Any, **kwargs: Any) -> None:
        self.account = account
        guardian = account.guardian
        initial = {"phone": account.phone}
        if guardian is not None:
            initial |= {key: getattr(guardian, key) for key in ParentDetailsForm.DETAILS if key != "phone"}
        kwargs["initial"] = initial | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)

    def password_user(self) -> User:
        # The account as it will be, so the rules can refuse a password made of the person's names or e-mail.
        data = self.cleaned_data
        guardian = Guardian(first_name_latin=data.get("first_name_latin", ""),
                            last_name_latin=data.get("last_name_latin", ""),
                            first_name_ar=data.get("first_name_ar", ""), last_name_ar=data.get("last_name_ar", ""))
        return User(username=self.account.username, email=self.account.username, role=Role.PARENT,
                    guardian=guardian, phone=data.get("phone", ""))


class ChildAddForm(forms.Form):
    massar_code = forms.CharField(label=_("Your child's Massar code"), max_length=20,
                                  help_text=_("One capital letter and 9 digits, e.g. F164115196."),
                                  widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off",
                                                                "autocapitalize": "characters"}))
    birth_date = forms.DateField(label=_("Your child's birth date"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))
    relation = forms.ChoiceField(label=_("You are the child's"), choices=Relation.choices)

    def clean_massar_code(self) -> str:
        code = massar_code_normalize(self.cleaned_data["massar_code"])
        problem = massar_code_problem(code)
        if problem:
            raise ValidationError(problem, code=AccountsErrorCode.MASSAR_CODE_FORMAT)
        return code


class GuardianAddForm(forms.Form):
    """The school records a guardian on the student's file (names as on the civil record)."""

    first_name_latin = _latin_name_field(_("First name (Latin letters)"))
    last_name_latin = _latin_name_field(_("Last name (Latin letters)"))
    first_name_ar = _arabic_name_field(_("First name (Arabic)"), required=True)
    last_name_ar = _arabic_name_field(_("Last name (Arabic)"), required=True)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}))
    email = forms.EmailField(label=_("E-mail"), max_length=150, required=False,
                             widget=forms.EmailInput(attrs={"dir": "ltr"}))
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)

    def clean_phone(self) -> str:
        return _phone_clean(self.cleaned_data["phone"])


class GuardianAccountLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the parent's account"), max_length=150,
                             widget=forms.EmailInput(attrs={"dir": "ltr"}))
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)


class StaffInvitationForm(forms.Form):
    """Create an account or invite again; the e-mail only when the staff record has none or it changed."""

    email = forms.EmailField(label=_("E-mail for the invitation"), max_length=150, required=False)


class InvitationAcceptForm(NewPasswordForm):
    password1, password2 = _password_fields()
    error_messages = DIFFERENT_PASSWORDS

    def __init__(self, account: User, *args: Any, **kwargs: Any) -> None:
        self.account = account
        super().__init__(*args, **kwargs)

    def password_user(self) -> User:
        return self.account


# --- Sign-in and the second factor ----------------------------------------------------------------------------

# Passwords are at most 128 characters, but a longer one is simply a wrong password (the same answer as any
# other), not a form error; this bound only keeps absurd inputs from being hashed.
PASSWORD_INPUT_MAX_LENGTH = 4096


class SignInForm(forms.Form):
    """Sign-in name: spaces around it are ignored, and a bare Massar code works too. Password: as typed."""

    username = forms.CharField(label=_("Sign-in name or Massar code"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "dir": "ltr", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False, max_length=PASSWORD_INPUT_MAX_LENGTH,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "dir": "ltr"}))
    # Shown to everyone (the page does not know who is signing in); honoured for students and parents only.
    remember_device = forms.BooleanField(label=_("Remember this device"), required=False)


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    code = forms.CharField(label=_("6-digit code"), max_length=12, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "dir": "ltr", "autofocus": True,
                                                         "pattern": "[0-9 ]*"}))


# --- One's own password and recovery e-mail -------------------------------------------------------------------


class PasswordChangeForm(PasswordSetForm):
    """The current password, then the new one twice."""

    old_password = forms.CharField(label=_("Current password"), strip=False, max_length=4096,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                     "autofocus": True, "dir": "auto"}))
    field_order = ["old_password", "password1", "password2"]

    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise ValidationError(_("This is not your current password."), code=AccountsErrorCode.PASSWORD_INCORRECT)
        return old_password


class RecoveryEmailChangeForm(forms.Form):
    """A new recovery e-mail, with the current password (checked by recovery_email.recovery_email_change)."""

    email = forms.EmailField(label=_("New recovery e-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}))
    password = forms.CharField(label=_("Current password"), strip=False, max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "dir": "auto"}))
