"""The back office never counts a whole academy or the nation on every page: its lists count at most 10,001
rows (one query, whatever the scope's size) and then say "more than 10,000"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from massar.backoffice.scoped import CappedPaginator
from massar.students.models import Student


def test_the_count_stops_past_the_cap(world, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    students = Student.objects.order_by("pk")
    assert students.count() > 3
    paginator = CappedPaginator(students, 100)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    [query] = queries.captured_queries
    assert "LIMIT 3" in query["sql"].upper()
    assert "ORDER BY" not in query["sql"].upper(), "sorting a scope to count it would read all of it"


def test_the_list_says_more_than_the_cap(world, client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    officer = world.accounts["ministry_officer"]
    client.force_login(officer)
    page = client.get("/backoffice/students/student/", headers={"accept-language": "en"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "More than 2 students: search or filter to narrow the list." in body
