"""Massar's URLs plus `/db`, a TechEmpower-style baseline (one random row → JSON, through the same middleware):
mounted only by the benchmark's settings, never by the product's."""

import random

from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as massar_urlpatterns
from massar.schools.models import School


def db(request: HttpRequest) -> JsonResponse:
    top = School.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    row = School.objects.filter(pk=random.randint(1, top)).values("pk", "code").first()  # noqa: S311
    return JsonResponse(row or {})


urlpatterns = [path("db", db), *massar_urlpatterns]
