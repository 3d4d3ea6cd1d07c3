from django.db import migrations

# The forms of violence a case can be counted under (casework.models.Violence), as rows.
CODES = ["child_abuse", "partner", "elder", "honour", "trafficking", "ex_partner", "other"]


def seed(apps, schema_editor):
    ViolenceForm = apps.get_model("casework", "ViolenceForm")
    for code in CODES:
        ViolenceForm.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
