"""Send the deliveries that are due (new, retried after a failure, or left by a worker that died): run it every
minute from the scheduler, beside `db_worker`."""

from django.core.management.base import BaseCommand

from massar.notifications.tasks import deliveries_due_task


class Command(BaseCommand):
    help = "Send the notification deliveries (e-mail, Web Push) that are due."

    def handle(self, *args, **options) -> None:
        counts = deliveries_due_task.call()
        self.stdout.write(", ".join(f"{status}: {count}" for status, count in sorted(counts.items())) or "nothing due")
