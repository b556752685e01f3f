"""One upload in a fresh process (bench/canevas_memory.py): prints {outcome, seconds, maxrss_mb} as JSON."""

import json
import os
import sys
import time
from pathlib import Path

import django


def main() -> None:
    path, teacher_id, sheet_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.utils import translation

    translation.activate("en")
    outcome, seconds = "—", 0.0
    if path:
        from massar.accounts.models import User
        from massar.grades.canevas import CanevasImporter, CanevasRefused
        from massar.grades.models import GradeSheet

        data = Path(path).read_bytes()  # read once, whole, as the upload view does
        importer = CanevasImporter(actor=User.objects.get(pk=teacher_id), sheet=GradeSheet.objects.get(pk=sheet_id))
        peak_reset()
        started = time.perf_counter()
        try:
            summary = importer.run(data)
            outcome = f"imported ({summary.cells_changed} marks)"
        except CanevasRefused as refused:
            first = str(refused.problems[0])[:60] if refused.problems else ""
            outcome = f"refused ({refused.total} problem(s): {first}…)"
        seconds = time.perf_counter() - started
    print(json.dumps({"outcome": outcome, "seconds": seconds, "maxrss_mb": status_mb("VmHWM"),
                      "before_mb": status_mb("VmRSS") if not path else BEFORE[0]}))


BEFORE = [0.0]


def status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_reset() -> None:
    """Start the peak (VmHWM) again from the current resident size: what follows is measured on its own."""
    BEFORE[0] = status_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")


if __name__ == "__main__":
    main()
