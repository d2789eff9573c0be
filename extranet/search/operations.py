"""The migration operation that creates a search index on PostgreSQL only."""

from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """`AddIndex` that only touches PostgreSQL databases; the migration state is the same everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
