"""The semester close at national scale (bench/semester_close.py):

- marks carry a generated `tally` (models.py) and, on PostgreSQL, the unique (sheet, student, slot) index also
  carries it, so that the close reads marks from the index alone; statistics on (sheet, student) tell the
  planner how many sheet rows there are (it otherwise guesses a third) for any query grouping marks by sheet
  row (the close itself reads one sheet at a time and does not depend on them);
- per-student subject results give way to one row of class statistics per sheet (SheetResult): a student's
  subject average is computed from their marks when shown;
- semester results are keyed by (semester, student), without foreign-key constraints in the database (derived
  data, rebuilt in bulk by the close). They are dropped and recreated: run the close again after migrating.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models.functions import Cast, Round

COVERING_INDEX = """
ALTER TABLE grades_mark DROP CONSTRAINT one_mark_per_cell;
ALTER TABLE grades_mark ADD CONSTRAINT one_mark_per_cell UNIQUE (sheet_id, student_id, slot) INCLUDE (tally);
CREATE STATISTICS grades_mark_sheet_rows (ndistinct) ON sheet_id, student_id FROM grades_mark;
"""

PLAIN_INDEX = """
DROP STATISTICS IF EXISTS grades_mark_sheet_rows;
ALTER TABLE grades_mark DROP CONSTRAINT one_mark_per_cell;
ALTER TABLE grades_mark ADD CONSTRAINT one_mark_per_cell UNIQUE (sheet_id, student_id, slot);
"""


def _tally():
    """models._tally_expression() as it was when this migration was written."""
    hundredths = Cast(Round(models.F("value") * 100), models.IntegerField())
    return models.Case(
        models.When(models.Q(absent=True) | models.Q(value__isnull=True), then=models.Value(0)),
        models.When(slot=0, then=(hundredths + 1) * (1 << 19)),
        default=hundredths + (1 << 15),
        output_field=models.IntegerField())


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("grades", "0001_initial"),
        ("schools", "0002_reference_data"),
        ("students", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="SubjectResult"),
        migrations.DeleteModel(name="SemesterResult"),
        migrations.CreateModel(
            name="SheetResult",
            fields=[
                ("sheet", models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                               primary_key=True, related_name="result", serialize=False,
                                               to="grades.gradesheet")),
                ("averages_count", models.PositiveIntegerField()),
                ("class_minimum", models.DecimalField(decimal_places=12, max_digits=16)),
                ("class_mean", models.DecimalField(decimal_places=12, max_digits=16)),
                ("class_maximum", models.DecimalField(decimal_places=12, max_digits=16)),
                ("closed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name="SemesterResult",
            fields=[
                ("pk", models.CompositePrimaryKey("semester", "student", blank=True, editable=False,
                                                  primary_key=True, serialize=False)),
                ("semester", models.ForeignKey(db_constraint=False, db_index=False,
                                               on_delete=django.db.models.deletion.CASCADE, related_name="results",
                                               to="core.semester")),
                ("school_class", models.ForeignKey(db_constraint=False, db_index=False,
                                                   on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="semester_results", to="schools.schoolclass")),
                ("student", models.ForeignKey(db_constraint=False, db_index=False,
                                              on_delete=django.db.models.deletion.CASCADE,
                                              related_name="semester_results", to="students.student")),
                ("general_average", models.DecimalField(decimal_places=12, max_digits=16, null=True)),
                ("rank", models.PositiveSmallIntegerField(null=True)),
                ("ranked_in_class", models.PositiveSmallIntegerField(
                    default=0, help_text="How many students of the class have a rank (rank 3 of 38).")),
                ("missing_subjects", models.JSONField(default=list)),
                ("closed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"indexes": [models.Index(fields=["school_class", "semester"],
                                              name="grades_seme_school__89ecea_idx")]},
        ),
        migrations.AlterField(
            model_name="mark",
            name="sheet",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="marks", to="grades.gradesheet", verbose_name="grade sheet"),
        ),
        migrations.AddField(
            model_name="mark",
            name="tally",
            field=models.GeneratedField(db_persist=True, expression=_tally(),
                                        output_field=models.IntegerField()),
        ),
        migrations.RunPython(_on_postgresql(COVERING_INDEX), _on_postgresql(PLAIN_INDEX), elidable=False),
    ]
