"""On a phone (390×844, touch; and laid out again at 360 and 412), in Arabic and in French, every page a student, a parent, a teacher or a visitor
opens fits the screen: no sideways scrolling, no console error. The pages come from the URL configuration
(massar.testing.phone_pages), so a new page is checked as soon as it exists.

The reference is the document's client width: on a phone the layout viewport (innerWidth) grows with content
that overflows, so comparing with it would pass an overflowing page."""

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from massar.grades.models import ACTIVITIES_SLOT
from massar.testing.grades import SUBJECTS, Grades
from massar.testing.phone_pages import phone_pages

from .conftest import ACTION_TIMEOUT_MS, TIME_ZONE

PHONE = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True, "device_scale_factor": 2}
PHONE_WIDTHS = (390, 360, 412)
WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
LANGUAGES = ("ar", "fr")


@pytest.fixture
def graded(world) -> Grades:
    """class_a with four subjects published and closed: cards with tests, activities, averages and the class's
    minimum, mean and maximum, a general average and a rank; the parent sees them too."""
    grades = Grades(world, extra_students=2)
    for code in SUBJECTS:
        for offset, student in enumerate(grades.students):
            grades.enter(code, student, 1, f"{11 + offset},25")
            grades.enter(code, student, 2, f"{14 - offset},5")
            grades.enter(code, student, 3, "9,75")
            grades.enter(code, student, ACTIVITIES_SLOT, "16")
    grades.publish(*SUBJECTS)
    grades.close()
    return grades


def phone(browser: Browser, language: str) -> BrowserContext:
    context = browser.new_context(**PHONE, locale=language, timezone_id=TIME_ZONE, color_scheme="light",
                                  reduced_motion="reduce", service_workers="block")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
    return context


def signed_in_as(context: BrowserContext, base: str, cookies: dict[str, str], language: str) -> None:
    context.clear_cookies()
    context.add_cookies([{"name": name, "value": value, "url": base} for name, value in cookies.items()]
                        + [{"name": "django_language", "value": language, "url": base}])


