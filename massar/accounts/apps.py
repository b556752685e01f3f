from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "massar.accounts"
    label = "accounts"

    def ready(self) -> None:
        from massar.access import registry

        from . import scopes
        from .models import AccountEvent, ApiToken, User

        registry.register(User, scopes.accounts_visible_to)
        registry.register(AccountEvent, scopes.account_events_visible_to)
        registry.register(ApiToken, scopes.api_tokens_visible_to)
