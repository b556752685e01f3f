"""The orientation council's acts on an assignment run (scopes_runs.py says who the council is):

- `orientation_run_start`: queue the assignment of a closed window over an academy or the nation, with a
  recorded seed (the background task runs runs.OrientationAssigner);
- `orientation_assignment_override`: change one student's pre-selection, with a mandatory reason, kept in the
  append-only audit (AssignmentOverride) and shown to the student once published;
- `orientation_run_publish`: publish the decisions; students and parents are told in their outbox.
Nothing is visible to students or parents before publication (scopes_runs.py).
"""

import datetime
import secrets
from itertools import batched

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Conflict, Invalid, Refused
from massar.core.roles import Role
from massar.schools.models import Academy

from .models import (
    Assignment,
    AssignmentOverride,
    AssignmentRun,
    OfferResult,
    OrientationWindow,
    RunState,
    StreamOffer,
)
from .run_errors import RunErrorCode
from .scopes_runs import runs_owned_by

REASON_MAX = 300
BUSY = (RunState.QUEUED, RunState.RUNNING)
# A run still queued or running this long after it started lost its worker (a restart, a crash): it no longer
# blocks a new run, and is marked failed when one starts. A national run takes minutes, not hours.
ABANDONED_AFTER = datetime.timedelta(hours=6)


def _published_over(run_window: OrientationWindow, academy: Academy | None) -> bool:
    """Is the window's assignment already published for this territory (or a territory overlapping it)?"""
    published = AssignmentRun.objects.filter(window=run_window, state=RunState.PUBLISHED)
    if academy is None:
        return published.exists()
    return published.filter(academy__isnull=True).exists() or published.filter(academy=academy).exists()


def _may_run(actor: User, academy: Academy | None) -> bool:
    if actor.is_superuser or actor.role == Role.MINISTRY_OFFICER:
        return True
    staff = actor.staff_member if actor.staff_member_id else None
    return (actor.role == Role.ACADEMY_OFFICER and academy is not None and staff is not None
            and staff.academy_id == academy.pk)


@transaction.atomic
def orientation_run_start(*, actor: User, window: OrientationWindow, academy: Academy | None = None,
                          seed: int | None = None) -> AssignmentRun:
    """Queue the assignment of `window` over `academy` (None: the nation; an academy's window: that academy).
    The seed of the tie-break numbers is drawn now and recorded (or given, to redo a run exactly)."""
    from .tasks import orientation_run_task

    window = OrientationWindow.objects.select_for_update(of=("self",)).select_related("academy").get(pk=window.pk)
    if window.academy_id is not None:
        if academy is not None and academy.pk != window.academy_id:
            raise Invalid(RunErrorCode.OUTSIDE_WINDOW, _("This window was opened by another academy."),
                          field="academy")
        academy = window.academy
    if not _may_run(actor, academy):
        raise Refused(RunErrorCode.NOT_YOURS, _("Only the orientation council of this territory runs its "
                                                "assignment."))
    if window.closes_at > timezone.now():
        raise Invalid(RunErrorCode.WINDOW_OPEN, _("The window is still open: students may still change their "
                                                  "wishes."), field="window")
    if _published_over(window, academy):
        raise Conflict(RunErrorCode.ALREADY_PUBLISHED, _("The assignment of this window is already published."))
    busy = AssignmentRun.objects.filter(window=window, academy=academy, state__in=BUSY)
    busy.filter(started_at__lt=timezone.now() - ABANDONED_AFTER).update(
        state=RunState.FAILED, error="Abandoned: no progress from its worker.", finished_at=timezone.now())
    if busy.exists():
        raise Conflict(RunErrorCode.RUN_IN_PROGRESS, _("An assignment of this window is already running."))
    run = AssignmentRun.objects.create(window=window, academy=academy, started_by=actor,
                                       seed=secrets.randbelow(2**62) if seed is None else seed)
    transaction.on_commit(lambda: orientation_run_task.enqueue(run.pk))
    return run


