import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

# At most this many Argon2 computations at once in a process (each holds 19 MiB while it runs): a sign-in
# storm then queues for a few milliseconds instead of growing a web worker to hundreds of MB.
_slots = threading.BoundedSemaphore(getattr(settings, "MASSAR_CONCURRENT_PASSWORD_HASHES", 4))


class MassarArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum cost: m = 19 MiB, t = 2, p = 1.

    Django's default (m = 100 MiB, t = 2, p = 8) costs a few hundred milliseconds per verify;
    on results day hundreds of thousands of sign-ins per hour make that the bottleneck.
    This cost keeps a verify in the tens of milliseconds while meeting OWASP's recommendation.
    At most MASSAR_CONCURRENT_PASSWORD_HASHES run at once per process, so memory stays bounded under load.
    """

    algorithm = "argon2"
    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1

    def encode(self, password, salt):
        with _slots:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _slots:
            return super().verify(password, encoded)
