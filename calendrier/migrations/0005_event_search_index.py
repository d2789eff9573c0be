# Events were the one search source without the GIN index over their stored vector: a word found in
# no event read the whole table (docs/decisions.md, « Search: a bounded ranking per source »).

from django.db import migrations

import extranet.search.models


class Migration(migrations.Migration):

    dependencies = [
        ('calendrier', '0004_stored_search_vector'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='event',
            index=extranet.search.models.SearchIndex(fields=['search_document'], name='event_search_idx'),
        ),
    ]
