"""Parents (sign-up, e-mail confirmation, add a child), the school's guardians and accounts lists, staff
accounts (creation, invitation)."""

from django.urls import path

from . import views_people as views

urlpatterns = [
    path("parent/signup/", views.parent_signup, name="parent_signup"),
    path("parent/signup/sent/", views.parent_signup_sent, name="parent_signup_sent"),
    path("parent/confirm/<str:uidb64>/<str:token>/", views.parent_confirm, name="parent_confirm"),
    path("parent/children/add/", views.child_add, name="child_add"),
    path("school/accounts/", views.school_accounts, name="school_accounts"),
    path("school/students/<str:massar_code>/guardians/", views.student_guardians, name="student_guardians"),
    path("staff/", views.staff_account_list, name="staff_accounts"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
