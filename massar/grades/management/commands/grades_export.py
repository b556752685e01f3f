"""`manage.py grades_export --class 2APIC-1 --school 28847E --subject FR --semester 1 -o FILE`: write the canevas
of a class × subject × semester of the current school year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from massar.core.models import SchoolYear
from massar.grades.canevas import canevas_export
from massar.grades.services import grade_sheet_open
from massar.schools.models import SchoolClass, Subject


class Command(BaseCommand):
    help = "Write the Excel canevas of a grade sheet (current school year)."

    def add_arguments(self, parser):
        parser.add_argument("--class", dest="class_code", required=True)
        parser.add_argument("--school", dest="school_code", required=True)
        parser.add_argument("--subject", required=True)
        parser.add_argument("--semester", type=int, choices=(1, 2), required=True)
        parser.add_argument("-o", "--output", help="file or directory (default: the export's own name here)")

    def handle(self, *args, class_code, school_code, subject, semester, output, **options):
        year = SchoolYear.objects.filter(is_current=True).first()
        school_class = SchoolClass.objects.filter(school__code=school_code, code=class_code, school_year=year).first()
        if school_class is None:
            raise CommandError(_("No class %(cls)s in school %(school)s this year.")
                               % {"cls": class_code, "school": school_code})
        subject_obj = Subject.objects.filter(code=subject).first()
        if subject_obj is None:
            raise CommandError(_("Unknown subject code %(code)s.") % {"code": subject})
        sheet = grade_sheet_open(school_class=school_class, subject=subject_obj,
                                 semester=year.semesters.get(number=semester))
        name, data = canevas_export(sheet=sheet)
        target = Path(output) if output else Path(name)
        if target.is_dir():
            target = target / name
        target.write_bytes(data)
        self.stdout.write(str(target))
