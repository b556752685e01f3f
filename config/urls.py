from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/", include("massar.portals.account.urls")),
    # One door for passwords: the back office signs in through the product's own sign-in (its lockout, its
    # per-address throttle, its second factor); its own login page only sends there, keeping `next`.
    path("backoffice/login/", RedirectView.as_view(pattern_name="accounts:signin", query_string=True),
         name="backoffice_login"),
    path("backoffice/", admin.site.urls),
    path("", include("massar.portals.urls")),
]