def _owned_run(actor: User, run_id: int) -> AssignmentRun:
    run = AssignmentRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or not runs_owned_by(actor).filter(pk=run_id).exists():
        raise Refused(RunErrorCode.NOT_YOURS, _("Only the orientation council of this run decides on it."))
    return run


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(RunErrorCode.REASON_REQUIRED, _("Say why the council changes this decision."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(RunErrorCode.REASON_TOO_LONG, _("The reason is longer than 300 characters."), field="reason")
    return reason


@transaction.atomic
def orientation_assignment_override(*, actor: User, assignment: Assignment, offer: StreamOffer | None,
                                    reason: str) -> AssignmentOverride:
    """The council places the student in `offer` (None: no stream) instead of the current decision, before
    publication. The reason is required; the change is logged (who, when, from, to, why)."""
    run = _owned_run(actor, assignment.run_id)
    if run.state != RunState.DONE:
        raise Invalid(RunErrorCode.WRONG_STATE, _("Only a pre-selection that is ready and not yet published can be "
                                                  "changed."))
    reason = clean_reason(reason)
    if offer is not None and not OfferResult.objects.filter(run=run, offer=offer).exists():
        raise Invalid(RunErrorCode.UNKNOWN_OFFER, _("This stream is not part of this assignment."), field="offer")
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.decided_id == (offer.pk if offer else None):
        raise Invalid(RunErrorCode.SAME_DECISION, _("This is already the decision."), field="offer")
    override = AssignmentOverride.objects.create(assignment=assignment, old_id=assignment.decided_id, new=offer,
                                                 reason=reason, actor=actor)
    assignment.decided = offer
    assignment.save(update_fields=["decided"])
    return override


@transaction.atomic
def orientation_run_publish(*, actor: User, run: AssignmentRun) -> AssignmentRun:
    """Publish the council's decisions of `run`; its students and their parents are told once committed."""
    from .tasks import orientation_notify_task

    run = _owned_run(actor, run.pk)
    if run.state != RunState.DONE:
        raise Invalid(RunErrorCode.WRONG_STATE, _("Only a pre-selection that is ready can be published."))
    if _published_over(run.window, run.academy):
        raise Conflict(RunErrorCode.ALREADY_PUBLISHED, _("The assignment of this window is already published."))
    run.state, run.published_by, run.published_at = RunState.PUBLISHED, actor, timezone.now()
    run.save(update_fields=["state", "published_by", "published_at"])
    transaction.on_commit(lambda: orientation_notify_task.enqueue(run.pk))
    return run


def orientation_run_notify(*, run_id: int) -> int:
    """Each student of a published run and their linked parents are told in their outbox (then by e-mail or
    push as each chose): the orientation result is published, here is where to read it. One message per
    student and run, whatever the retries. Returns how many messages were made."""
    from django.urls import reverse
    from django.utils.translation import gettext_noop

    from massar.notifications.models import Kind
    from massar.notifications.parts import part, person_names
    from massar.notifications.services import ChildNews, notifications_emit_about
    from massar.notifications.services.emit import ROUND
    from massar.students.models import Student

    run = AssignmentRun.objects.get(pk=run_id, state=RunState.PUBLISHED)
    students = Student.objects.filter(orientation_assignments__run=run).order_by("pk")
    made = 0
    for page in batched(students.iterator(chunk_size=ROUND), ROUND):
        made += len(notifications_emit_about(kind=Kind.ORIENTATION_RESULT, news=[ChildNews(
            student=student, dedupe_key=f"orientation:{run.pk}:{student.pk}",
            title=part(gettext_noop("Orientation of %(name)s"), name=person_names(student)),
            body=part(gettext_noop("The orientation result is published, with its explanation.")),
            link=reverse("portals:orientation_result_mine"),
            parents_link=reverse("portals:orientation_result_child", kwargs={"massar_code": student.massar_code}))
            for student in page]))
    return made
