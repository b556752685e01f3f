"""The demo's orientation: a TC student of the lycée with an account finds the window open, the lycée's 1BAC
streams with their capacity and formula, and ranks wishes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from massar.accounts.models import User
from massar.demo.selectors import orientation_student
from massar.orientation.models import StreamOffer, WishList

pytestmark = pytest.mark.django_db


def test_a_demo_tc_student_ranks_wishes_in_the_open_window(client):
    call_command("seed_demo", stdout=StringIO())
    banner = StringIO()
    call_command("demo_banner", "--port", "8000", stdout=banner)
    # The banner names the student to try it with (the showcase student is in 2BAC, past orientation).
    account = User.objects.get(username=orientation_student())
    assert f"the common-core student {account.username}" in banner.getvalue()
    assert account.student.enrolments.get(status="active").school_class.level.code == "TC"
    client.force_login(account)
    page = client.get(reverse("portals:orientation_mine"), headers={"accept-language": "en"})
    view = page.context["view"]
    assert view.is_open and view.max_wishes == 3
    assert {choice.offer.stream.code for choice in view.choices} == {"SM", "SE", "SEG", "L"}
    assert all(choice.formula for choice in view.choices)
    sm, se = StreamOffer.objects.get(stream__code="SM"), StreamOffer.objects.get(stream__code="SE")
    client.post(reverse("portals:orientation_confirm"), {"offer": [sm.pk, se.pk], "version": 0})
    assert WishList.objects.get(student=account.student).wishes.count() == 2
