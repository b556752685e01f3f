from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "massar.students"
    label = "students"
