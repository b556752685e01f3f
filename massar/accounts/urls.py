"""The account journeys' pages, under /account/ (names: `accounts:<name>`)."""

from django.urls import include, path

app_name = "accounts"

urlpatterns = [
    # sign-in, sign-out, lockout and unlock, sessions, two-factor
    path("", include("massar.accounts.urls_signin")),
    # activation, password rules, self-service reset, temporary passwords, password change, recovery e-mail
    path("", include("massar.accounts.urls_recovery")),
    # parents (sign-up, e-mail confirmation, add a child), staff accounts (creation, invitation), school lists
    path("", include("massar.accounts.urls_people")),
]
