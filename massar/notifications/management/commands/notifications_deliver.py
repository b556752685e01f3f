"""Send the deliveries that are due (new, retried after a failure, or left by a worker that died): run it every
minute from the scheduler, beside `db_worker`, or let it repeat itself with `--every 60` (the demo does)."""

import time

from django.core.management.base import BaseCommand, CommandParser

from massar.notifications.tasks import deliveries_due_task


class Command(BaseCommand):
    help = "Send the notification deliveries (e-mail, Web Push) that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="keep running, sending what is due every SECONDS (0: once)")

    def handle(self, *args, every: int, **options) -> None:
        while True:
            counts = deliveries_due_task.call()
            self.stdout.write(", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
                              or "nothing due")
            if every <= 0:
                return
            time.sleep(every)
