"""Two tabs of the same teacher on one sheet: the later save against a cell the other tab changed meanwhile is
refused and shown with what the cell now holds ("changed meanwhile to 12,50"); the teacher keeps theirs or takes
that one. Nothing is replaced silently."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from massar.grades.models import Mark
from massar.testing.browser import grid_ready

from .test_grid_keyboard import SAVED, open_grid, school  # noqa: F401 (the fixture)

INVALID = re.compile(r"\binvalid\b")


@pytest.mark.browser_context_args(locale="en")
def test_a_cell_changed_in_another_tab_is_never_replaced_blindly(page: Page, live_server, school):  # noqa: F811
    first = school["first"]
    sheet = open_grid(page, live_server.url, school)
    other = page.context.new_page()  # the same session, a second tab opened on the same sheet
    other.goto(page.url)
    grid_ready(other)
    cell = f"#mark-{first.pk}-1"

    other.locator(cell).fill("12,5")
    other.locator(cell).press("Tab")
    expect(other.locator(f"#cell-{first.pk}-1")).to_have_class(SAVED)

    page.locator(cell).fill("14")  # this tab still shows the cell empty, as it read it
    page.locator(cell).press("Tab")
    stale = page.locator(f"#cell-{first.pk}-1")
    expect(stale).to_have_class(INVALID)
    expect(stale).to_contain_text(re.compile(r"Changed meanwhile to 12[.,]50"))  # the page's separator
    expect(page.locator(cell)).to_have_value("14")  # mine stays on screen
    assert Mark.objects.get(sheet=sheet, student=first, slot=1).value == Decimal("12.50")

    stale.get_by_role("button", name="Keep mine").click()
    expect(stale).to_have_class(SAVED)
    assert Mark.objects.get(sheet=sheet, student=first, slot=1).value == Decimal("14.00")

    # The other tab, now behind, is told in turn; it takes the value saved meanwhile instead.
    other.locator(cell).fill("13")
    other.locator(cell).press("Tab")
    behind = other.locator(f"#cell-{first.pk}-1")
    expect(behind).to_contain_text(re.compile(r"Changed meanwhile to 14[.,]00"))
    behind.get_by_role("button", name="Take this one").click()
    expect(other.locator(cell)).to_have_value("14,00")
    assert Mark.objects.get(sheet=sheet, student=first, slot=1).value == Decimal("14.00")
