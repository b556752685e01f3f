"""Send the evening's "homework due tomorrow" reminders: run it every ten minutes from the scheduler (it does
nothing before the evening, and never tells anyone twice), or let it repeat itself with `--every 600` (the demo
does)."""

import time

from django.core.management.base import BaseCommand, CommandParser

from massar.timetable.tasks import homework_reminders_task


class Command(BaseCommand):
    help = "Send tomorrow's homework reminders to the students and parents who asked for them (from 18:00)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="keep running, sending what is due every SECONDS (0: once)")

    def handle(self, *args, every: int, **options) -> None:
        while True:
            created = homework_reminders_task.call()
            self.stdout.write(f"homework reminders: {created}")
            if every <= 0:
                return
            time.sleep(every)
