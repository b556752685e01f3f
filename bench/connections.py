"""Bounded database connections under load: the production server (granian, 2 workers, blocking threads = the
pool's size) answers 256 concurrent clients while PostgreSQL's connections to the database are sampled every
100 ms. Promise: never more than workers × MASSAR_DB_POOL_MAX_SIZE connections, and no error answer.
Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL, default redis://127.0.0.1:6379/0)."""

import os
import threading
import time

import psycopg
from django.db import connection

from bench.server import HEADERS, POOL, WORKERS, load, production_server

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "256"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))


def run() -> None:
    if connection.vendor != "postgresql":
        print("Skipped: the connections benchmark needs PostgreSQL (set DATABASE_URL).")
        return
    connection.close()  # this process's own connection (an earlier benchmark's) is not the server's
    peak = [0]

    def watch(stop: threading.Event) -> None:
        settings = connection.settings_dict
        with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                             user=settings["USER"], password=settings["PASSWORD"] or None,
                             dbname=settings["NAME"], autocommit=True) as watcher:
            while not stop.is_set():
                count = watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                        " AND pid <> pg_backend_pid()").fetchone()[0]
                peak[0] = max(peak[0], count)
                time.sleep(0.1)

    with production_server(workers=WORKERS, pool=POOL) as base:
        result = load(f"{base}/api/v1/health", HEADERS, clients=CLIENTS, seconds=SECONDS, alongside=watch)
    bound = WORKERS * POOL
    errors = sum(count for status, count in result["statuses"].items() if status != 200)
    print(f"granian: {WORKERS} workers × {POOL} blocking threads, pool max {POOL} per worker; "
          f"{CLIENTS} clients for {SECONDS:g} s on GET /api/v1/health (database and cache)\n")
    print("| requests | req/s | answers | PostgreSQL connections, peak | bound | |")
    print("|---:|---:|---|---:|---:|---|")
    ok = peak[0] <= bound and errors == 0 and result["total"] > 0
    print(f"| {result['total']:,} | {result['rps']:.0f} | {result['statuses']} | {peak[0]} | {bound} | "
          f"{'ok' if ok else 'MISSED'} |")
    if not ok:
        raise SystemExit("connections past the bound, or error answers")
