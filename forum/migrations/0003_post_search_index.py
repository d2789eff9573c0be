# GIN index of the posts' search text: PostgreSQL only (see extranet.search).

import django.contrib.postgres.search
from django.db import migrations

import extranet.search.models


class Migration(migrations.Migration):

    dependencies = [
        ('forum_ext', '0002_post_search_text'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='postsearchtext',
            index=extranet.search.models.SearchIndex(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('search_title', config='french', weight='A'), '||', django.contrib.postgres.search.SearchVector('search_body', config='french', weight='B'), django.contrib.postgres.search.SearchConfig('french')), name='forum_post_search_idx'),
        ),
    ]
