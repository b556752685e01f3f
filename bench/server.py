"""The production server for a benchmark: granian with MASSAR_PRODUCTION settings on the benchmark's
PostgreSQL database and Redis, on a free port; stopped (its whole process group) when the block ends."""

import contextlib
import os
import socket
import statistics
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of it says


def database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            f"{database['NAME']}")


@contextlib.contextmanager
def production_server(*, workers: int, pool: int, settings_module: str = "config.settings") -> Iterator[str]:
    """Yield the server's base URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    # The benchmark's own secret: sessions it writes for the server's clients are signed with it.
    env = dict(os.environ, MASSAR_PRODUCTION="1", SECRET_KEY=settings.SECRET_KEY, ALLOWED_HOSTS="127.0.0.1",
               MASSAR_SITE_URL=f"https://127.0.0.1:{port}", DATABASE_URL=database_url(),
               REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
               MASSAR_DB_POOL_MAX_SIZE=str(pool), DJANGO_SETTINGS_MODULE=settings_module)
    # As `make serve` does: the pages name their static files through the collected manifest.
    subprocess.run([str(root / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v0"],  # noqa: S603
                   cwd=root, env=env, check=True)
    server = subprocess.Popen(  # noqa: S603 -- our own server, our own arguments
        [str(root / ".venv/bin/granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--blocking-threads", str(pool), "config.wsgi:application"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/api/v1/health", headers=HEADERS, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def load(url: str, headers: dict | Iterator[dict], *, clients: int, seconds: float,
         alongside: Callable[[threading.Event], None] | None = None,
         send: Callable[[requests.Session], int] | None = None) -> dict:
    """`clients` threads GET `url` for `seconds` (each as fast as it is answered); `alongside`, if given, runs in
    its own thread until the same stop. `headers` may be an iterator: each request takes the next (e.g. each
    as another student); the run stops early when it runs out. `send`, if given, makes each request itself (a
    POST, a body of its own) and returns its status. Returns req/s, p50 and p99 (ms), the answers by
    status and their count (0 for a request that got no answer)."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock, stop = threading.Lock(), threading.Event()

    def next_headers() -> dict | None:
        if isinstance(headers, dict):
            return headers
        with lock:
            chosen = next(headers, None)
        if chosen is None:
            stop.set()
        return chosen

    def client() -> None:
        session = requests.Session()
        while not stop.is_set():
            chosen = next_headers()
            if chosen is None:
                break
            started = time.perf_counter()
            try:
                status = (send(session) if send is not None else
                          session.get(url, headers=chosen, timeout=30, allow_redirects=False).status_code)
            except requests.RequestException:
                status = 0
            spent = time.perf_counter() - started
            with lock:
                latencies.append(spent)
                statuses[status] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    if alongside is not None:
        threads.append(threading.Thread(target=alongside, args=(stop,)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000 if latencies else 0,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
            "statuses": dict(statuses), "total": len(latencies)}


def queries_twice(client, path: str) -> tuple[int, int]:
    """The queries of a first request of `path` by `client` (a django.test.Client) and of the same again,
    in-process with an empty cache of its own: what a first read costs and what a reread costs."""
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    counts = []
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                               "LOCATION": "bench-queries"}}):
        for _ in range(2):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            counts.append(len(captured.captured_queries))
    return counts[0], counts[1]
