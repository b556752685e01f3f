"""Counters of failed or costly attempts, in the shared cache (every process sees them), over fixed windows
opened by the first attempt. Each journey names its own keys and limits (activation, reset requests, adding a
child, confirmation e-mails); the sign-in's per-network limit is here too.

The per-account sign-in lock is not a throttle of ours: django-axes keeps it (services/lockout.py).
"""

import math
import time

from django.conf import settings
from django.core.cache import cache


def throttle_count(key: str) -> int:
    return int(cache.get(key) or 0)


def throttle_hit(key: str, *, window_seconds: int) -> int:
    """Count one more attempt under `key`; the window starts with the first attempt."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


# --- Sign-in failures per network address -------------------------------------------------------------------


def _network_keys(ip_address: str) -> tuple[str, str]:
    return f"massar:signin-ip:{ip_address}:failures", f"massar:signin-ip:{ip_address}:ends"


def network_wait_seconds(*, ip_address: str | None) -> int | None:
    """Seconds until `ip_address` may try to sign in again, or None when it is under the limit
    (MASSAR_IP_FAILURE_LIMIT failures in MASSAR_IP_FAILURE_WINDOW_SECONDS)."""
    if not ip_address:
        return None
    failures_key, ends_key = _network_keys(ip_address)
    if throttle_count(failures_key) < settings.MASSAR_IP_FAILURE_LIMIT:
        return None
    ends = cache.get(ends_key) or time.time() + settings.MASSAR_IP_FAILURE_WINDOW_SECONDS
    return max(1, math.ceil(ends - time.time()))


def network_failure_record(*, ip_address: str | None) -> None:
    """Count a failed sign-in against `ip_address`, in a fixed window opened by its first failure."""
    if not ip_address:
        return
    window = settings.MASSAR_IP_FAILURE_WINDOW_SECONDS
    failures_key, ends_key = _network_keys(ip_address)
    cache.add(ends_key, time.time() + window, window)
    throttle_hit(failures_key, window_seconds=window)
