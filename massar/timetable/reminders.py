"""The "homework due tomorrow" reminders: on the evening before a due date, one message per student who has homework due
and per linked parent, for those who opted in (the kind is muted unless chosen: notifications' preferences).

`homework_reminders_send` runs from `manage.py homework_reminders` (every ten minutes in the demo, from the
scheduler in production); before `REMINDER_FROM` it does nothing, after it it sends tomorrow's reminders. It is
idempotent: the message's key is the student and the due date (`homework:<student id>:<date>`), so a second
run, or a run on another worker, tells nobody twice. Homework written after a student's reminder went out that
evening is not announced again: it is on the Homework page.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from massar.notifications.models import Channel, Kind, Preference
from massar.notifications.parts import names, part, person_names
from massar.notifications.services.emit import ChildNews, notifications_emit_about
from massar.students.models import Enrolment, EnrolmentStatus

from .models import LessonLog

REMINDER_FROM = datetime.time(18, 0)  # Morocco's time: the evening before
USEFUL_UNTIL = datetime.time(8, 0)  # not pushed once the due day's first lesson has begun


def _opted_in_students(student_ids: list[int]) -> set[int]:
    """Among `student_ids`, those whose own account or a linked parent's chose a channel for homework (one
    query): only they can receive anything, so the others cost nothing."""
    User = get_user_model()
    chosen = Preference.objects.filter(kind=Kind.HOMEWORK_DUE).exclude(channel=Channel.MUTED).values("account_id")
    rows = User.objects.filter(pk__in=chosen, is_active=True).filter(
        Q(student_id__in=student_ids) | Q(guardian__student_links__student_id__in=student_ids)).values_list(
        "student_id", "guardian__student_links__student_id")
    return {own or linked for own, linked in rows} & set(student_ids)


def homework_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Tomorrow's reminders, once it is evening (Morocco's time). Returns how many messages it created."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < REMINDER_FROM:
        return 0
    due_on = local.date() + datetime.timedelta(days=1)
    logs = list(LessonLog.objects.filter(homework_due_on=due_on).exclude(homework="")
                .select_related("subject").order_by("subject__code", "date"))
    by_class: dict[int, list[LessonLog]] = {}
    for log in logs:
        by_class.setdefault(log.school_class_id, []).append(log)
    enrolments = list(Enrolment.objects.filter(school_class_id__in=list(by_class), status=EnrolmentStatus.ACTIVE)
                      .select_related("student").order_by("student_id"))
    wanted = _opted_in_students([enrolment.student_id for enrolment in enrolments])
    useful_until = timezone.make_aware(datetime.datetime.combine(due_on, USEFUL_UNTIL),
                                       timezone.get_current_timezone())
    news = []
    for enrolment in enrolments:
        student = enrolment.student
        if student.pk not in wanted:
            continue
        subjects: list[dict[str, str]] = []
        for log in by_class[enrolment.school_class_id]:
            if names(log.subject) not in subjects:
                subjects.append(names(log.subject))
        news.append(ChildNews(
            student=student, dedupe_key=f"homework:{student.pk}:{due_on.isoformat()}",
            title=part(gettext_noop("Homework due tomorrow for %(name)s"), name=person_names(student)),
            body=part(gettext_noop("Due on %(date)s: %(subjects)s."), date={"date": due_on.isoformat()},
                      subjects={"list": subjects}),
            link=reverse("portals:homework_mine"),
            parents_link=reverse("portals:homework_child", kwargs={"massar_code": student.massar_code}),
            useful_until=useful_until))
    return len(notifications_emit_about(kind=Kind.HOMEWORK_DUE, news=news, now=now))
