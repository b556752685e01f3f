"""Browser journeys: pytest-playwright drives Debian's chromium, headless, against pytest-django's live server.

Every test in this folder is marked `e2e` (deselect with `-m "not e2e"`) and is skipped, with the reason,
when chromium is missing. Each test gets a fresh browser context: no cookies, a fixed locale, time zone
and viewport. When a test fails, a screenshot and the HTML of each open page land in test-results/<test>/.
"""

import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Error, Playwright, expect

# pytest-playwright's sync API keeps an asyncio event loop running in this thread for the whole session
# (its dispatcher lives in a greenlet). Django's ORM sees that loop and raises SynchronousOnlyOperation
# for every query made from the test thread: fixtures creating rows, and pytest-django flushing the tables
# after each live-server test. Those queries never actually run inside the loop, so the guard is lifted.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("MASSAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root, and chromium's sandbox refuses root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No calls home: on this closed network they are refused, and they slow start-up and add noise.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALE = "ar-MA"
TIME_ZONE = "Africa/Casablanca"
# Short enough that a broken journey fails in seconds, long enough for a loaded CI machine.
ACTION_TIMEOUT_MS = 10_000
EXPECT_TIMEOUT_MS = 5_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A conftest's collection hook sees the whole session's items, not only this folder's.
    skip = pytest.mark.skip(
        reason=f"chromium not found at {CHROMIUM}; run scripts/ensure_chromium.sh (apt-get install chromium)")
    available = chromium_available()
    for item in items:
        if not item.path.resolve().is_relative_to(E2E_DIR):
            continue
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            # Committed rows, for the live server. serialized_rollback makes pytest-django keep what the
            # migrations loaded when it creates the test database; `_migrated_data` restores it per journey.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not available:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _migrated_contents(django_db_setup: None) -> dict[str, str]:
    """What the migrations put in the test database (content types, permissions, reference data: cycles,
    levels, subjects), as pytest-django serialised it when it created the database for these tests
    (`serialized_rollback=True` above asks it to). Requested before `playwright`: see below."""
    from django.db import connections

    return {alias: connections[alias]._test_serialized_contents for alias in connections
            if getattr(connections[alias], "_test_serialized_contents", None)}


@pytest.fixture(scope="session", autouse=True)
def _connections_under_playwright(_migrated_contents: dict[str, str], playwright: Playwright) -> None:
    """Django keeps connections in an asgiref Local that switches to context-local storage while an event
    loop runs in the thread, so once Playwright runs, this thread gets new connection objects, without the
    serialised contents. Make sure of it: pytest-django's own restore loads them over whatever the tests
    before left (another transactional test's flush recreates content types: IntegrityError), so
    `_migrated_data` below restores them instead, onto an emptied database."""
    from django.db import connections

    for alias in connections:
        if hasattr(connections[alias], "_test_serialized_contents"):
            del connections[alias]._test_serialized_contents


@pytest.fixture(autouse=True)
def _migrated_data(transactional_db: None, _migrated_contents: dict[str, str]) -> None:
    """Each journey starts from the database as migrated, whatever the tests before left in it; pytest-django
    flushes it again when the journey ends (the live server needs committed rows, so no rollback)."""
    from django.core.management import call_command
    from django.db import connections

    for alias, contents in _migrated_contents.items():
        call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
        connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _contexts_closed(browser: Browser) -> Generator[None]:
    """A journey's other people (an officer, a parent on a phone: `browser.new_context()`) leave with it: their
    pages would otherwise stay open for the rest of the session, running their scripts against the next
    journeys' server and database."""
    yield
    for context in list(browser.contexts):
        context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium (Playwright cannot download its own browser here); --headed and --slowmo still work."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """The same browser for every test: Moroccan Arabic locale and time, a laptop screen, no animations.

    The locale is what chromium sends as Accept-Language (an Accept-Language in extra_http_headers does not
    win). To ask for another language, mark the test `@pytest.mark.browser_context_args(locale="fr")`:
    `new_context(locale=...)` fails, as pytest-playwright passes these arguments as well."""
    return {
        **browser_context_args,
        "locale": LOCALE,
        "timezone_id": TIME_ZONE,
        "viewport": {"width": 1280, "height": 800},
        "color_scheme": "light",
        "reduced_motion": "reduce",
        "service_workers": "block",
    }


@pytest.fixture
def new_context(new_context: Callable[..., BrowserContext]) -> Callable[..., BrowserContext]:
    """pytest-playwright's factory (used by `context` and `page` too), with short timeouts; contexts start
    empty: no cookies carried over from another test."""

    def make(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        assert context.cookies() == [], "a browser context must start without cookies"
        return context

    return make


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    # While the test's pages are still open (contexts close in teardown), keep what the browser showed.
    if report.when == "call" and report.failed and item.config.getoption("--screenshot") == "off":
        saved = save_pages(item)
        if saved:
            report.sections.append(("browser state at failure", "\n".join(saved)))
    return report


def save_pages(item: pytest.Item) -> list[str]:
    browser = getattr(item, "funcargs", {}).get("browser")
    if browser is None:
        return []
    folder = failure_folder(item)
    saved = []
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        stem = folder / f"failure-{number}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=stem.with_suffix(".png"), full_page=True, timeout=5_000)
            stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        except (Error, OSError) as error:
            saved.append(f"{page.url}: could not be saved ({error})")
            continue
        saved.append(f"{page.url} -> {stem.with_suffix('.png')} (and .html)")
    return saved


def failure_folder(item: pytest.Item) -> Path:
    output = Path(item.config.getoption("--output"))
    if not output.is_absolute():
        output = item.config.rootpath / output
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in item.nodeid)[-200:]
    return output / name
