"""What every PostgreSQL connection is opened with (config/settings.py)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
