"""A close's progress is readable by any process: the worker that runs the close writes it, the web processes
that serve the polling page read it (the shared cache; the task's result in the database when the cache lost
it). Never a process's own memory."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache

from massar.grades.close.progress import CloseProgressReport, close_progress, close_run, close_run_record
from massar.grades.tasks import semester_close_task
from massar.testing.grades import Grades
from massar.testing.tasks import DATABASE_TASKS, tasks_run_queued

ROOT = Path(__file__).resolve().parents[3]


def in_another_process(code: str, cache_dir: Path) -> str:
    """Run `code` in a fresh Python with the development settings (not the tests' in-memory cache)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "MASSAR_CACHE_DIR": str(cache_dir)}
    script = "import django; django.setup()\n" + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_progress_written_by_the_worker_process_is_read_by_a_web_process(tmp_path):
    in_another_process("""
        from massar.grades.close.progress import CloseProgressReport, close_run_record
        close_run_record(task_id="t-1", user_id=7, scope_kind="school", scope_id="11565V", label="Lycée",
                         semester_id=3)
        report = CloseProgressReport("t-1")
        report.started()
        report.step("subject_averages", 2, 4, 120)
    """, tmp_path)
    read = in_another_process("""
        import json
        from massar.grades.close.progress import close_progress, close_run
        print(json.dumps({"run": close_run("t-1"), "progress": close_progress("t-1")}))
    """, tmp_path)
    seen = json.loads(read)
    assert seen["run"] == {"user_id": 7, "scope_kind": "school", "scope_id": "11565V", "label": "Lycée",
                           "semester_id": 3}
    progress = seen["progress"]
    assert (progress["state"], progress["step"], progress["done"], progress["total"], progress["rows"]) == \
        ("running", "subject_averages", 2, 4, 120)


def test_the_report_goes_from_running_to_done_or_failed():
    report = CloseProgressReport("t-2")
    report.started()
    assert close_progress("t-2")["state"] == "running"
    report.step("scope", 1, 4, 10)
    report.finished({"classes": 2})
    assert close_progress("t-2") | {"started_at": None} == {
        "state": "done", "step": "scope", "done": 1, "total": 4, "rows": 10, "summary": {"classes": 2},
        "started_at": None}
    failing = CloseProgressReport("t-3")
    failing.failed("disk full")
    assert close_progress("t-3")["state"] == "failed" and close_progress("t-3")["error"] == "disk full"


def test_an_overlong_or_unknown_task_id_has_no_progress(db):
    assert close_progress("x" * 65) is None and close_run("x" * 65) is None
    assert close_progress("no-such-task") is None and close_run("no-such-task") is None
    close_run_record(task_id="t-4", user_id=1, scope_kind="nation", scope_id=None, label="", semester_id=1)
    assert close_run("t-4")["scope_kind"] == "nation"


@pytest.fixture
def queued_close(world, settings):
    """A close queued in the database (as in the demo and production), not run at once as in the other tests."""
    settings.TASKS = DATABASE_TASKS
    grades = Grades(world)
    grades.enter("MATH", grades.students[0], 1, "12")
    grades.publish("MATH")
    return semester_close_task.enqueue(grades.semester.pk, "school", world.school.code)


def test_a_queued_close_waits_then_the_worker_runs_it(queued_close):
    assert close_progress(queued_close.id) == {"step": "", "done": 0, "total": 0, "rows": 0, "state": "queued"}
    tasks_run_queued()
    progress = close_progress(queued_close.id)
    assert progress["state"] == "done" and progress["done"] == progress["total"] == 4
    assert progress["summary"]["sheets"] == 4 and progress["summary"]["subject_results"] == 1


def test_when_the_cache_lost_the_progress_the_task_result_still_says_how_it_ended(queued_close):
    tasks_run_queued()
    cache.clear()
    progress = close_progress(queued_close.id)
    assert progress["state"] == "done" and progress["done"] == progress["total"] == 4
    assert progress["summary"]["sheets"] == 4 and progress["summary"]["subject_results"] == 1
