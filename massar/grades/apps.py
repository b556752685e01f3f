from django.apps import AppConfig


class GradesConfig(AppConfig):
    name = "massar.grades"
    label = "grades"
