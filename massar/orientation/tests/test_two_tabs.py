"""Two tabs (or a phone and a laptop) confirm different wishes at the same moment, both read at the same
version: on PostgreSQL the second waits for the first (the student's row is locked), then finds its version
stale and is refused; one change is saved, none is lost silently."""

import threading

import pytest

from massar.core.errors import Conflict
from massar.orientation.models import WishList
from massar.orientation.services import wishes_save
from massar.testing.orientation import orientation_world


@pytest.mark.django_db(transaction=True)
def test_two_tabs_confirming_at_once_save_one_change_and_refuse_the_other(world):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is no race to lose")
    ow = orientation_world(world)
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def confirm(name: str, offer_id: int) -> None:
        try:
            start.wait(5)
            outcome[name] = wishes_save(actor=ow.student_account, student=ow.student, ranked=[(1, offer_id)],
                                        version=0)
        except Conflict as refused:
            outcome[name] = refused
        finally:
            connections.close_all()

    tabs = [threading.Thread(target=confirm, args=("first", ow.sm.pk)),
            threading.Thread(target=confirm, args=("second", ow.se.pk))]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(20)
    refused = [name for name, result in outcome.items() if isinstance(result, Conflict)]
    saved = [name for name, result in outcome.items() if isinstance(result, WishList)]
    assert len(refused) == 1 and len(saved) == 1, outcome
    kept = WishList.objects.get()
    assert kept.version == 1
    assert list(kept.wishes.values_list("offer", flat=True)) == [ow.sm.pk if saved == ["first"] else ow.se.pk]
