"""Where a semester close started from a page reports its progress, so that any web process can show it.

The close runs in a worker process (`manage.py db_worker`, several in production) and the page that polls it
is served by any web process, so its progress lives in the cache every process shares: Redis in production,
a directory of files in the demo (config/settings.py), never a process's own memory. Not in a database row:
the close is one transaction, and the rows it wrote would stay invisible to the page until it ends.

Two records per close, both keyed by the task's id and kept for a day:
- who started it, on what (`close_run_record` / `close_run`), written by the page that queued it;
- how far it got (`CloseProgressReport` writes, `close_progress` reads): state (queued, running, done,
  failed), the step, steps done and their total, rows, and at the end the summary or the error.
When the progress record is missing (an evicted key), the task's own result in the database still says
whether it ended and how.
"""

from django.core.cache import cache
from django.tasks.base import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.utils import timezone

from . import STEPS

PROGRESS_TTL = 24 * 3600
# A task id from the URL is looked up only when it could be one (django_tasks_db's are UUIDs).
TASK_ID_MAX_LENGTH = 64


def progress_key(task_id: str) -> str:
    return f"massar:close:{task_id}"


def owner_key(task_id: str) -> str:
    return f"massar:close:owner:{task_id}"


def close_run_record(*, task_id: str, user_id: int, scope_kind: str, scope_id: str | None, label: str,
                     semester_id: int) -> None:
    """Remember who queued close `task_id`, and for which schools and semester."""
    cache.set(owner_key(task_id), {"user_id": user_id, "scope_kind": scope_kind, "scope_id": scope_id,
                                   "label": label, "semester_id": semester_id}, PROGRESS_TTL)


def close_run(task_id: str) -> dict | None:
    """What `close_run_record` remembered about close `task_id`, or None."""
    if len(task_id) > TASK_ID_MAX_LENGTH:
        return None
    return cache.get(owner_key(task_id))


class CloseProgressReport:
    """What the close task writes as it goes: `started()`, then `step` after each step (the close's progress
    callback), then `finished(summary)` or `failed(error)`."""

    def __init__(self, task_id: str) -> None:
        self.key = progress_key(task_id)
        self.state: dict = {"state": "running", "step": "", "done": 0, "total": 0, "rows": 0}

    def _write(self, **changes) -> None:
        self.state.update(changes)
        cache.set(self.key, self.state, PROGRESS_TTL)

    def started(self) -> None:
        self._write(started_at=timezone.now().isoformat())

    def step(self, step: str, done: int, total: int, rows: int) -> None:
        self._write(step=step, done=done, total=total, rows=rows)

    def finished(self, summary: dict) -> None:
        self._write(state="done", summary=summary)

    def failed(self, error: str) -> None:
        self._write(state="failed", error=error)


def close_progress(task_id: str) -> dict | None:
    """How far close `task_id` got: {"state", "step", "done", "total", "rows", "summary"|"error"}; None when
    nothing is known of it (yet)."""
    if len(task_id) > TASK_ID_MAX_LENGTH:
        return None
    progress = cache.get(progress_key(task_id))
    return progress if progress is not None else _progress_from_task_result(task_id)


def _progress_from_task_result(task_id: str) -> dict | None:
    from ..tasks import semester_close_task

    if not semester_close_task.get_backend().supports_get_result:
        return None
    try:
        result = semester_close_task.get_result(task_id)
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return None
    progress: dict = {"step": "", "done": 0, "total": 0, "rows": 0}
    if result.status == TaskResultStatus.SUCCESSFUL:
        return {**progress, "state": "done", "done": len(STEPS), "total": len(STEPS), "summary": result.return_value}
    if result.status == TaskResultStatus.FAILED:
        return {**progress, "state": "failed", "error": ""}
    return {**progress, "state": "running" if result.status == TaskResultStatus.RUNNING else "queued"}
