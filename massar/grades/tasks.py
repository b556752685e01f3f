"""Grade work done outside the web request: the semester close (massar/grades/close.py).

The close records its progress in the cache under `massar:close:<task id>` (step, steps done, total, rows, and
at the end the summary or the error) so that a page can poll it; the task's return value is the summary.
"""

from django.core.cache import cache
from django.tasks import TaskContext, task
from django.utils import timezone

PROGRESS_TTL = 24 * 3600
SCOPES = ("nation", "academy", "directorate", "school")


def progress_key(task_id: str) -> str:
    return f"massar:close:{task_id}"


def close_progress(task_id: str) -> dict | None:
    """What a page shows while the close runs: {"state", "step", "done", "total", "rows", "summary"|"error"}."""
    return cache.get(progress_key(task_id))


@task(takes_context=True)
def semester_close_task(context: TaskContext, semester_id: int, scope_kind: str = "nation",
                        scope_id: str | None = None) -> dict:
    """Close `semester_id` for a school (scope_id: its code), a directorate, an academy (its code) or the nation."""
    from massar.core.models import Semester

    from .close import scope_schools, semester_close

    if scope_kind not in SCOPES:
        raise ValueError(f"unknown scope {scope_kind!r}: one of {', '.join(SCOPES)}")
    key = progress_key(context.task_result.id)
    state = {"state": "running", "step": "", "done": 0, "total": 0, "rows": 0,
             "started_at": timezone.now().isoformat()}
    cache.set(key, state, PROGRESS_TTL)

    def progress(step: str, done: int, total: int, rows: int) -> None:
        state.update(step=step, done=done, total=total, rows=rows)
        cache.set(key, state, PROGRESS_TTL)

    semester = Semester.objects.get(pk=semester_id)
    schools = scope_schools(school=scope_id if scope_kind == "school" else None,
                            directorate=scope_id if scope_kind == "directorate" else None,
                            academy=scope_id if scope_kind == "academy" else None)
    try:
        summary = semester_close(semester=semester, schools=schools, progress=progress).as_dict()
    except Exception as error:
        cache.set(key, {**state, "state": "failed", "error": str(error)}, PROGRESS_TTL)
        raise
    cache.set(key, {**state, "state": "done", "summary": summary}, PROGRESS_TTL)
    return summary
