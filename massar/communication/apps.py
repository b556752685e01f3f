from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    """All mail goes through this app: domains name a message and give its context; the wording, the
    languages and the sending live here (STYLE: one communication app). It sits below the domains, beside
    core: it may render templates, and never imports a domain."""

    name = "massar.communication"
    label = "communication"
    verbose_name = _("Communication")
