"""Passwords are hashed with Argon2id at OWASP's minimum cost (its speed is measured in bench/)."""

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from massar.accounts.hashers import MassarArgon2PasswordHasher

PRODUCTION_HASHERS = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]


def test_the_cost_is_owasps_minimum_for_argon2id():
    hasher = MassarArgon2PasswordHasher()
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (19 * 1024, 2, 1)


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_new_passwords_are_stored_as_argon2id_with_that_cost():
    encoded = make_password("Cedre-Atlas-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), MassarArgon2PasswordHasher)
    assert check_password("Cedre-Atlas-2026", encoded)
    assert not check_password("cedre-atlas-2026", encoded)  # case-sensitive


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_production_settings_hash_with_massar_argon2_first():
    assert PRODUCTION_HASHERS[0] == "massar.accounts.hashers.MassarArgon2PasswordHasher"
