import argparse
import os
import sys

import django

BENCHMARKS = {
    "password_hashing": "bench.password_hashing",
    "semester_close": "bench.semester_close",
    "grades_import": "bench.grades_import",
    "canevas_memory": "bench.canevas_memory",
    "connections": "bench.connections",
    "pages": "bench.pages",
    "roles": "bench.roles",
    "student_list": "bench.student_list",
    "documents": "bench.documents",
    "roll_call": "bench.roll_call",
    "results": "bench.results",
    "rollover": "bench.rollover",
    "orientation_solve": "bench.orientation_solve",
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Run Massar's benchmarks.")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--students", type=int, help="orientation_solve only: students of the national instance "
                        "(default 500,000; BENCH_STUDENTS also sets it)")
    args = parser.parse_args()
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The cache the production servers it starts share (bench/server.py): what the benchmark forgets or
    # tombstones (a publication's results) is what they read, not a directory of files beside them.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    django.setup()
    for name in args.names or BENCHMARKS:
        module = __import__(BENCHMARKS[name], fromlist=["run"])
        print(f"\n## {name}\n")
        module.run(**({"students": args.students} if args.students and name == "orientation_solve" else {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
