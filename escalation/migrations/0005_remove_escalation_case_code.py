from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0004_case_codes_become_case_links'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='escalation',
            name='case_code',
        ),
    ]
