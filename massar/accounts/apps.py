from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "massar.accounts"
    label = "accounts"
