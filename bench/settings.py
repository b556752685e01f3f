"""The benchmark's settings: Massar's own (production when MASSAR_PRODUCTION=1), plus the `/db` baseline."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
