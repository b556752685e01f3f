"""The register of transfers in the back office: read-only, each officer the requests leaving or entering their
territory's schools."""

from massar.students.models import TransferRequest
from massar.testing.transfers import transfer_asked


def test_officers_read_the_transfers_of_their_territory_only(world, as_role, url):
    leaving = transfer_asked(world.student_a, to_school=world.far_school)
    elsewhere = transfer_asked(world.far_student, to_school=world.other_school)
    directorate = as_role("directorate_officer")
    assert set(directorate.get(url(TransferRequest)).context["cl"].result_list) == {leaving}
    assert directorate.get(url(TransferRequest, "change", elsewhere.pk)).status_code == 302  # not in scope
    academy = as_role("academy_officer")
    assert set(academy.get(url(TransferRequest)).context["cl"].result_list) == {leaving, elsewhere}
    assert academy.get(url(TransferRequest, "add")).status_code == 403
    ministry = as_role("ministry_officer")
    assert ministry.get(url(TransferRequest, "change", leaving.pk)).status_code == 200
    assert ministry.post(url(TransferRequest, "delete", leaving.pk), {"post": "yes"}).status_code == 403
    assert TransferRequest.objects.count() == 2
