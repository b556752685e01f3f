from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "massar.orientation"
    label = "orientation"
    verbose_name = _("Orientation")

    def ready(self) -> None:
        from .scopes import register_wish_side

        register_wish_side()
