"""The account journeys' pages, under /account/ (names: `accounts:<name>`), and the staff pages that
administer accounts (massar/portals/staff/accounts.py), which keep their names and addresses there."""

from django.urls import path

from massar.portals.staff import accounts as staff

from . import views_parents, views_recovery, views_recovery_email, views_signin

app_name = "accounts"

urlpatterns = [
    # sign-in, sign-out, the second factor, the security page
    path("signin/", views_signin.signin, name="signin"),
    path("signout/", views_signin.signout, name="signout"),
    path("two-factor/", views_signin.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/enrol/", views_signin.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/disable/", views_signin.two_factor_disable_view, name="two_factor_disable"),
    path("two-factor/reset/<int:pk>/", staff.two_factor_reset_view, name="two_factor_reset"),
    path("security/", views_signin.security, name="security"),
    path("security/tokens/<int:pk>/revoke/", views_signin.security_token_revoke, name="security_token_revoke"),
    path("locked/", staff.locked_accounts, name="locked_accounts"),
    path("locked/<int:pk>/unlock/", staff.account_unlock_view, name="account_unlock"),
    # activation, self-service reset, password change, temporary passwords, recovery e-mail
    path("activate/", views_recovery.activate, name="activate"),
    path("activate/done/", views_recovery.activated, name="activated"),
    path("password/forgot/", views_recovery.password_forgot, name="password_forgot"),
    path("password/forgot/sent/", views_recovery.password_forgot_sent, name="password_forgot_sent"),
    path("password/reset/complete/", views_recovery.password_reset_complete, name="password_reset_complete"),
    path("password/reset/<uidb64>/<token>/", views_recovery.PasswordResetLinkView.as_view(),
         name="password_reset"),
    path("password/change/", views_recovery.password_change, name="password_change"),
    path("password/choose/", views_recovery.password_choose, name="password_choose"),
    path("temporary-password/<int:user_id>/", staff.temporary_password, name="temporary_password"),
    # The same, with the account in the POST field `user_id` (reversible without arguments).
    path("temporary-password/", staff.temporary_password, name="temporary_password"),
    path("recovery-email/", views_recovery_email.recovery_email, name="recovery_email"),
    path("recovery-email/confirm/<str:uidb64>/<str:token>/", views_recovery_email.recovery_email_confirm_view,
         name="recovery_email_confirm"),
    # parents (sign-up, confirmation, add a child), the school's lists, staff accounts and invitations
    path("parent/signup/", views_parents.parent_signup, name="parent_signup"),
    path("parent/signup/sent/", views_parents.parent_signup_sent, name="parent_signup_sent"),
    path("parent/confirm/<str:uidb64>/<str:token>/", views_parents.parent_confirm, name="parent_confirm"),
    path("parent/children/add/", views_parents.child_add, name="child_add"),
    path("school/accounts/", staff.school_accounts, name="school_accounts"),
    path("school/students/<str:massar_code>/guardians/", staff.student_guardians, name="student_guardians"),
    path("staff/", staff.staff_account_list, name="staff_accounts"),
    path("invitation/<str:uidb64>/<str:token>/", views_parents.invitation_accept, name="invitation_accept"),
]
