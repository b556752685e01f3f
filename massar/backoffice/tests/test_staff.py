"""Staff records in the back office: positions given never above the officer's own, and never apart from an
account's role."""

from massar.staff.models import Position, StaffMember


def test_directorate_officer_gives_only_teacher_and_school_admin_positions(world, as_role, url):
    client = as_role("directorate_officer")
    teacher = world.accounts["teacher"].staff_member
    page = client.get(url(StaffMember, "change", teacher.pk))
    choices = {value for value, _ in page.context["adminform"].form.fields["position"].choices if value}
    assert choices == {Position.TEACHER, Position.SCHOOL_ADMIN}
    own = world.accounts["directorate_officer"].staff_member
    officer_page = client.get(url(StaffMember, "change", own.pk))
    assert officer_page.status_code == 200
    assert officer_page.context["adminform"].form.fields == {}  # an officer's record: view only


def test_an_account_holders_position_is_not_changed_alone(world, as_role, url, form_data):
    client = as_role("ministry_officer")
    teacher = world.accounts["teacher"].staff_member
    data = form_data(client.get(url(StaffMember, "change", teacher.pk))) | {"position": Position.SCHOOL_ADMIN}
    response = client.post(url(StaffMember, "change", teacher.pk), data)
    assert response.status_code == 200
    assert "position" in response.context["adminform"].form.errors
    teacher.refresh_from_db()
    assert teacher.position == Position.TEACHER
