"""The production server for a benchmark: granian with MASSAR_PRODUCTION settings on the benchmark's
PostgreSQL database and Redis, on a free port; stopped (its whole process group) when the block ends."""

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front of it says
# The production web node's defaults (`make serve`): WEB_WORKERS granian workers, each with as many blocking
# threads as its connection pool (MASSAR_DB_POOL_MAX_SIZE).
WORKERS = int(os.environ.get("WEB_WORKERS", "2"))
POOL = settings.DB_POOL_MAX_SIZE


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
    # BENCH_SERVER_LOG=path keeps the server's own output (its errors) for a look after the run.
    log = open(os.environ["BENCH_SERVER_LOG"], "ab") if os.environ.get("BENCH_SERVER_LOG") else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 -- our own server, our own arguments
        [str(root / ".venv/bin/granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--blocking-threads", str(pool), "config.wsgi:application"],
        cwd=root, env=env, stdout=log, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(f"{base}/api/v1/health", headers=HEADERS, timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still starting
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


WRK = shutil.which("wrk")
WRK_THREADS = 2
# Each wrk thread sends its share of the header sets in turn (thread t takes sets t, t + threads, …), so that
# a list of different students is read once each while it lasts.
WRK_SCRIPT = """
local sets = {%s}
local threads, counter = %d, 0
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) n = 0 end
function request()
  local index = (id + n * threads) %% #sets + 1
  n = n + 1
  return wrk.format("GET", nil, sets[index])
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(url: str, header_sets: list[dict], *, clients: int, seconds: float) -> dict:
    """`load` by wrk: `clients` connections GET `url` for `seconds`, each request with the next of
    `header_sets`. Same result keys as `load` (a status other than 2xx/3xx counted as "other")."""
    sets = ", ".join("{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}"
                     for headers in header_sets)
    out = wrk_run(url, WRK_SCRIPT % (sets, WRK_THREADS), clients=clients, seconds=seconds)
    result = wrk_parsed(out)
    if len(header_sets) > 1 and result["total"] > len(header_sets):  # the list ran out: some were sent again
        result["statuses"]["sent again"] = result["total"] - len(header_sets)
    return result


WARM_UP_SECONDS = float(os.environ.get("BENCH_WARM_UP_SECONDS", "3"))


def wrk_run(url: str, script: str, *, clients: int, seconds: float) -> str:
    """wrk's report of `clients` connections on `url` for `seconds`, each request made by the Lua `script`,
    after the same load for WARM_UP_SECONDS, not counted: the server's first answers (its processes opening
    their database connections, loading what they load on first use) are not the figure asked for."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    def wrk(duration: float) -> str:
        return subprocess.run([WRK or "wrk", "-t", str(WRK_THREADS), "-c", str(clients), "-d",  # noqa: S603
                               f"{duration:g}s", "--timeout", "30s", "--latency", "-s", file.name, url],
                              capture_output=True, text=True, check=True).stdout

    try:
        if WARM_UP_SECONDS > 0:
            wrk(WARM_UP_SECONDS)
        return wrk(seconds)
    finally:
        os.unlink(file.name)


def _milliseconds(value: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)):
        if value.endswith(unit):
            return float(value[:-len(unit)]) * factor
    return float(value)


def wrk_parsed(out: str) -> dict:
    """rps, p50, p99 (ms), statuses and total from wrk's `--latency` report."""
    found = {"rps": 0.0, "p50": 0.0, "p99": 0.0, "total": 0, "other": 0, "errors": 0}
    for line in out.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            found["rps"] = float(words[1])
        elif len(words) == 2 and words[0] in ("50%", "99%"):
            found["p" + words[0][:-1]] = _milliseconds(words[1])
        elif "requests in" in line:
            found["total"] = int(words[0])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            found["other"] = int(words[-1])
        elif line.strip().startswith("Socket errors:"):
            found["errors"] = sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
    statuses = {"2xx/3xx": found["total"] - found["other"]} | (
        {"other": found["other"]} if found["other"] else {}) | ({"socket errors": found["errors"]}
                                                               if found["errors"] else {})
    return {"rps": found["rps"], "p50": found["p50"], "p99": found["p99"], "statuses": statuses,
            "total": found["total"]}


def load(url: str, headers: dict | Iterator[dict] | list[dict], *, clients: int, seconds: float,
         alongside: Callable[[threading.Event], None] | None = None,
         send: Callable[[requests.Session], int] | None = None) -> dict:
    """`clients` threads GET `url` for `seconds` (each as fast as it is answered); `alongside`, if given, runs in
    its own thread until the same stop. `headers` may be an iterator: each request takes the next (e.g. each
    as another student); the run stops early when it runs out. `send`, if given, makes each request itself (a
    POST, a body of its own) and returns its status. Returns req/s, p50 and p99 (ms), the answers by
    status and their count (0 for a request that got no answer).

    Plain GETs (fixed headers, or a list of header sets) go through wrk when it is installed (`setup.sh`
    installs it): its clients cost the server's cores almost nothing. An iterator of headers, `alongside` or
    `send` use Python threads."""
    if WRK and send is None and alongside is None and not isinstance(headers, Iterator):
        return wrk_load(url, [headers] if isinstance(headers, dict) else headers, clients=clients, seconds=seconds)
    if isinstance(headers, list):
        headers = iter(headers)
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
    empty = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-queries"}
    # Both aliases: sessions are cached too when the benchmark shares the servers' Redis (bench/__main__.py).
    with override_settings(CACHES={"default": empty, "sessions": {**empty, "LOCATION": "bench-queries-sessions"}}):
        for _ in range(2):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            counts.append(len(captured.captured_queries))
    return counts[0], counts[1]
