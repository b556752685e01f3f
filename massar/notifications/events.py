"""Events of other domains turned into messages, one function per event. A domain calls the function of its
event after its own write (in the same transaction): the messages exist exactly when the event happened."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from massar.grades.models import GradeSheet, SheetStatus
from massar.students.models import Enrolment, EnrolmentStatus

from .models import Kind, Notification
from .parts import names, part, person_names
from .services.emit import ChildNews, notifications_emit_about


def grades_published(*, sheets: Iterable[GradeSheet], published_at: datetime.datetime) -> int:
    """One message per child for one publication (never one per mark or per subject): "new grades in
    mathematics, physics" to the student from `published_at`, and to each linked parent from the sheets'
    `parents_see_from` (the year's parents' delay; until then the parent's message is not shown nor sent).
    Only sheets published at `published_at` count (a sheet left unpublished by the call is not announced).
    Calling it again for the same publication sends nothing more. Returns how many messages it created.

    The publication itself calls `grades_published_later`, which runs this in a task once it commits.
    """
    published = list(GradeSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets], status=SheetStatus.PUBLISHED,
                                               published_at=published_at)
                     .select_related("subject", "semester").order_by("subject__code"))
    if not published:
        return 0
    by_class: dict[int, list[GradeSheet]] = {}
    for sheet in published:
        by_class.setdefault(sheet.school_class_id, []).append(sheet)
    enrolments = list(Enrolment.objects.filter(school_class_id__in=list(by_class), status=EnrolmentStatus.ACTIVE)
                      .select_related("student").order_by("student_id"))
    stamp = published_at.isoformat()
    news = []
    for enrolment in enrolments:
        student, class_sheets = enrolment.student, by_class[enrolment.school_class_id]
        semester = class_sheets[0].semester
        news.append(ChildNews(
            student=student, dedupe_key=f"grades:{student.pk}:{stamp}",
            title=part(gettext_noop("New grades for %(name)s"), name=person_names(student)),
            body=part(gettext_noop("Published for %(semester)s: %(subjects)s."),
                      semester={"text": "Semester 1" if semester.number == 1 else "Semester 2"},
                      subjects={"list": [names(sheet.subject) for sheet in class_sheets]}),
            link=reverse("portals:grades_mine"), visible_from=published_at,
            parents_visible_from=max(sheet.parents_see_from or published_at for sheet in class_sheets),
            parents_link=reverse("portals:grades_child", kwargs={"massar_code": student.massar_code})))
    return len(notifications_emit_about(kind=Kind.GRADES_PUBLISHED, news=news, now=published_at))


def grades_published_later(*, sheets: Iterable[GradeSheet], published_at: datetime.datetime) -> None:
    """`grades_published` in a background task queued when the publishing transaction commits (nothing is
    queued if it rolls back): the one line `grade_sheets_publish` needs."""
    from .tasks import grades_published_task

    ids = [sheet.pk for sheet in sheets]
    transaction.on_commit(lambda: grades_published_task.enqueue(ids, published_at.isoformat()))


def grades_withdrawn(*, sheet: GradeSheet, published_at: datetime.datetime,
                     now: datetime.datetime | None = None) -> int:
    """A sheet taken back before parents could see it: the parents' messages of that publication that are not
    shown yet name only the sheets still published (or go, when none is left), so that a parent is never told
    of grades they cannot read. Messages already shown (the student's) stay as they are: the student saw them.
    Returns how many messages changed or went.

    `grade_sheets_withdraw` calls it with the sheet and its `published_at` before the withdrawal."""
    now = now or timezone.now()
    stamp = published_at.isoformat()
    remaining = list(GradeSheet.objects.filter(school_class_id=sheet.school_class_id, published_at=published_at,
                                               status=SheetStatus.PUBLISHED).exclude(pk=sheet.pk)
                     .select_related("subject", "semester").order_by("subject__code"))
    student_ids = Enrolment.objects.filter(school_class_id=sheet.school_class_id).values_list("student_id", flat=True)
    pending = Notification.objects.filter(kind=Kind.GRADES_PUBLISHED, visible_from__gt=now,
                                          dedupe_key__in=[f"grades:{sid}:{stamp}" for sid in student_ids])
    if not remaining:
        deleted, _by_model = pending.delete()
        return deleted
    body = part(gettext_noop("Published for %(semester)s: %(subjects)s."),
                semester={"text": "Semester 1" if remaining[0].semester.number == 1 else "Semester 2"},
                subjects={"list": [names(s.subject) for s in remaining]})
    return pending.update(body=body)
