"""Sign-in: who is trying, and whether their account is locked."""

from django.http import HttpRequest

from .selectors import signin_name_normalize


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts failures against: canonical and case-folded, so that every spelling of
    one account (`f164115196 `, `F164115196@TAALIM.MA`) shares one counter."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return signin_name_normalize(str(raw)).lower()
