"""How long one password verification costs: Massar's Argon2id (m = 19 MiB, t = 2, p = 1) beside Django's
default Argon2 cost and PBKDF2. On results day every sign-in pays this once; a web process verifies
one password per core at a time, so the cost bounds sign-ins per second per core."""

import statistics
import time

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

from massar.accounts.hashers import MassarArgon2PasswordHasher

ROUNDS = 20
PASSWORD = "Cedre-Atlas-2026 et arganier"


def measure(hasher) -> tuple[float, float]:
    encoded = hasher.encode(PASSWORD, hasher.salt())
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert hasher.verify(PASSWORD, encoded)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def run() -> None:
    rows = [
        ("Massar Argon2id m=19 MiB t=2 p=1", MassarArgon2PasswordHasher()),
        ("Django default Argon2 m=100 MiB t=2 p=8", Argon2PasswordHasher()),
        ("Django default PBKDF2-SHA256", PBKDF2PasswordHasher()),
    ]
    print(f"| hasher | median verify (ms) | max (ms) | verifies/s per core | ({ROUNDS} rounds) |")
    print("|---|---:|---:|---:|---|")
    for label, hasher in rows:
        median, worst = measure(hasher)
        print(f"| {label} | {median:.1f} | {worst:.1f} | {1000 / median:.0f} | |")
