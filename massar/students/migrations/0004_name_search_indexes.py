"""Trigram indexes for the staff search of students by name (selectors.student_list_for), PostgreSQL only.

The search filters stay the ones SQLite runs too (`UPPER(name) LIKE UPPER('%q%')` for Latin letters,
`name LIKE '%q%'` for Arabic); on PostgreSQL these GIN trigram indexes serve them, so a name searched across
the nation reads the matching rows instead of every student. Needs the pg_trgm extension (PostgreSQL contrib,
a trusted extension: the database's owner may create it).
"""

from django.db import migrations

# The indexed expressions are the ones Django writes for `icontains` and `contains` on PostgreSQL.
INDEXES = {
    "student_last_latin_trgm": 'UPPER("last_name_latin"::text)',
    "student_first_latin_trgm": 'UPPER("first_name_latin"::text)',
    "student_last_ar_trgm": '"last_name_ar"::text',
    "student_first_ar_trgm": '"first_name_ar"::text',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "students_student" USING gin (({expression}) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("students", "0003_list_order_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
