"""How the API knows its caller: `Authorization: Bearer <token>` (tokens.py issues and checks them)."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import ApiToken
from .tokens import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """On success `request.auth` is the ApiToken and `request.user` its account, so that every operation scopes
    its rows through the scope layer (`massar.access`, each app's `scopes.py`) with the caller's identity."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        return api_token
