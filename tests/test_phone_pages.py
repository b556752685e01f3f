"""The list of pages the phone-width browser test opens is generated from the URL configuration
(massar.testing.phone_pages): every route is either a page a student, parent, teacher or visitor opens, and
so is checked on a phone, or is listed as not a page, with the reason."""

import pytest

from massar.testing.phone_pages import (
    AUDIENCES,
    NOT_PAGES,
    Route,
    UnfilledParameter,
    arguments,
    client_of,
    is_html_page,
    phone_pages,
    routes,
    url_of,
)


def test_every_route_is_a_phone_page_or_listed_with_a_reason(world):
    checked = {page.name for page in phone_pages(world)}
    unaccounted = sorted(f"{route.name} ({route.route})" for route in routes()
                         if route.name not in checked and route.name not in NOT_PAGES)
    assert unaccounted == [], ("a route no student, parent, teacher or visitor opens as a page: list it in "
                               "NOT_PAGES with the reason")
    assert sorted(set(NOT_PAGES) - {route.name for route in routes()}) == [], "NOT_PAGES names a route that is gone"
    assert all(reason.strip() for reason in NOT_PAGES.values())


def test_a_route_listed_as_not_a_page_is_not_one_for_anybody_here(world):
    """NOT_PAGES cannot hide a page from the phone check: none of its routes answers an audience with HTML."""
    values = {**arguments(world), "pk": 1, "user_id": world.accounts["student"].pk, "task_id": "no-such-task"}
    by_name = {route.name: route for route in routes()}
    for audience in AUDIENCES:
        client = client_of(world, audience)
        pages = [name for name in NOT_PAGES if is_html_page(client, url_of(by_name[name], values))]
        assert pages == [], audience


def test_each_audience_has_its_own_pages_in_the_list(world):
    pages = {(page.audience, page.name) for page in phone_pages(world)}
    for expected in [("anonymous", "accounts:signin"), ("anonymous", "accounts:parent_signup"),
                     ("anonymous", "accounts:password_reset"), ("student", "portals:grades_mine"),
                     ("student", "accounts:security"), ("parent", "portals:grades_children"),
                     ("parent", "portals:grades_child"), ("parent", "accounts:child_add"),
                     ("teacher", "portals:grades_teacher_classes"), ("teacher", "portals:grades_teacher_grid"),
                     ("teacher", "portals:staff_student_detail"), ("teacher", "portals:my_space"),
                     ("student", "portals:notifications"), ("parent", "portals:notification_preferences"),
                     ("parent", "portals:announcement_detail"), ("teacher", "portals:announcements")]:
        assert expected in pages
    assert ("student", "portals:grades_teacher_grid") not in pages  # a teacher's page is not the student's


def test_a_route_whose_parameter_has_no_value_fails_loudly():
    with pytest.raises(UnfilledParameter, match="no value for \\['school_id'\\]"):
        url_of(Route("portals:home", "schools/<int:school_id>/", ("school_id",)), {})
