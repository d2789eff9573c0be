"""A site's coordinates become text as written, like the directory's (`annuaire.fields.CoordinateField`).

The decimal values are copied in Python rather than cast by the database: PostgreSQL would write
"44.070000" and SQLite "44.07" (or "44" for a whole number it had kept as an integer). Each becomes
the shortest plain decimal text of the same number ("44.07"), never an exponent ("1E-6"), which the
field's check refuses.
"""

from decimal import Decimal

from django.db import migrations

import annuaire.fields

NAMES = ("latitude", "longitude")


def _text(value):
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def to_text(apps, schema_editor):
    Site = apps.get_model("itinerance", "Site")
    for site in Site.objects.exclude(latitude=None, longitude=None).only("pk", *NAMES):
        for name in NAMES:
            setattr(site, f"{name}_text", _text(getattr(site, name)))
        site.save(update_fields=[f"{name}_text" for name in NAMES])


def to_decimal(apps, schema_editor):
    Site = apps.get_model("itinerance", "Site")
    places = Decimal("0.000001")
    for site in Site.objects.exclude(latitude_text=None, longitude_text=None):
        for name in NAMES:
            text = getattr(site, f"{name}_text")
            setattr(site, name, Decimal(text).quantize(places) if text else None)
        site.save(update_fields=list(NAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("itinerance", "0003_home_visit_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="site",
            name="latitude_text",
            field=annuaire.fields.CoordinateField(blank=True, max_length=20, null=True, verbose_name="latitude"),
        ),
        migrations.AddField(
            model_name="site",
            name="longitude_text",
            field=annuaire.fields.CoordinateField(
                blank=True, limit=180, max_length=20, null=True, verbose_name="longitude"
            ),
        ),
        migrations.RunPython(to_text, to_decimal),
        migrations.RemoveField(model_name="site", name="latitude"),
        migrations.RemoveField(model_name="site", name="longitude"),
        migrations.RenameField(model_name="site", old_name="latitude_text", new_name="latitude"),
        migrations.RenameField(model_name="site", old_name="longitude_text", new_name="longitude"),
    ]
