from django.urls import include, path

from massar.portals.account import views_signin

from . import views

app_name = "portals"

urlpatterns = [
    path("", views.home, name="home"),
    # The old addresses keep working (bookmarks, forms cached in browsers): the same views as /account/signin/
    # and /account/signout/, not redirects, so that a POST is not lost.
    path("signin/", views_signin.signin, name="signin"),
    path("signout/", views_signin.signout, name="signout"),
    path("language/", views.language_set, name="language_set"),
    path("me/", views.my_space, name="my_space"),
    path("staff/students/", views.staff_student_list, name="staff_student_list"),
    path("staff/students/<str:massar_code>/", views.staff_student_detail, name="staff_student_detail"),
    path("", include("massar.portals.urls_grades")),
]
