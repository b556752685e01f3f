from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The back office (Django admin at /backoffice/): one module per domain, above the domain apps.

    Django's admin autodiscovery imports `massar.backoffice.admin`, which registers every module's admins.
    """

    name = "massar.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")
