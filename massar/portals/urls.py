from django.urls import path

from . import views

app_name = "portals"

urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", views.SignInView.as_view(), name="signin"),
    path("signout/", views.signout, name="signout"),
    path("language/", views.language_set, name="language_set"),
    path("me/", views.my_space, name="my_space"),
    path("staff/students/", views.staff_student_list, name="staff_student_list"),
    path("staff/students/<str:massar_code>/", views.staff_student_detail, name="staff_student_detail"),
]
