"""On a phone: a teacher opens the lesson log from the menu, picks today's session of their week, writes what was
done and homework due in two days (a due date before the session is first refused, naming it); the student finds
it under "Homework" in their menu, and so does the parent."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from massar.staff.models import Position
from massar.testing import factories as make
from massar.testing.browser import sign_in
from massar.testing.school_life import todays_session
from massar.timetable.models import LessonLog

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def classroom(db):
    make.school_year()
    school = make.school()
    school_class = make.school_class(school_=school)
    teacher = make.staff(position=Position.TEACHER, school_=school)
    make.teach(teacher=teacher, school_class=school_class)
    student = make.student(in_class=school_class, first_name_latin="Amine")
    guardian = make.guardian(children=(student,))
    lesson, day = todays_session(school_class, teacher)
    return {"teacher": make.account(teacher), "student": make.account(student), "parent": make.account(guardian),
            "lesson": lesson, "day": day}


def from_menu(page: Page, link: str) -> None:
    page.locator("details.menu > summary").click()
    page.locator("details.menu nav").get_by_role("link", name=link, exact=True).click()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser_context_args(locale="en", viewport=PHONE)
def test_a_teacher_writes_homework_on_a_phone_and_the_student_and_parent_see_it(page: Page, live_server,
                                                                                classroom):
    lesson, day = classroom["lesson"], classroom["day"]
    due = day + datetime.timedelta(days=2)
    sign_in(page, live_server.url, classroom["teacher"].username)
    from_menu(page, "Lesson log")
    expect(page.locator("h1")).to_contain_text("Lesson log")
    fits_the_phone(page)
    page.locator(f'a[href$="/teacher/lessons/{lesson.pk}/{day.isoformat()}/"]').click()
    expect(page.locator("h1")).to_contain_text("Mathematics")
    fits_the_phone(page)
    page.fill("#log-content", "Suites numériques : définition et premiers exemples.")
    page.fill("#log-homework", "Exercices 4 à 7 page 52")
    page.locator("#log-due").evaluate("(input) => input.removeAttribute('min')")  # as an old phone would send it
    page.fill("#log-due", day.isoformat())
    page.click("form.log-form button[type=submit]")
    expect(page.locator("#log-error")).to_contain_text("due after the session")
    expect(page.locator("#log-due")).to_have_attribute("aria-invalid", "true")
    assert not LessonLog.objects.exists()
    page.fill("#log-due", due.isoformat())
    page.click("form.log-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Lesson log saved.")
    expect(page.locator(".session-list")).to_contain_text("Written, with homework")
    assert LessonLog.objects.get().homework_due_on == due

    page.context.clear_cookies()
    sign_in(page, live_server.url, classroom["student"].username)
    from_menu(page, "Homework")
    expect(page.locator("h1")).to_have_text("Homework")
    expect(page.locator(".homework")).to_contain_text("Exercices 4 à 7 page 52")
    expect(page.locator(".homework")).to_contain_text("Mathematics")
    fits_the_phone(page)

    page.context.clear_cookies()
    sign_in(page, live_server.url, classroom["parent"].username)
    from_menu(page, "Homework")
    expect(page.locator(".homework-of h2")).to_contain_text("Amine")
    expect(page.locator(".homework")).to_contain_text("Exercices 4 à 7 page 52")
    fits_the_phone(page)
    from_menu(page, "Calendar")
    expect(page.locator("h1")).to_have_text("Calendar")
    expect(page.locator(".calendar-dates.periods")).to_contain_text("Semester 1")
    fits_the_phone(page)
