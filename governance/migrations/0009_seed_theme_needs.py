"""Existing themes need every social and safety domain of their region, the same default that
new themes get (governance.map.services.theme_default_needs)."""
from django.db import migrations


def seed(apps, schema_editor):
    Theme, Domain = apps.get_model("governance", "Theme"), apps.get_model("governance", "Domain")
    Needs = Theme.needed_domains.through
    main = {}
    for domain_id, region_id in Domain.objects.filter(kind__in=["social", "safety"]).values_list("id", "region_id"):
        main.setdefault(region_id, []).append(domain_id)
    has_needs = set(Needs.objects.values_list("theme_id", flat=True))
    Needs.objects.bulk_create([
        Needs(theme_id=theme_id, domain_id=domain_id)
        for theme_id, region_id in Theme.objects.values_list("id", "region_id") if theme_id not in has_needs
        for domain_id in main.get(region_id, [])
    ])


class Migration(migrations.Migration):
    dependencies = [("governance", "0008_map")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
