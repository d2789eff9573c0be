# The directory's old LIKE column goes; its search uses GIN indexes, PostgreSQL only (see extranet.search).
# Apart from the data migration in 0006, in a migration of its own: PostgreSQL refuses to alter a
# table with row updates still pending in the same transaction.

import django.contrib.postgres.search
from django.db import migrations

import extranet.search.models


class Migration(migrations.Migration):

    dependencies = [
        ('annuaire', '0006_search_text'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='commune',
            name='search_name',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='search_name',
        ),
        migrations.RemoveField(
            model_name='referent',
            name='search_name',
        ),
        migrations.RemoveField(
            model_name='structure',
            name='search_name',
        ),
        migrations.AddIndex(
            model_name='partner',
            index=extranet.search.models.SearchIndex(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('search_title', config='french', weight='A'), '||', django.contrib.postgres.search.SearchVector('search_body', config='french', weight='B'), django.contrib.postgres.search.SearchConfig('french')), name='partner_search_idx'),
        ),
        migrations.AddIndex(
            model_name='referent',
            index=extranet.search.models.SearchIndex(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('search_title', config='french', weight='A'), '||', django.contrib.postgres.search.SearchVector('search_body', config='french', weight='B'), django.contrib.postgres.search.SearchConfig('french')), name='referent_search_idx'),
        ),
        migrations.AddIndex(
            model_name='structure',
            index=extranet.search.models.SearchIndex(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('search_title', config='french', weight='A'), '||', django.contrib.postgres.search.SearchVector('search_body', config='french', weight='B'), django.contrib.postgres.search.SearchConfig('french')), name='structure_search_idx'),
        ),
    ]
