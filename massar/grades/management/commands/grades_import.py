"""`manage.py grades_import FILE... --as USERNAME`: import filled canevas files as their teacher.
Each file is all or nothing; every problem is printed with its sheet, row and column; the exit status is
non-zero when any file was refused."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from massar.accounts.models import User
from massar.grades.canevas import CanevasImporter, CanevasRefused


class Command(BaseCommand):
    help = "Import filled grade canevas files (each all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--as", dest="username", required=True, help="the teacher whose sheets they are")

    def handle(self, *args, files, username, **options):
        actor = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
        if actor is None:
            raise CommandError(_("No active account %(name)s.") % {"name": username})
        refused = 0
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as error:
                self.stderr.write(f"{name}: {error}")
                refused += 1
                continue
            try:
                summary = CanevasImporter(actor=actor).run(data)
            except CanevasRefused as error:
                refused += 1
                problems = ngettext("%(count)d problem", "%(count)d problems", error.total) % {
                    "count": error.total}
                self.stderr.write(_("%(file)s: refused, nothing written (%(problems)s):")
                                  % {"file": name, "problems": problems})
                for problem in error.problems:
                    self.stderr.write(f"  {problem}")
                if error.more:
                    self.stderr.write("  " + ngettext("… and %(count)d more problem.", "… and %(count)d more problems.",
                                                      error.more) % {"count": error.more})
                continue
            rows = ngettext("%(count)d row", "%(count)d rows", summary.rows) % {"count": summary.rows}
            self.stdout.write(_("%(file)s: %(sheet)s, %(rows)s. %(outcome)s") % {
                "file": name, "sheet": summary.sheet, "rows": rows, "outcome": summary.describe()})
        if refused:
            raise CommandError(ngettext("%(count)d file refused of %(total)d.", "%(count)d files refused of %(total)d.",
                                        refused) % {"count": refused, "total": len(files)})
