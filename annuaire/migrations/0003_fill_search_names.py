from django.db import migrations

from extranet.search.text import search_key


def fill_search_names(apps, schema_editor):
    """Rows created before `search_name` existed get it, so that search finds them at once."""
    for model_name, source in (("Commune", "{name}"), ("Structure", "{name}"), ("Partner", "{name} {acronym}")):
        model = apps.get_model("annuaire", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.search_name = search_key(source.format(**row.__dict__))
        model.objects.bulk_update(rows, ["search_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("annuaire", "0002_directory_details")]

    operations = [migrations.RunPython(fill_search_names, migrations.RunPython.noop)]
