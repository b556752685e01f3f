from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "massar.staff"
    label = "staff"
