import json

from django.core.management.base import BaseCommand
from django.utils import translation

from massar.demo.selectors import demo_account_list


class Command(BaseCommand):
    help = "Print the demo accounts as JSON: a list of {role, username, password, name}."

    def handle(self, *args, **options) -> None:
        with translation.override("fr"):
            accounts = demo_account_list()
        if not accounts:
            self.stderr.write("No demo accounts: run `make run` or `manage.py seed_demo` first.")
        self.stdout.write(json.dumps(accounts, ensure_ascii=False, indent=2))
