"""Running the tasks queued in the database (django_tasks_db) inside a test, as `manage.py db_worker` does in
the demo and in production (the tests' own backend runs each task at once instead)."""

import signal
from unittest import mock

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def tasks_run_queued() -> None:
    """`db_worker --batch` in this process until the queue is empty. The worker closes the database connection
    between tasks, which would end the test's transaction, and takes over SIGINT and SIGTERM: neither is kept."""
    numbers = [signal.SIGINT, signal.SIGTERM, *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else [])]
    handlers = {number: signal.getsignal(number) for number in numbers}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