class Errors:
    """The console errors and uncaught page errors of a page, as they happen."""

    def __init__(self, page: Page) -> None:
        self.seen: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.seen.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.seen.append(f"console: {message.text} ({message.location.get('url', '')})")

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_students_parents_teachers_and_visitors_fits_a_phone(browser: Browser, live_server, world,
                                                                          graded, language):
    pages = phone_pages(world)
    audiences = {page.audience for page in pages}
    assert audiences == {"anonymous", "student", "parent", "teacher"} and len(pages) >= 30, pages
    context = phone(browser, language)
    try:
        tab = context.new_page()
        errors = Errors(tab)
        problems: list[str] = []
        for item in pages:
            signed_in_as(context, live_server.url, item.cookies, language)
            response = tab.goto(live_server.url + item.url, wait_until="networkidle")
            where = f"{item.audience} {item.name} {item.url}"
            if response is None or response.status != 200:
                problems.append(f"{where}: answered {response and response.status}")
                continue
            if tab.locator("html").get_attribute("lang") != language:
                problems.append(f"{where}: not in {language}")
            for width in PHONE_WIDTHS:  # the same page laid out again on the narrowest and widest phones
                tab.set_viewport_size({"width": width, "height": 844})
                scroll, client = tab.evaluate(WIDTHS)
                if scroll > client:
                    problems.append(f"{where}: {scroll}px wide on a {client}px screen")
            tab.set_viewport_size(PHONE["viewport"])
            problems += [f"{where}: {error}" for error in errors.take()]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def sign_in_cookie(world, role: str) -> dict[str, str]:
    from django.test import Client

    client = Client()
    client.force_login(world.accounts[role])
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_students_grades_are_a_card_per_subject_on_a_phone(browser: Browser, live_server, world, graded,
                                                               language):
    context = phone(browser, language)
    try:
        signed_in_as(context, live_server.url, sign_in_cookie(world, "student"), language)
        tab = context.new_page()
        tab.goto(f"{live_server.url}/me/grades/")
        cards = tab.locator("table.grades tbody tr[data-subject]")
        expect(cards).to_have_count(len(SUBJECTS))
        head = tab.locator("table.grades thead").bounding_box()  # left to screen readers only
        assert head is not None and head["width"] <= 1 and head["height"] <= 1, head
        for index in range(len(SUBJECTS)):
            card = cards.nth(index)
            box = card.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            assert card.evaluate("tr => getComputedStyle(tr).display") == "grid"
        math = tab.locator("tr[data-subject=MATH]")
        test_label = {"ar": "الفرض 1", "fr": "Contrôle 1"}[language]
        expect(math.locator(".marks li").first).to_contain_text(test_label)
        expect(math.locator(".marks .slot").first).to_be_visible()
        expect(math.locator(".marks li")).to_have_count(3)
        labels = math.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
        expected = {"ar": ['"الفروض"', '"الأنشطة المندمجة"', '"المعدل"', '"المعامل"'],
                    "fr": ['"Contrôles"', '"Activités intégrées"', '"Moyenne"', '"Coefficient"']}[language]
        assert labels[:4] == expected and len(labels) == 7 and all(label != "none" for label in labels)
        # The average sits on the subject's line, at its end.
        subject, average = math.locator("th").bounding_box(), math.locator("td.average").bounding_box()
        assert subject and average and abs(subject["y"] - average["y"]) < subject["height"]
        assert (average["x"] < subject["x"]) if language == "ar" else (average["x"] > subject["x"])
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_folds_into_a_menu_that_switches_language_and_signs_out(browser: Browser, live_server, world,
                                                                         language):
    context = phone(browser, language)
    try:
        signed_in_as(context, live_server.url, sign_in_cookie(world, "parent"), language)
        tab = context.new_page()
        tab.goto(f"{live_server.url}/me/")
        menu = tab.locator("details.menu > summary")
        expect(menu).to_be_visible()
        expect(menu).to_have_text({"ar": "القائمة", "fr": "Menu"}[language])
        grades_link = tab.locator("nav a[href='/children/grades/']")
        expect(grades_link).not_to_be_visible()
        header = tab.locator("header.topbar").bounding_box()
        assert header is not None and header["height"] < 80, header  # one line: the brand and the button
        menu.click()
        expect(grades_link).to_be_visible()
        expect(tab.locator("nav a[aria-current=page]")).to_have_attribute("href", "/me/")  # where the parent is
        other = "fr" if language == "ar" else "ar"
        with tab.expect_navigation():
            tab.locator(f"button[data-language={other}]").click()
        expect(tab.locator("html")).to_have_attribute("lang", other)
        expect(tab.locator("html")).to_have_attribute("dir", "rtl" if other == "ar" else "ltr")
        tab.locator("details.menu > summary").click()
        with tab.expect_navigation():
            tab.locator("nav form button[type=submit]").click()
        tab.goto(f"{live_server.url}/me/")
        expect(tab).to_have_url(re.compile(r"/account/signin/"))
    finally:
        context.close()


@pytest.mark.browser_context_args(locale="fr")
def test_on_a_wide_screen_the_menu_is_the_bar_itself(page: Page, live_server, world):
    page.context.add_cookies([{"name": "sessionid", "value": sign_in_cookie(world, "teacher")["sessionid"],
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/me/")
    expect(page.locator("details.menu > summary")).not_to_be_visible()
    expect(page.get_by_role("link", name="Mes classes")).to_be_visible()
    expect(page.locator("button[data-language=ar]")).to_be_visible()
    header = page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] < 80, header


def test_the_icons_and_the_manifest_are_served_with_their_types(page: Page, live_server):
    page.goto(f"{live_server.url}/")
    base = live_server.url
    manifest = page.request.get(base + page.locator("link[rel=manifest]").get_attribute("href"))
    assert manifest.ok and manifest.headers["content-type"] == "application/manifest+json"
    icons = manifest.json()["icons"]
    for icon in icons:
        answer = page.request.get(base + icon["src"])
        assert answer.ok and answer.headers["content-type"] == icon["type"], icon
    favicon = page.request.get(base + page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href"))
    assert favicon.ok and favicon.headers["content-type"] == "image/svg+xml"
