from django.apps import AppConfig


class PortalsConfig(AppConfig):
    name = "massar.portals"
    label = "portals"
