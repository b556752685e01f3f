from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "massar.schools"
    label = "schools"
