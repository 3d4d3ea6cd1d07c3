"""Regions that existed before the register get its standard domains, themes and phases."""
from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext as _


def seed(apps, schema_editor):
    from governance.register.services import DEFAULT_DOMAINS, DEFAULT_PHASES, DEFAULT_THEMES

    Region, Domain, Theme, Phase = (apps.get_model("governance", name) for name in ("Region", "Domain", "Theme", "Phase"))
    with translation.override(settings.LANGUAGE_CODE):
        for region in Region.objects.all():
            for name, kind, description in DEFAULT_DOMAINS:
                Domain.objects.get_or_create(region=region, name=_(name),
                                             defaults={"kind": kind, "description": _(description) if description else ""})
            for name in DEFAULT_THEMES:
                Theme.objects.get_or_create(region=region, name=_(name))
            for order, (name, description) in enumerate(DEFAULT_PHASES, start=1):
                Phase.objects.get_or_create(region=region, name=_(name), defaults={"order": order, "description": _(description)})


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_register")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
