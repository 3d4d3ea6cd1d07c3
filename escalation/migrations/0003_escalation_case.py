import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0004_lead_and_discussion_restrict'),
        ('escalation', '0002_sane_bounds'),
    ]

    operations = [
        migrations.AddField(
            model_name='escalation',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name='+', to='casework.case', verbose_name='case'),
        ),
    ]
