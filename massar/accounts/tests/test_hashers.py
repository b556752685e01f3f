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


def test_at_most_a_few_hashes_run_at_once_in_a_process(monkeypatch):
    """A sign-in storm queues for the hash instead of holding 19 MiB per waiting thread."""
    import threading
    import time

    from django.contrib.auth.hashers import Argon2PasswordHasher

    from massar.accounts import hashers

    running, peak, lock = [0], [0], threading.Lock()

    def slow_verify(self, password, encoded):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return True

    monkeypatch.setattr(Argon2PasswordHasher, "verify", slow_verify)
    hasher = hashers.MassarArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.verify, args=("pw", "argon2$x")) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= peak[0] <= 4
