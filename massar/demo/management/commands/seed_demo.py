import time

from django.core.management.base import BaseCommand
from django.utils import translation

from massar.demo.seed import DemoSeeder
from massar.grades.report_stamps import every_report_changed


class Command(BaseCommand):
    help = "Seed the demo (one academy, three schools, every role). Does nothing when the demo is there."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        with translation.override("fr"):
            seeded = DemoSeeder().seed()
        if seeded:
            every_report_changed()
            self.stdout.write(f"Demo data seeded in {time.monotonic() - started:.1f} s.")
        else:
            self.stdout.write("Demo data already present: nothing to do.")
