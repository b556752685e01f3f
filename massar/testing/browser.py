"""Steps the browser journeys share (tests/e2e)."""

from playwright.sync_api import Page

from .factories import PASSWORD


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(f"{base}/account/signin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
