import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from massar.students.models import IssuedMassarCode, MassarCodeCounter, Student
from massar.students.services import massar_code_issue
from massar.testing import factories as make

ROOT = Path(settings.BASE_DIR)
ISSUER = """
import sys, django
django.setup()
from massar.students.services import massar_code_issue
codes = [massar_code_issue(letter="Q") for _ in range(int(sys.argv[1]))]
print("\\n".join(codes))
"""


def child_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_processes_issuing_codes_never_collide():
    per_process = 150
    env = {**os.environ, "DATABASE_URL": child_database_url(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    processes = [subprocess.Popen([sys.executable, "-c", ISSUER, str(per_process)], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    codes = [code for out, _ in outputs for code in out.split()]
    assert len(codes) == 2 * per_process
    assert len(set(codes)) == len(codes)
    assert MassarCodeCounter.objects.get(letter="Q").issued == 2 * per_process
    assert IssuedMassarCode.objects.filter(code__in=codes).count() == len(codes)


@pytest.mark.django_db
def test_a_code_already_in_the_ledger_is_skipped_not_reused():
    from massar.students.codes import massar_code_for

    IssuedMassarCode.objects.create(code=massar_code_for("Q", 1))  # e.g. imported from another system
    assert massar_code_issue(letter="Q") == massar_code_for("Q", 2)


@pytest.mark.django_db
def test_a_code_is_never_reissued_after_its_file_is_deleted():
    make.school_year()
    first = make.student()
    code = first.massar_code
    first.delete()
    again = make.student()
    assert again.massar_code != code
    assert not Student.objects.filter(massar_code=code).exists()
    assert IssuedMassarCode.objects.filter(code=code).exists()


@pytest.mark.django_db
def test_opening_a_file_issues_a_code_with_the_academy_letter():
    make.school_year()
    school = make.school(directorate_=make.directorate(academy_=make.academy(letter="J")))
    student = make.student(school_=school)
    assert student.massar_code.startswith("J") and len(student.massar_code) == 10
