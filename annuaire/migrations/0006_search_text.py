# The directory moves onto the site-wide search text (extranet.search): two normalised columns per
# record, filled here for the existing rows; 0007 drops the old column and adds the GIN indexes.

from django.db import migrations, models

from extranet.search.text import search_key


def fill_search_text(apps, schema_editor):
    """The same (title, body) as each model's `text_for_search()`, for rows saved before it existed."""
    texts = {
        "Structure": lambda row: (row.name, row.commune.name),
        "Partner": lambda row: (f"{row.name} {row.acronym}", ""),
        "Referent": lambda row: (row.full_name, ""),
    }
    for model_name, text in texts.items():
        model = apps.get_model("annuaire", model_name)
        rows = list(model.objects.select_related("commune") if model_name == "Structure" else model.objects.all())
        for row in rows:
            title, body = text(row)
            row.search_title, row.search_body = search_key(title), search_key(body)
        model.objects.bulk_update(rows, ["search_title", "search_body"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('annuaire', '0005_permanence_unique_natural_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='partner',
            name='search_body',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_title',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='referent',
            name='search_body',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='referent',
            name='search_title',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='structure',
            name='search_body',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='structure',
            name='search_title',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
