from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from massar.demo.selectors import demo_account_list, orientation_student


class Command(BaseCommand):
    help = "Print where to open Massar, the demo mailbox and the demo accounts (used by `make run`)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options) -> None:
        with translation.override("fr"):
            accounts = demo_account_list()
        url = f"http://127.0.0.1:{port}/"
        width = max((len(a["username"]) for a in accounts), default=20)
        lines = ["", f"  Massar is starting at {url}", f"  Back office: {url}backoffice/",
                 f"  API: {url}api/v1/docs"]
        if settings.DEBUG and settings.MASSAR_DEMO_MAILBOX:
            lines += [f"  E-mails the demo sends (activation, confirmation, password reset): {url}demo/mailbox/",
                      f"    (kept as files in {settings.MASSAR_DEMO_MAILBOX})"]
        lines += ["  Background tasks (semester close, e-mails) run in a worker started and stopped with the server.",
                  "", "  Demo accounts:"]
        lines += [f"    {a['role']:<20} {a['username']:<{width}}  {a['password']:<22} {a['name']}" for a in accounts]
        chooser = orientation_student()
        if chooser:
            lines += [f"    Orientation (its window is open): the common-core student {chooser}, the student password."]
        lines += ["", "  Administrators and officers also give a 6-digit code: add their `totp_secret` from",
                  "  `manage.py demo_accounts` to an authenticator app, or run `manage.py demo_otp <username>`.", ""]
        self.stdout.write("\n".join(lines))
