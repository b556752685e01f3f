"""Student work done outside the web request: the year rollover of a whole directorate, school by school, with
its progress in the shared cache (as the exams' publication does), so that any web process can show it."""

from django.core.cache import cache
from django.tasks import TaskContext, task
from django.utils import timezone

PROGRESS_TTL = 24 * 3600
TASK_ID_MAX_LENGTH = 64


def progress_key(task_id: str) -> str:
    return f"massar:students:rollover:{task_id}"


def rollover_progress(task_id: str) -> dict | None:
    """{"state": queued|running|done|failed, "done", "total", "schools": [...], "error"?, "user_id",
    "directorate_id"} or None when unknown."""
    if len(task_id) > TASK_ID_MAX_LENGTH:
        return None
    return cache.get(progress_key(task_id))


def rollover_queued(task_id: str, *, user_id: int, directorate_id: int) -> None:
    """Who queued rollover `task_id`, for which directorate; kept if the task already reported."""
    cache.add(progress_key(task_id), {"state": "queued", "done": 0, "total": 0, "schools": [], "user_id": user_id,
                                      "directorate_id": directorate_id}, PROGRESS_TTL)


@task(takes_context=True)
def directorate_rollover_task(context: TaskContext, directorate_id: int, from_year_id: int, actor_id: int) -> int:
    """Roll directorate `directorate_id` over from year `from_year_id`; returns how many schools rolled over."""
    from massar.accounts.models import User
    from massar.core.models import SchoolYear
    from massar.schools.models import Directorate

    from .rollover import directorate_rollover

    key = progress_key(context.task_result.id)
    state: dict = {**(cache.get(key) or {}), "state": "running", "started_at": timezone.now().isoformat(),
                   "user_id": actor_id, "directorate_id": directorate_id, "schools": []}
    cache.set(key, state, PROGRESS_TTL)

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)
        cache.set(key, state, PROGRESS_TTL)

    try:
        outcomes = directorate_rollover(directorate=Directorate.objects.get(pk=directorate_id),
                                        from_year=SchoolYear.objects.get(pk=from_year_id),
                                        actor=User.objects.filter(pk=actor_id).first(), progress=progress)
    except Exception as error:
        state.update(state="failed", error=str(error))
        cache.set(key, state, PROGRESS_TTL)
        raise
    state.update(state="done", schools=[
        {"code": o.school_code, "name": o.school_name, "ok": o.ok, "error": o.error,
         "created": o.result.enrolments_created if o.result else 0,
         "ended": o.result.enrolments_ended if o.result else 0} for o in outcomes])
    cache.set(key, state, PROGRESS_TTL)
    return sum(1 for outcome in outcomes if outcome.ok)
