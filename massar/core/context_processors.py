from django.conf import settings
from django.http import HttpRequest


def massar(request: HttpRequest) -> dict[str, str]:
    """Values every page may show: the configurable sign-in domain."""
    return {"SIGNIN_DOMAIN": settings.SIGNIN_DOMAIN}
