from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "massar.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from massar.access import registry

        from . import scopes
        from .authentication import temporary_password_consume_on_login
        from .models import AccountEvent, ApiToken, User
        from .token_cache import token_cache_watch

        registry.register(User, scopes.accounts_visible_to)
        registry.register(AccountEvent, scopes.account_events_visible_to)
        registry.register(ApiToken, scopes.api_tokens_visible_to)
        token_cache_watch()
        # Every way in (the back office's login page too) consumes a temporary password.
        user_logged_in.connect(temporary_password_consume_on_login, dispatch_uid="massar_temporary_password_consume")
