from django.db import migrations, models

from extranet.markup import excerpt, render_markdown


def fill_summaries(apps, schema_editor):
    """The stored excerpt of the news that already exist (News.summary_of at the time: 40 words)."""
    News = apps.get_model("fichiers", "News")
    news = list(News.objects.only("pk", "body"))
    for item in news:
        item.summary = excerpt(render_markdown(item.body), 40)
    News.objects.bulk_update(news, ["summary"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("fichiers", "0003_stored_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="news",
            name="summary",
            field=models.TextField(default="", editable=False, verbose_name="extrait"),
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]
