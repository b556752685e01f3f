"""Fault test (PostgreSQL): the server's database connections are terminated every 150 ms while clients read
pages and the API and write (API tokens); every answer is counted. Promise: 0 × 500, and every write answered
200 is stored while every write answered 503 is not (no lost write, no phantom write)."""

import threading
import time
from collections import Counter

import psycopg
import pytest
import requests
from django.db import connection

from massar.accounts.models import ApiToken
from massar.accounts.tokens import api_token_issue
from massar.testing.factories import PASSWORD

# A live server and committed rows, as the browser journeys have (tests/e2e/conftest.py restores the migrated
# data before each test of this folder).
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates PostgreSQL backends")

SECONDS = 6
CLIENTS = 4
KILL_EVERY_SECONDS = 0.15


def terminator(stop: threading.Event, spared_pid: int, killed: list[int]) -> None:
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None, dbname=settings["NAME"],
                         autocommit=True) as killer:
        while not stop.is_set():
            rows = killer.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                [spared_pid]).fetchall()
            killed.append(len(rows))
            time.sleep(KILL_EVERY_SECONDS)


def test_connections_terminated_under_load(live_server, world):
    student = world.accounts["student"]
    _, bearer = api_token_issue(user=student, name="reader")
    tokens_before = ApiToken.objects.count()
    with connection.cursor() as cursor:  # the test's own connection is spared: it counts afterwards
        cursor.execute("SELECT pg_backend_pid()")
        spared_pid = cursor.fetchone()[0]
    connection.close()
    statuses: Counter = Counter()
    written = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    def load(number: int) -> None:
        session = requests.Session()
        base = live_server.url
        step = 0
        while not stop.is_set():
            step += 1
            if step % 3 == 0:
                response = session.post(f"{base}/api/v1/auth/token",
                                        json={"username": student.username, "password": PASSWORD,
                                              "name": f"load {number}-{step}"}, timeout=30)
                kind = "write"
            elif step % 3 == 1:
                response = session.get(f"{base}/api/v1/me/grades?year=2025/2026&semester=1",
                                       headers={"authorization": f"Bearer {bearer}"}, timeout=30)
                kind = "read api"
            else:
                response = session.get(f"{base}/", timeout=30)
                kind = "read page"
            with lock:
                statuses[(kind, response.status_code)] += 1
                if kind == "write" and response.status_code == 200:
                    written["answered 200"] += 1

    killed: list[int] = []
    threads = [threading.Thread(target=load, args=(n,)) for n in range(CLIENTS)]
    killer = threading.Thread(target=terminator, args=(stop, spared_pid, killed))
    for thread in [*threads, killer]:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in [*threads, killer]:
        thread.join()

    print("\nstatuses under terminated connections:", dict(sorted(statuses.items())),
          "backends terminated:", sum(killed))
    assert sum(killed) > 0, "the fault was not injected"
    assert not [key for key in statuses if key[1] >= 500 and key[1] != 503], statuses
    assert sum(count for (_, status), count in statuses.items() if status == 200) > 0
    stored = ApiToken.objects.count() - tokens_before
    assert stored == written["answered 200"], f"{stored} tokens stored for {written['answered 200']} answered 200"
