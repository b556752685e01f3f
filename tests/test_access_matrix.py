"""Who may open what: every role × every page of the URL configuration × an own and a foreign object.

The routes are read from the URL configuration itself, so a new page without a rule here fails
`test_every_route_has_an_access_rule`. Objects outside the caller's scope are 404, never 403: their
existence is not revealed. The back office (/backoffice/) has its own matrix in massar/access/tests.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("student", "parent", "teacher", "school_admin", "directorate_officer", "academy_officer",
         "ministry_officer")
STAFF = frozenset(ROLES[2:])
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Rule:
    """`roles` may open the page (GET); others get a 404, anonymous visitors the sign-in page.

    `public`: anyone, signed in or not. `kwargs`: builds the URL arguments from an object (a student):
    the role's own object must open, a foreign one must be a 404. `methods`: the HTTP methods the page
    answers; GET-less routes (POST-only actions) are checked to refuse GET. `skip_get`: the page needs
    more than a GET to be meaningful (a token link): it must answer GET without a server error.
    """

    roles: frozenset[str] = frozenset()
    public: bool = False
    kwargs: Callable | None = None
    post_only: bool = False
    anonymous_only: bool = False
    extra: dict = field(default_factory=dict)


STUDENT_CODE = Rule(roles=STAFF, kwargs=lambda student: {"massar_code": student.massar_code})

RULES: dict[str, Rule] = {
    "portals:home": Rule(public=True),
    "portals:language_set": Rule(public=True, post_only=True),
    "portals:my_space": Rule(roles=EVERYONE),
    "portals:staff_student_list": Rule(roles=STAFF),
    "portals:staff_student_detail": STUDENT_CODE,
    "portals:signin": Rule(public=True),
    "portals:signout": Rule(public=True, post_only=True),
}
# Outside the pages: the back office has its own tests, the API its own matrix and fuzzing.
EXCLUDED_PREFIXES = ("backoffice/", "api/v1/", "static/")


def routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not route.startswith(EXCLUDED_PREFIXES):
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield name, route


def test_every_route_has_an_access_rule():
    missing = sorted(f"{name} ({route})" for name, route in routes() if name not in RULES)
    assert missing == [], "add an access rule for each new page"
    stale = sorted(set(RULES) - {name for name, _ in routes()})
    assert stale == [], "rules for pages that no longer exist"


def own_student(world, role: str):
    """An object inside the role's scope."""
    return {
        "student": world.student_a, "parent": world.student_b, "teacher": world.student_a,
        "school_admin": world.student_b, "directorate_officer": world.student_a,
        "academy_officer": world.other_student, "ministry_officer": world.far_student,
    }[role]


def url_for(name: str, rule: Rule, obj=None) -> str:
    return reverse(name, kwargs=rule.kwargs(obj) if rule.kwargs else None)


def cases() -> Iterator[tuple[str, str]]:
    for name in sorted(RULES):
        for role in ("anonymous", *ROLES):
            yield name, role


@pytest.mark.parametrize(("name", "role"), list(cases()))
def test_role_can_open_exactly_what_their_scope_allows(en_client, world, name, role):
    rule = RULES[name]
    if role != "anonymous":
        en_client.force_login(world.accounts[role])
    obj = own_student(world, role) if role != "anonymous" else world.student_a
    response = en_client.get(url_for(name, rule, obj))
    if rule.post_only:
        assert response.status_code == 405
        return
    if role == "anonymous":
        if rule.public:
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 302 and "signin" in response["Location"]
        return
    if rule.public:
        assert response.status_code in (200, 302)
    elif role in rule.roles:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    if rule.kwargs and role != "ministry_officer":
        foreign = en_client.get(url_for(name, rule, world.far_student))
        assert foreign.status_code == 404, "an object outside the caller's scope is a 404"
