"""Every door that checks a password is the one sign-in, with its per-address throttle: the URL configuration
is walked for sign-in and login pages, and each must either be throttled like the sign-in (429 after the limit
from one address) or send there without reading the password. (Pages that *set* a password — activation, a
reset or invitation link, a parent's confirmation — check a secret link or the school's details, not one.)"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from massar.testing.accounts import SIGNIN


def password_doors(patterns=None, prefix: str = "", namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from password_doors(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            if ("login" in route or "signin" in route) and "<" not in route and not route.startswith("api/"):
                yield name, "/" + route


def test_the_walk_finds_the_doors():
    doors = dict(password_doors())
    assert "/account/signin/" in doors.values() and "/backoffice/login/" in doors.values()


@pytest.mark.parametrize(("name", "path"), sorted(password_doors()))
def test_every_password_door_is_throttled_per_address(client, world, settings, name, path):
    settings.MASSAR_IP_FAILURE_LIMIT = 3
    target = world.accounts["school_admin"].username
    statuses = [client.post(path, {"username": target, "password": f"guess {n}"}, REMOTE_ADDR="196.200.9.9")
                for n in range(5)]
    codes = [response.status_code for response in statuses]
    if any(code == 302 and response["Location"].startswith(SIGNIN) for code, response in zip(codes, statuses)):
        assert all(code == 302 and response["Location"].startswith(SIGNIN)
                   for code, response in zip(codes, statuses)), (name, codes)
        return
    assert codes[-1] == 429, (name, codes)


def test_the_back_office_login_keeps_where_to_go(client, db):
    response = client.get("/backoffice/login/?next=/backoffice/")
    assert response.status_code == 302 and response["Location"] == "/account/signin/?next=/backoffice/"
