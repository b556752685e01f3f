"""`python -m massar.testing.paused_import <pause file> <grades_import arguments...>`: the import command in a
process that, right after writing the marks and still inside its transaction, touches the pause file and
waits, so that a test can kill it there and check that nothing was written. The pause is patched in here,
in the test process's child, never carried by the importer itself."""

import sys
import time
from pathlib import Path
from unittest import mock


def main(pause_file: str, arguments: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from massar.grades.canevas import writing

    write = writing.marks_upsert

    def write_then_wait(rows: list[tuple]) -> None:
        write(rows)
        Path(pause_file).touch()
        time.sleep(120)

    with mock.patch.object(writing, "marks_upsert", write_then_wait):
        call_command("grades_import", *arguments)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
