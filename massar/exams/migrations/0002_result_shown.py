"""ExamResult.shown: what a published result shows of its session and candidate, written at publication; the
results already published get theirs here (as publication.result_heading writes it)."""

from django.db import migrations, models


def shown_for_published(apps, schema_editor):
    ExamSession = apps.get_model("exams", "ExamSession")
    ExamResult = apps.get_model("exams", "ExamResult")
    for session in ExamSession.objects.filter(state="published").select_related("school_year", "level"):
        heading = {"session_id": session.pk, "kind": session.kind, "session": session.number,
                   "school_year": session.school_year.label, "level": session.level.code,
                   "published_at": session.published_at.isoformat(), "out_of": session.out_of,
                   "order": [session.school_year.starts_on.isoformat(), session.level.order, session.number,
                             session.pk]}
        batch = []
        for result in ExamResult.objects.filter(session=session).select_related("candidate").iterator(chunk_size=2000):
            result.shown = {**heading, "exam_number": result.candidate.exam_number,
                            "candidate_kind": result.candidate.kind}
            batch.append(result)
            if len(batch) == 2000:
                ExamResult.objects.bulk_update(batch, ["shown"])
                batch = []
        ExamResult.objects.bulk_update(batch, ["shown"])


class Migration(migrations.Migration):

    dependencies = [
        ("exams", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="examresult",
            name="shown",
            field=models.JSONField(editable=False, null=True, verbose_name="as shown"),
        ),
        migrations.RunPython(shown_for_published, migrations.RunPython.noop),
    ]
