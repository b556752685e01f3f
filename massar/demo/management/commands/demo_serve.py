import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from massar.demo.serve import ServeTogether, demo_commands, demo_environment


class Command(BaseCommand):
    help = ("Serve the demo with its background-task worker (used by `make run`): both start together and stop "
            "together (Ctrl-C).")
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options) -> None:
        commands = demo_commands(port=port, manage=settings.BASE_DIR / "manage.py")
        code = ServeTogether(commands, env=demo_environment(port=port, environ=os.environ), out=self.stderr).run()
        if code:
            sys.exit(code)
