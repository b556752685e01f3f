"""Notification work done outside the web request: sending deliveries (e-mail, Web Push), retrying them, and
fanning an announcement out to its recipients' outboxes.

A delivery due now is sent by a task queued when its message is created; one due later (quiet hours, the
parents' delay of grades, a retry's back-off) by a task queued to run then where the backend can defer
(django-tasks-db), and in any case by the sweep, `deliveries_due_task` (`manage.py notifications_deliver`,
run every minute by the scheduler): a delivery is never lost when a task is.
"""

import datetime
from collections.abc import Iterable

from django.tasks import task
from django.utils import timezone

from .delivery import deliveries_due, delivery_send
from .models import Delivery


def _defer_possible() -> bool:
    return bool(deliveries_send_task.get_backend().supports_defer)


def deliveries_schedule(deliveries: Iterable[Delivery], *, now: datetime.datetime | None = None) -> None:
    """Queue the sending of `deliveries`: those due now in one task, each later moment in a deferred task."""
    now = now or timezone.now()
    by_moment: dict[datetime.datetime | None, list[int]] = {}
    for delivery in deliveries:
        moment = None if delivery.next_attempt_at <= now else delivery.next_attempt_at
        by_moment.setdefault(moment, []).append(delivery.pk)
    for moment, ids in by_moment.items():
        if moment is None:
            deliveries_send_task.enqueue(ids)
        elif _defer_possible():
            deliveries_send_task.using(run_after=moment).enqueue(ids)
        # else: the sweep sends them when they are due.


@task()
def deliveries_send_task(delivery_ids: list[int]) -> dict[str, int]:
    """Send each delivery that is due and unclaimed; queue a deferred retry for those that failed."""
    counts: dict[str, int] = {}
    retries: list[tuple[int, datetime.datetime]] = []
    for delivery_id in delivery_ids:
        outcome = delivery_send(delivery_id)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.retry_at is not None:
            retries.append((delivery_id, outcome.retry_at))
    if retries and _defer_possible():
        for delivery_id, moment in retries:
            deliveries_send_task.using(run_after=moment).enqueue([delivery_id])
    return counts


@task()
def deliveries_due_task() -> dict[str, int]:
    """The sweep: every delivery due now (new, retried, or claimed by a worker that died)."""
    counts: dict[str, int] = {}
    for delivery_id in deliveries_due():
        outcome = delivery_send(delivery_id)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


@task()
def announcement_fan_out_task(announcement_id: int) -> int:
    """Put an announcement in the outbox of each of its recipients (a school's families: thousands)."""
    from .services.announcements import announcement_fan_out

    return announcement_fan_out(announcement_id=announcement_id)


@task()
def grades_published_task(sheet_ids: list[int], published_at: str) -> int:
    """`events.grades_published` outside the publishing request (a whole school publishes thousands of
    students' messages)."""
    import datetime as _datetime

    from massar.grades.models import GradeSheet

    from .events import grades_published

    return grades_published(sheets=GradeSheet.objects.filter(pk__in=sheet_ids),
                            published_at=_datetime.datetime.fromisoformat(published_at))
