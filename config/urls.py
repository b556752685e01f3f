from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/", include("massar.portals.account.urls")),
    path("backoffice/", admin.site.urls),
    path("", include("massar.portals.urls")),
]
