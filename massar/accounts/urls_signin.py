"""Sign-in, sign-out, the second factor, the security page, locked accounts (names: `accounts:<name>`)."""

from django.urls import path

from . import views_signin as views

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path("two-factor/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
    path("two-factor/reset/<int:pk>/", views.two_factor_reset_view, name="two_factor_reset"),
    path("security/", views.security, name="security"),
    path("security/tokens/<int:pk>/revoke/", views.security_token_revoke, name="security_token_revoke"),
    path("locked/", views.locked_accounts, name="locked_accounts"),
    path("locked/<int:pk>/unlock/", views.account_unlock_view, name="account_unlock"),
]
