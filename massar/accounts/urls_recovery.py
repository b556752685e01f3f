"""Activation, forgotten password, reset link, password change, temporary password, recovery e-mail
(names `accounts:<name>`)."""

from django.urls import path

from . import views_recovery as views
from . import views_recovery_email

urlpatterns = [
    path("activate/", views.activate, name="activate"),
    path("activate/done/", views.activated, name="activated"),
    path("password/forgot/", views.password_forgot, name="password_forgot"),
    path("password/forgot/sent/", views.password_forgot_sent, name="password_forgot_sent"),
    path("password/reset/complete/", views.password_reset_complete, name="password_reset_complete"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetLinkView.as_view(), name="password_reset"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/choose/", views.password_choose, name="password_choose"),
    path("temporary-password/<int:user_id>/", views.temporary_password, name="temporary_password"),
    # The same, with the account in the POST field `user_id` (reversible without arguments).
    path("temporary-password/", views.temporary_password, name="temporary_password"),
    path("recovery-email/", views_recovery_email.recovery_email, name="recovery_email"),
    path("recovery-email/confirm/<str:uidb64>/<str:token>/", views_recovery_email.recovery_email_confirm_view,
         name="recovery_email_confirm"),
]
