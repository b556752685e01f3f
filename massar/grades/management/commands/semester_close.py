"""`manage.py semester_close --semester N [--school CODE | --directorate CODE | --academy CODE | --nation] [--year 2025/2026]`:
the semester close, run here and now (the web pages enqueue `semester_close_task` instead)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from massar.core.models import Semester
from massar.grades.close import scope_schools, semester_close


class Command(BaseCommand):
    help = _("Compute and store the averages and ranks of a semester for a school, a directorate, an academy or the nation.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--semester", type=int, required=True, choices=[1, 2], help=_("semester number"))
        parser.add_argument("--year", help=_("school year, e.g. 2025/2026 (default: the current year)"))
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--school", help=_("school code"))
        where.add_argument("--directorate", help=_("directorate code"))
        where.add_argument("--academy", help=_("academy code"))
        where.add_argument("--nation", action="store_true", help=_("every school"))

    def handle(self, *args, **options) -> None:
        semesters = Semester.objects.filter(number=options["semester"])
        semesters = (semesters.filter(school_year__label=options["year"]) if options["year"]
                     else semesters.filter(school_year__is_current=True))
        semester = semesters.select_related("school_year").first()
        if semester is None:
            raise CommandError(_("No such semester."))
        schools = scope_schools(school=options["school"], directorate=options["directorate"],
                                academy=options["academy"])
        if schools is not None and not schools.exists():
            raise CommandError(_("No school in this scope."))
        started = time.perf_counter()

        def progress(step: str, done: int, total: int, rows: int) -> None:
            self.stdout.write(_("[%(done)d/%(total)d] %(step)s: %(rows)s (%(seconds).1f s)") % {
                "done": done, "total": total, "step": step,
                "rows": ngettext("%(count)d row", "%(count)d rows", rows) % {"count": rows},
                "seconds": time.perf_counter() - started})

        summary = semester_close(semester=semester, schools=schools, progress=progress)
        counts = {
            "classes": ngettext("%(count)d class", "%(count)d classes", summary.classes)
            % {"count": summary.classes},
            "sheets": ngettext("%(count)d grade sheet", "%(count)d grade sheets", summary.sheets)
            % {"count": summary.sheets},
            "subjects": ngettext("%(count)d subject average", "%(count)d subject averages", summary.subject_results)
            % {"count": summary.subject_results},
            "students": ngettext("%(count)d student", "%(count)d students", summary.semester_results)
            % {"count": summary.semester_results},
            "general": ngettext("%(count)d with a general average", "%(count)d with a general average",
                                summary.general_averages) % {"count": summary.general_averages},
        }
        self.stdout.write(self.style.SUCCESS(_(
            "%(semester)s closed in %(seconds).2f s: %(classes)s, %(sheets)s, %(subjects)s, %(students)s "
            "(%(general)s).") % {"semester": semester, "seconds": summary.seconds, **counts}))
