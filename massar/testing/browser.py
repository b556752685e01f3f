"""Steps the browser journeys share (tests/e2e)."""

from playwright.sync_api import Page, expect

from .factories import PASSWORD


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(f"{base}/account/signin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def grid_ready(page: Page) -> None:
    """Wait until the grade grid's script handles keys and taps: it is deferred, and a page reached by clicking a
    link is shown before it runs (Playwright's click does not wait for the page's load)."""
    expect(page.locator("#grade-grid[data-ready]")).to_have_count(1, timeout=15_000)
