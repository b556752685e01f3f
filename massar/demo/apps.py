from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "massar.demo"
    label = "demo"
