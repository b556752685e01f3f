"""Orientation work done outside the web request: an assignment run (its progress is saved on the run itself,
students_done / students_total, for the council's page) and telling families once a run is published."""

from django.tasks import task
from django.utils import timezone


@task()
def orientation_run_task(run_id: int) -> int:
    """Assign the students of run `run_id`; returns how many were assigned. A failure is recorded on the run
    (state failed, with the error) and nothing of its outcome is written."""
    from .models import AssignmentRun, RunState
    from .runs import OrientationAssigner

    run = AssignmentRun.objects.select_related("window__school_year").get(pk=run_id)
    if run.state not in (RunState.QUEUED, RunState.RUNNING):
        return 0  # a retried task of a run already finished
    try:
        done = OrientationAssigner(run).run()
    except Exception as error:
        AssignmentRun.objects.filter(pk=run_id).update(state=RunState.FAILED, error=str(error)[:300],
                                                       finished_at=timezone.now())
        raise
    return done.students_total


@task()
def orientation_notify_task(run_id: int) -> int:
    from .council import orientation_run_notify

    return orientation_run_notify(run_id=run_id)
