"""Journey: an officer reads the back office in Arabic on a laptop; every column of a list is visible, none
hidden under the filter panel."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

COLUMNS = """
() => {
  const filter = document.querySelector('#changelist-filter').getBoundingClientRect();
  const cells = Array.from(document.querySelectorAll('#result_list thead th'));
  const results = document.querySelector('#changelist-form .results');
  return {filter: {left: filter.left, right: filter.right, top: filter.top, bottom: filter.bottom},
          overflow: results.scrollWidth - results.clientWidth,
          columns: cells.map(th => { const b = th.getBoundingClientRect();
                                     return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; })};
}
"""


def signed_in_page(page: Page, live_server, user) -> Page:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": live_server.url}])
    return page


def test_no_column_of_a_list_hides_under_the_filter_panel(page: Page, live_server, world):
    signed_in_page(page, live_server, world.accounts["ministry_officer"])
    for path in ("/backoffice/accounts/user/", "/backoffice/schools/school/", "/backoffice/students/student/"):
        page.goto(f"{live_server.url}{path}")
        box = page.evaluate(COLUMNS)
        assert box["overflow"] <= 1, (path, "the list is wider than its room: its last column is cut off")
        filter_box = box["filter"]
        for column in box["columns"]:
            across = min(column["right"], filter_box["right"]) - max(column["left"], filter_box["left"])
            down = min(column["bottom"], filter_box["bottom"]) - max(column["top"], filter_box["top"])
            assert across <= 0 or down <= 0, (path, column, filter_box)
