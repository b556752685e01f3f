"""The teacher's grid by keyboard, and its promise that a mark typed is never lost: a whole row typed with
Tab, the absence tick reached only by its key (never by Tab, never by a space), an out-of-range mark refused
in place and listed, a save that fails kept on screen and sent again, a cell changed while its save is under
way saved with its newest value."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, Route, expect

from massar.grades.models import GradeSheet, Mark, StudentRemark
from massar.testing.browser import grid_ready, sign_in
from massar.testing.grades import grading_school, sheet_args

SAVED = re.compile(r"\bsaved\b")
INVALID = re.compile(r"\binvalid\b")
UNSAVED = re.compile(r"\bunsaved\b")


@pytest.fixture
def school(db):
    return grading_school()


def open_grid(page: Page, base: str, school: dict) -> GradeSheet:
    sign_in(page, base, school["teacher"].username)
    args = sheet_args(school["class"])
    page.goto(f"{base}/teacher/grades/{args['class_id']}/{args['subject']}/s{args['semester']}/")
    expect(page.locator("h1")).to_contain_text("Grade sheet")
    grid_ready(page)
    return GradeSheet.objects.get(school_class=school["class"])


def marks_of(sheet: GradeSheet, student) -> dict[int, tuple[Decimal | None, bool]]:
    return {slot: (value, absent) for slot, value, absent
            in Mark.objects.filter(sheet=sheet, student=student).values_list("slot", "value", "absent")}


@pytest.mark.browser_context_args(locale="en")
def test_a_whole_row_typed_with_tab_is_saved_and_the_mark_out_of_range_is_refused(page: Page, live_server, school):
    first, second = school["first"], school["second"]
    sheet = open_grid(page, live_server.url, school)
    assert sheet.tests_count == 3
    # The columns say which test each is.
    headers = page.locator("#grade-grid thead th").all_inner_texts()
    assert headers[2:] == ["Test 1", "Test 2", "Test 3", "Activities", "Remark", "Average"]

    page.locator(f"#mark-{first.pk}-1").click()
    row = [("14,75", f"#mark-{first.pk}-2"), ("21", f"#mark-{first.pk}-3"), ("12", f"#mark-{first.pk}-0"),
           ("16.5", f"#remark-input-{first.pk}"), ("Bon travail", f"#mark-{second.pk}-1")]
    for typed, next_cell in row:  # Tab goes from mark to mark: never to an absence tick
        page.keyboard.type(typed)
        page.keyboard.press("Tab")
        expect(page.locator(next_cell)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator(f"#remark-input-{first.pk}")).to_be_focused()

    for slot in (1, 3, 0):
        expect(page.locator(f"#cell-{first.pk}-{slot}")).to_have_class(SAVED)
    expect(page.locator(f"#remark-{first.pk}")).to_have_class(SAVED)
    refused = page.locator(f"#cell-{first.pk}-2")
    expect(refused).to_have_class(INVALID)
    expect(refused).to_contain_text("A mark is between 0 and 20 (got 21).")
    expect(page.locator(f"#mark-{first.pk}-2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#mark-{first.pk}-2")).to_have_value("21")  # what was typed stays, to correct
    problems = page.locator("#grid-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("Test 2")
    expect(problems).to_contain_text(first.full_name_latin)
    # Nothing lost, nothing invented: every value on screen, the refused one not saved as a mark.
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("14,75")
    expect(page.locator(f"#mark-{first.pk}-3")).to_have_value("12,00")
    expect(page.locator(f"#mark-{first.pk}-0")).to_have_value("16,50")
    expect(page.locator(f"#remark-input-{first.pk}")).to_have_value("Bon travail")
    assert marks_of(sheet, first) == {1: (Decimal("14.75"), False), 3: (Decimal("12.00"), False),
                                      0: (Decimal("16.50"), False)}
    assert StudentRemark.objects.get(sheet=sheet, student=first).text == "Bon travail"
    assert not Mark.objects.filter(sheet=sheet, student=second).exists()

    # Submitting is held back while a cell is refused; corrected, the list empties.
    page.get_by_role("button", name="Submit").click()  # the alert is dismissed by Playwright
    expect(page.locator(f"#mark-{first.pk}-2")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("17")
    page.keyboard.press("Enter")  # Enter: the same test, next student
    expect(page.locator(f"#mark-{second.pk}-2")).to_be_focused()
    expect(refused).to_have_class(SAVED)
    expect(problems).to_be_hidden()
    assert marks_of(sheet, first)[2] == (Decimal("17.00"), False)
    assert GradeSheet.objects.get(pk=sheet.pk).status == "draft"


@pytest.mark.browser_context_args(locale="en")
def test_the_key_a_ticks_the_absence_and_a_space_never_does(page: Page, live_server, school):
    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    tick = page.locator(f"#absent-{first.pk}-1")
    cell = page.locator(f"#cell-{first.pk}-1")

    page.locator(f"#mark-{first.pk}-1").click()
    page.keyboard.press("a")
    expect(tick).to_be_checked()
    expect(cell).to_have_class(SAVED)
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("")  # the key is not typed into the mark
    assert marks_of(sheet, first) == {1: (None, True)}
    page.keyboard.press("a")
    expect(tick).not_to_be_checked()
    expect(cell).to_have_class(SAVED)
    assert marks_of(sheet, first) == {1: (None, False)}

    # A space typed in a mark is not an absence; nor is a space on a tick the teacher clicked.
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(tick).not_to_be_checked()
    tick.click()
    expect(tick).to_be_checked()
    expect(cell).to_have_class(SAVED)
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    expect(tick).to_be_checked()
    assert marks_of(sheet, first) == {1: (None, True)}


@pytest.mark.browser_context_args(locale="en")
def test_a_save_that_fails_stays_visible_and_is_sent_again(page: Page, live_server, school):
    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    page.route("**/cell/", lambda route: route.abort("internetdisconnected"))

    page.locator(f"#mark-{first.pk}-1").click()
    page.keyboard.type("13")
    page.keyboard.press("Tab")
    cell = page.locator(f"#cell-{first.pk}-1")
    expect(cell).to_have_class(UNSAVED)
    expect(cell).to_contain_text("Not saved")
    expect(page.locator("#grid-problems")).to_contain_text("Test 1")
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("13")
    assert not Mark.objects.filter(sheet=sheet).exists()

    page.unroute("**/cell/")  # the connection is back: the cell is sent again by itself
    expect(cell).to_have_class(SAVED, timeout=10_000)
    expect(page.locator("#grid-problems")).to_be_hidden()
    assert marks_of(sheet, first) == {1: (Decimal("13.00"), False)}


@pytest.mark.browser_context_args(locale="en")
def test_a_cell_changed_while_its_save_is_under_way_keeps_its_newest_value(page: Page, live_server, school):
    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    held: list[Route] = []
    page.route("**/cell/", lambda route: held.append(route) if not held else route.continue_())

    mark = page.locator(f"#mark-{first.pk}-1")
    mark.click()
    page.keyboard.type("12")
    page.keyboard.press("Tab")  # its save is held on the way
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("13")  # still typing in the cell when the first answer comes back
    page.wait_for_timeout(200)
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator(f"#cell-{first.pk}-1")).not_to_have_class(re.compile(r"\bsaving\b"))
    expect(mark).to_have_value("13")  # the answer for 12 did not overwrite what is being typed
    expect(mark).to_be_focused()
    page.keyboard.type(",5")
    page.keyboard.press("Tab")

    expect(page.locator(f"#cell-{first.pk}-1")).to_have_class(SAVED)
    expect(mark).to_have_value("13,50")
    assert marks_of(sheet, first) == {1: (Decimal("13.50"), False)}


@pytest.mark.browser_context_args(locale="en")
def test_a_cell_left_again_while_its_save_is_under_way_is_saved_once_more(page: Page, live_server, school):
    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    held: list[Route] = []
    page.route("**/cell/", lambda route: held.append(route) if not held else route.continue_())

    mark = page.locator(f"#mark-{first.pk}-1")
    mark.click()
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("13")
    page.keyboard.press("Tab")  # changed and left again while the first save is under way
    page.wait_for_timeout(200)
    assert len(held) == 1
    held[0].continue_()  # the first answer comes back; the newest value goes after it

    expect(page.locator(f"#cell-{first.pk}-1")).to_have_class(SAVED)
    expect(mark).to_have_value("13,00")
    assert marks_of(sheet, first) == {1: (Decimal("13.00"), False)}


@pytest.mark.browser_context_args(locale="ar", viewport={"width": 390, "height": 844})
def test_on_a_phone_my_classes_and_the_grid_fit_the_screen_and_a_tap_ticks_the_absence(page: Page, live_server,
                                                                                       school):
    first = school["first"]
    sign_in(page, live_server.url, school["teacher"].username)
    page.goto(f"{live_server.url}/teacher/grades/")
    expect(page.locator("[data-semester='1'] .badge")).to_have_text("لم تبدأ بعد")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("[data-semester='1'] a").click()
    grid_ready(page)
    expect(page.locator(f"#mark-{first.pk}-1")).to_be_visible()
    # The page does not scroll sideways: the grid scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("(() => { const box = document.querySelector('.grid-scroll');"
                         " return box.scrollWidth > box.clientWidth; })()")
    page.locator(f"#absent-{first.pk}-1").click()
    # A save's answer, given time on a loaded machine (the whole suite at once on two cores once took over 5 s).
    expect(page.locator(f"#cell-{first.pk}-1")).to_have_class(SAVED, timeout=15_000)
    sheet = GradeSheet.objects.get(school_class=school["class"])
    assert marks_of(sheet, first) == {1: (None, True)}


@pytest.mark.browser_context_args(locale="en")
def test_a_mark_typed_after_the_sheet_was_submitted_elsewhere_stays_on_screen_not_saved(page: Page, live_server,
                                                                                       school):
    from massar.grades.services import grade_sheet_submit

    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    grade_sheet_submit(sheet=sheet, actor=school["teacher"])  # from another tab, say

    page.locator(f"#mark-{first.pk}-1").click()
    page.keyboard.type("15")
    page.keyboard.press("Tab")
    expect(page.locator(f"#cell-{first.pk}-1")).to_have_class(UNSAVED)
    expect(page.locator(f"#cell-{first.pk}-1")).to_contain_text("can no longer be changed")
    expect(page.locator(f"#mark-{first.pk}-1")).to_have_value("15")
    expect(page.locator("#grid-problems")).to_contain_text("Test 1")
    assert not Mark.objects.filter(sheet=sheet).exists()
