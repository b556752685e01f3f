from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massar.core"
    label = "core"
