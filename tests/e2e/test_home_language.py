"""Journey: a visitor whose browser asks for Arabic lands on a right-to-left home page where marks still
read left to right, switches to French, finds French on every page, then switches to English."""

import datetime

import pytest
from playwright.sync_api import Page, expect

ONE_YEAR = datetime.timedelta(days=365)

# The x of each character of the mark's text node, measured through a Range: the order the reader sees.
CHARACTER_POSITIONS = """
(bdi) => {
  const text = bdi.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) return null;
  const range = document.createRange();
  const boxOf = (start, end) => {
    range.setStart(text, start);
    range.setEnd(text, end);
    const box = range.getBoundingClientRect();
    return {left: box.left, right: box.right};
  };
  const slash = text.data.indexOf("/");
  return {
    text: text.data,
    mark: boxOf(0, slash),
    outOf: boxOf(slash, text.data.length),
    characters: Array.from(text.data, (_, i) => boxOf(i, i + 1).left),
  };
}
"""


def expect_language(page: Page, language: str, direction: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", direction)
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    current = page.locator("button[data-language][aria-current=true]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-language", language)
    expect(current).to_be_disabled()


def choose_language(page: Page, language: str) -> None:
    with page.expect_navigation():
        page.locator(f"button[data-language={language}]").click()


def language_cookie(page: Page) -> dict:
    cookies = [cookie for cookie in page.context.cookies() if cookie["name"] == "django_language"]
    assert len(cookies) == 1, cookies
    return cookies[0]


# A browser that asks for Arabic (and, like every test's, has never chosen a language on Massar). In chromium
# the context's locale decides Accept-Language: an extra header alone does not override it.
@pytest.mark.browser_context_args(locale="ar", extra_http_headers={"Accept-Language": "ar"})
def test_home_in_arabic_is_rtl_then_french_then_english(page: Page, live_server):
    response = page.goto(f"{live_server.url}/")
    assert response is not None and response.ok
    assert response.request.all_headers()["accept-language"] == "ar"
    expect_language(page, "ar", "rtl")

    mark = page.locator("#mark-example bdi.num")
    expect(mark).to_have_count(1)
    expect(mark).to_have_attribute("dir", "ltr")
    expect(mark).to_have_text("14,75/20")
    assert mark.evaluate("bdi => getComputedStyle(bdi).direction") == "ltr"
    assert mark.evaluate("bdi => getComputedStyle(bdi).unicodeBidi") == "isolate"
    # The paragraph around the mark is right to left...
    assert page.locator("#mark-example").evaluate("p => getComputedStyle(p).direction") == "rtl"
    # ...yet the mark reads 14,75 then /20, from left to right, on screen.
    positions = mark.evaluate(CHARACTER_POSITIONS)
    assert positions is not None, "the bdi holds the mark as a single text node"
    assert positions["text"] == "14,75/20"
    assert positions["mark"]["right"] <= positions["outOf"]["left"] + 0.5, positions
    assert positions["mark"]["left"] < positions["outOf"]["left"], positions
    assert positions["characters"] == sorted(positions["characters"]), positions
    assert len(set(positions["characters"])) == len(positions["characters"]), positions

    choose_language(page, "fr")
    assert page.url == f"{live_server.url}/"
    expect_language(page, "fr", "ltr")
    expect(mark).to_have_text("14,75/20")
    cookie = language_cookie(page)
    assert cookie["value"] == "fr"
    expires = datetime.datetime.fromtimestamp(cookie["expires"], tz=datetime.UTC)
    assert abs(expires - datetime.datetime.now(tz=datetime.UTC) - ONE_YEAR) < datetime.timedelta(hours=1)

    # The browser still asks for Arabic; the cookie is what keeps French.
    page.goto(f"{live_server.url}/signin/")
    expect_language(page, "fr", "ltr")
    page.reload()
    expect_language(page, "fr", "ltr")

    choose_language(page, "en")
    assert page.url == f"{live_server.url}/signin/", "the switcher returns to the page it was used on"
    expect_language(page, "en", "ltr")
    assert language_cookie(page)["value"] == "en"
    page.goto(f"{live_server.url}/")
    expect_language(page, "en", "ltr")
    expect(mark).to_have_text("14.75/20")
