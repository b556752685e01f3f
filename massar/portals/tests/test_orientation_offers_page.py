"""A school's administration sets the places of its streams for the orientation assignment: all saved, or none
when one is wrong (named on its row)."""

from django.urls import reverse

from massar.core.models import SchoolYear
from massar.orientation.models import StreamOffer
from massar.schools.models import Stream

URL = reverse("portals:orientation_offers")


def _lycee_streams(world) -> list[Stream]:
    return list(Stream.objects.filter(level__cycle__in=world.school.cycles.all()).order_by("level__order", "code"))


def test_the_school_sets_its_streams_places_all_at_once(en_client, world):
    streams = _lycee_streams(world)
    assert streams, "the world's school teaches the lycée"
    en_client.force_login(world.accounts["school_admin"])
    page = en_client.get(URL)
    assert page.status_code == 200 and f'name="capacity-{streams[0].pk}"' in page.content.decode()
    response = en_client.post(URL, {f"capacity-{streams[0].pk}": "120", f"capacity-{streams[1].pk}": "0"})
    assert response.status_code == 302
    year = SchoolYear.objects.get(is_current=True)
    assert dict(StreamOffer.objects.filter(school=world.school, school_year=year).values_list(
        "stream_id", "capacity")) == {streams[0].pk: 120, streams[1].pk: 0}


def test_one_wrong_number_saves_nothing_and_is_named(en_client, world):
    streams = _lycee_streams(world)
    en_client.force_login(world.accounts["school_admin"])
    response = en_client.post(URL, {f"capacity-{streams[0].pk}": "120", f"capacity-{streams[1].pk}": "-3"})
    assert response.status_code == 400
    assert "A capacity is a number of places from 0 to 100000." in response.content.decode()
    assert f'id="error-{streams[1].pk}"' in response.content.decode()
    assert not StreamOffer.objects.exists()


def test_a_saved_stream_cannot_be_emptied_by_mistake(en_client, world):
    streams = _lycee_streams(world)
    en_client.force_login(world.accounts["school_admin"])
    en_client.post(URL, {f"capacity-{streams[0].pk}": "40"})
    response = en_client.post(URL, {f"capacity-{streams[0].pk}": ""})
    assert response.status_code == 400 and "0 closes the stream" in response.content.decode()
    assert StreamOffer.objects.get().capacity == 40


def test_only_a_school_administration_sets_them(en_client, world):
    for role in ("teacher", "student", "parent", "directorate_officer"):
        en_client.force_login(world.accounts[role])
        assert en_client.get(URL).status_code in (403, 404), role
