from django.db import migrations

from massar.schools import reference


def load(apps, schema_editor):
    Cycle = apps.get_model("schools", "Cycle")
    Level = apps.get_model("schools", "Level")
    Stream = apps.get_model("schools", "Stream")
    Subject = apps.get_model("schools", "Subject")
    for code, order, ar, fr, en in reference.CYCLES:
        Cycle.objects.update_or_create(code=code, defaults={"order": order, "name_ar": ar, "name_fr": fr,
                                                            "name_en": en})
    for code, cycle, order, ar, fr, en in reference.LEVELS:
        Level.objects.update_or_create(code=code, defaults={"cycle_id": cycle, "order": order, "name_ar": ar,
                                                            "name_fr": fr, "name_en": en})
    levels = {level.code: level for level in Level.objects.all()}
    for level, code, ar, fr, en in reference.STREAMS:
        Stream.objects.update_or_create(level=levels[level], code=code,
                                        defaults={"name_ar": ar, "name_fr": fr, "name_en": en})
    for code, ar, fr, en in reference.SUBJECTS:
        Subject.objects.update_or_create(code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
