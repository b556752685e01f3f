from django import forms
from django.utils.translation import gettext_lazy as _

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
