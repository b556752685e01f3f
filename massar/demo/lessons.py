"""The demo's lesson log and school calendar: the showcase class's last week of sessions written up by their
teachers, a few with homework due in the coming days (so the demo student and their parents see "Homework"
filled whatever the day the demo is seeded), and the Moroccan school year's holidays and public holidays.

Fixed-date public holidays follow the year; the holidays of the ministry's calendar and the Islamic holidays
(which move with the lunar calendar) are approximate, given for 2026/2027 only. Throne Day (30 July) and the
Revolution of the King and the People (20 August) fall in the summer holidays: outside the school year."""

import datetime

from massar.core.models import SchoolYear
from massar.schools.models import School, SchoolClass
from massar.timetable.models import CalendarEvent, CalendarEventKind, CalendarScope, Lesson, LessonLog

from .school_life import SHOWCASE_CLASS, SHOWCASE_SCHOOL

HOLIDAY, DAY_OFF = CalendarEventKind.HOLIDAY, CalendarEventKind.DAY_OFF
# (kind, Arabic, French, English, (month, day) of the start, (month, day) of the end); September–December
# of the year's first calendar year, January–June of the second.
FIXED = (
    (DAY_OFF, "ذكرى المسيرة الخضراء", "Anniversaire de la Marche verte", "Green March Day", (11, 6), (11, 6)),
    (DAY_OFF, "عيد الاستقلال", "Fête de l'Indépendance", "Independence Day", (11, 18), (11, 18)),
    (DAY_OFF, "فاتح السنة الميلادية", "Nouvel An", "New Year's Day", (1, 1), (1, 1)),
    (DAY_OFF, "ذكرى تقديم وثيقة الاستقلال", "Manifeste de l'Indépendance", "Independence Manifesto Day",
     (1, 11), (1, 11)),
    (DAY_OFF, "رأس السنة الأمازيغية", "Nouvel An amazigh", "Amazigh New Year", (1, 14), (1, 14)),
    (DAY_OFF, "عيد الشغل", "Fête du Travail", "Labour Day", (5, 1), (5, 1)),
)
# The ministry's breaks and the Islamic holidays of 2026/2027 (approximate dates).
BY_YEAR = {
    2026: (
        (HOLIDAY, "العطلة البينية الأولى", "Vacances d'automne", "Autumn break", (2026, 10, 25), (2026, 11, 1)),
        (HOLIDAY, "العطلة البينية الثانية", "Vacances d'hiver", "Winter break", (2026, 12, 6), (2026, 12, 13)),
        (HOLIDAY, "عطلة منتصف السنة الدراسية", "Vacances de mi-année", "Mid-year break",
         (2027, 1, 24), (2027, 1, 31)),
        (DAY_OFF, "عيد الفطر", "Aïd al-Fitr", "Eid al-Fitr", (2027, 3, 9), (2027, 3, 11)),
        (HOLIDAY, "العطلة البينية الثالثة", "Vacances de printemps", "Spring break", (2027, 3, 21), (2027, 3, 28)),
        (HOLIDAY, "العطلة البينية الرابعة", "Vacances de mai", "May break", (2027, 5, 2), (2027, 5, 9)),
        (DAY_OFF, "عيد الأضحى", "Aïd al-Adha", "Eid al-Adha", (2027, 5, 16), (2027, 5, 18)),
        (DAY_OFF, "فاتح محرم", "Nouvel An de l'Hégire", "Islamic New Year", (2027, 6, 6), (2027, 6, 6)),
    ),
}

CONTENT = {
    "MATH": ("Suites numériques : suites arithmétiques et géométriques, exemples.", "Exercices 4, 5 et 7 page 52."),
    "PC": ("Ondes mécaniques progressives : célérité, retard temporel.", "Exercice 2 page 31 et le QCM."),
    "SVT": ("Consommation de la matière organique : la respiration cellulaire.", "Résumé du cours, schéma 3."),
    "PHILO": ("La personne : identité et conscience.", "Lire le texte de Locke et répondre aux questions."),
    "AR": ("درس النصوص: قراءة في قصيدة حديثة.", "تحضير النص الموالي."),
    "FR": ("Le Dernier Jour d'un condamné : chapitres 1 à 10.", "Lire les chapitres 11 à 20."),
    "EN": ("Unit 3: education, reading and vocabulary.", "Workbook page 40, exercises A and B."),
}


def demo_calendar_seed(*, year: SchoolYear) -> int:
    """The national calendar of `year` and a parents' meeting of the showcase school."""
    first = year.starts_on.year
    rows = []
    for kind, ar, fr, en, start, end in FIXED:
        calendar_year = first if start[0] >= 9 else first + 1
        rows.append(CalendarEvent(school_year=year, scope=CalendarScope.NATIONAL, kind=kind, name_ar=ar, name_fr=fr,
                                  name_en=en, starts_on=datetime.date(calendar_year, *start),
                                  ends_on=datetime.date(calendar_year, *end)))
    for kind, ar, fr, en, (y1, m1, d1), (y2, m2, d2) in BY_YEAR.get(first, ()):
        rows.append(CalendarEvent(school_year=year, scope=CalendarScope.NATIONAL, kind=kind, name_ar=ar, name_fr=fr,
                                  name_en=en, starts_on=datetime.date(y1, m1, d1), ends_on=datetime.date(y2, m2, d2)))
    school = School.objects.filter(code=SHOWCASE_SCHOOL).first()
    if school is not None:
        meeting = datetime.date(first + 1, 2, 13)
        rows.append(CalendarEvent(school_year=year, scope=CalendarScope.SCHOOL, school=school,
                                  kind=CalendarEventKind.SCHOOL_EVENT, name_ar="اجتماع الآباء والأمهات",
                                  name_fr="Réunion des parents", name_en="Parents' meeting",
                                  starts_on=meeting, ends_on=meeting))
    rows = [row for row in rows if year.starts_on <= row.starts_on and row.ends_on <= year.ends_on]
    CalendarEvent.objects.bulk_create(rows)
    return len(rows)


def demo_lesson_log_seed(*, year: SchoolYear, today: datetime.date) -> int:
    """The showcase class's sessions of the last seven days written up; the last session of each of its first
    four subjects gives homework due on one of the next days (never a Sunday)."""
    school_class = SchoolClass.objects.filter(school__code=SHOWCASE_SCHOOL, school_year=year,
                                              code=SHOWCASE_CLASS).first()
    if school_class is None:
        return 0
    lessons = list(Lesson.objects.filter(school_class=school_class).select_related("subject", "teacher")
                   .order_by("day", "slot"))
    written: list[LessonLog] = []
    with_homework: set[str] = set()
    for back in range(1, 8):
        on = today - datetime.timedelta(days=back)
        for lesson in (lesson for lesson in lessons if lesson.day == on.isoweekday()):
            content, homework = CONTENT.get(lesson.subject.code, ("Cours et exercices d'application.", "Réviser."))
            log = LessonLog(lesson=lesson, date=on, school_class=school_class, subject=lesson.subject,
                            content=content)
            if lesson.subject.code not in with_homework and len(with_homework) < 4:
                due = today + datetime.timedelta(days=1 + len(with_homework))
                if due.isoweekday() == 7:
                    due += datetime.timedelta(days=1)
                log.homework, log.homework_due_on = homework, due
                with_homework.add(lesson.subject.code)
            written.append(log)
    LessonLog.objects.bulk_create(written)
    return len(written)
