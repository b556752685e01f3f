"""`manage.py grades_import FILE... --as USERNAME`: import filled canevas files as their teacher.
Each file is all or nothing; every problem is printed with its sheet, row and column; the exit status is
non-zero when any file was refused."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
                self.stderr.write(_("%(file)s: refused, nothing written (%(count)d problems):")
                                  % {"file": name, "count": len(error.problems)})
                for problem in error.problems:
                    self.stderr.write(f"  {problem}")
                continue
            self.stdout.write(_("%(file)s: %(sheet)s, %(rows)d rows, %(cells)d marks and %(remarks)d remarks "
                                "changed.") % {"file": name, "sheet": summary.sheet, "rows": summary.rows,
                                               "cells": summary.cells_changed, "remarks": summary.remarks_changed})
        if refused:
            raise CommandError(_("%(count)d of %(total)d files refused.") % {"count": refused, "total": len(files)})
