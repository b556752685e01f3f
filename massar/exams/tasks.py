"""Exam work done outside the web request: publishing a session's results (with its progress in the shared
cache, as the grades' close does: grades/close/progress.py) and telling candidates and parents."""

from django.core.cache import cache
from django.tasks import TaskContext, task
from django.utils import timezone

PROGRESS_TTL = 24 * 3600
TASK_ID_MAX_LENGTH = 64


def progress_key(task_id: str) -> str:
    return f"massar:exams:publish:{task_id}"


def publish_progress(task_id: str) -> dict | None:
    """{"state": queued|running|done|failed, "done", "total", "results"|"error"} or None when unknown."""
    if len(task_id) > TASK_ID_MAX_LENGTH:
        return None
    return cache.get(progress_key(task_id))


def publish_queued(task_id: str, *, user_id: int, session_id: int) -> None:
    """Who queued publication `task_id`, for which session; kept if the task already reported (a worker
    that started at once, or the tests' immediate backend)."""
    cache.add(progress_key(task_id), {"state": "queued", "done": 0, "total": 0, "user_id": user_id,
                                      "session_id": session_id}, PROGRESS_TTL)


@task(takes_context=True)
def session_publish_task(context: TaskContext, session_id: int, actor_id: int) -> int:
    """Publish session `session_id` as account `actor_id`; returns how many results were stored."""
    from massar.accounts.models import User

    from .models import ExamSession
    from .publication import session_publish

    key = progress_key(context.task_result.id)
    state: dict = {**(cache.get(key) or {}), "state": "running", "started_at": timezone.now().isoformat(),
                   "user_id": actor_id, "session_id": session_id}
    cache.set(key, state, PROGRESS_TTL)

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        cache.set(key, state, PROGRESS_TTL)

    try:
        count = session_publish(session=ExamSession.objects.get(pk=session_id),
                                actor=User.objects.get(pk=actor_id), progress=progress)
    except Exception as error:
        state.update(state="failed", error=str(error))
        cache.set(key, state, PROGRESS_TTL)
        raise
    state.update(state="done", results=count)
    cache.set(key, state, PROGRESS_TTL)
    return count


@task()
def results_notify_task(session_id: int) -> int:
    from .publication import results_notify

    return results_notify(session_id=session_id)
