"""Redis goes away and comes back empty: people stay signed in, sign-in (pages and API) and password-forgot keep
working, pages answer, health says "degraded". A private redis-server on a spare port is killed mid-run and
restarted; the production cache backend (config/cache.py) and session engine (cached_db) are in use."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client

from config import cache as resilient
from config.settings import redis_caches
from massar.testing.accounts import sign_in
from massar.testing.factories import PASSWORD

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


class PrivateRedis:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


@pytest.fixture
def private_redis(settings, monkeypatch):
    server = PrivateRedis()
    server.start()
    settings.CACHES = redis_caches(server.url)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0.0)
    yield server
    if server.process and server.process.poll() is None:
        server.kill()


def test_redis_killed_and_restarted_empty(world, private_redis):
    statuses: list[int] = []
    student = world.accounts["student"]
    parent = world.accounts["parent"]
    kept = Client(headers={"accept-language": "en"})
    assert sign_in(kept, student.username).status_code == 302
    assert kept.get("/me/").status_code == 200
    assert Client().get("/api/v1/health").json()["cache"] == "ok"

    private_redis.kill()
    assert kept.get("/me/").status_code == 200, "a session survives Redis going away"
    fresh = Client(headers={"accept-language": "en"})
    statuses.append(sign_in(fresh, parent.username).status_code)
    statuses.append(fresh.get("/me/").status_code)
    token = Client().post("/api/v1/auth/token", {"username": parent.username, "password": PASSWORD},
                          content_type="application/json")
    statuses.append(token.status_code)
    statuses.append(Client().post("/account/password/forgot/", {"username": student.username}).status_code)
    statuses.append(sign_in(Client(), student.username, "not the password").status_code)
    health = Client().get("/api/v1/health")
    assert health.status_code == 503 and health.json() == {"status": "degraded", "database": "ok",
                                                           "cache": "unavailable"}
    assert 500 not in statuses and statuses[:3] == [302, 200, 200], statuses

    private_redis.start()  # empty: whatever the cache held is gone
    assert kept.get("/me/").status_code == 200, "sessions are recorded in the database"
    assert fresh.get("/me/").status_code == 200
    assert Client().get("/api/v1/health").json()["status"] == "ok"
