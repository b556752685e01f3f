from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Sign-in name: spaces around it are ignored, and a bare Massar code works too. Password: as typed."""

    username = forms.CharField(label=_("Sign-in name or Massar code"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                                             "dir": "ltr"}))
    password = forms.CharField(label=_("Password"), strip=False, max_length=128,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "dir": "ltr"}))

    def clean_username(self) -> str:
        from massar.accounts.selectors import signin_name_normalize

        return signin_name_normalize(self.cleaned_data["username"])
