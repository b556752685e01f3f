"""The semester close as in the demo and in production: the page queues it, a separate worker process
(`manage.py db_worker`) runs it, and the progress page, served by another process, follows it to "done" from
the cache both processes share."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from massar.grades.close.progress import progress_key
from massar.grades.models import SemesterResult
from massar.testing.browser import sign_in
from massar.testing.grades import SUBJECTS, Grades

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    user = f"{quote(str(db['USER']), safe='')}{password}@" if db.get("USER") else ""
    return f"postgres://{user}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def shared_processes(settings, tmp_path):
    """This live server and a worker process, sharing a file cache and the database queue, as in the demo."""
    cache_dir = tmp_path / "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(cache_dir)}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url(),
           "MASSAR_CACHE_DIR": str(cache_dir), "MASSAR_DEMO_MAILBOX": str(tmp_path / "mailbox")}
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload",
                               "--no-startup-delay", "--interval", "0.2"], cwd=ROOT, env=env)
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


@pytest.mark.browser_context_args(locale="en")
def test_the_close_page_follows_the_worker_to_done(page: Page, live_server, world, shared_processes):
    grades = Grades(world, extra_students=2)
    for index, student in enumerate(grades.students):
        for code in SUBJECTS:
            grades.enter(code, student, 1, str(11 + index))
    grades.publish(*SUBJECTS)
    admin = world.accounts["school_admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)

    base = live_server.url
    sign_in(page, base, admin.username)
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("main form button[type=submit]")
    page.goto(f"{base}/staff/grades/close/")
    page.get_by_role("button", name="Close semester 1").click()
    status = page.locator("#close-status")
    expect(status).to_be_visible()
    # Polled every 2 s; the worker needs a moment to start.
    expect(status).to_have_attribute("data-state", "done", timeout=60_000)
    expect(status).to_contain_text("4 / 4")
    assert shared_processes.poll() is None, "the worker kept running"
    # What the page showed is what the worker wrote in the shared cache, not only the task's final record.
    task_id = page.url.rstrip("/").rsplit("/", 1)[1]
    reported = cache.get(progress_key(task_id))
    assert reported is not None and reported["state"] == "done" and reported["step"] == "semester_results"
    assert SemesterResult.objects.filter(semester=grades.semester, school_class=world.class_a).count() \
        == len(grades.students)
