"""Seed the configurable Belgian public holidays (administrators can edit them)."""

from django.db import migrations


def seed(apps, schema_editor):
    from insurance.rules import belgian_public_holidays

    PublicHoliday = apps.get_model("insurance", "PublicHoliday")
    for year in range(2020, 2036):
        for date, name in belgian_public_holidays(year):
            PublicHoliday.objects.get_or_create(date=date, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("insurance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
