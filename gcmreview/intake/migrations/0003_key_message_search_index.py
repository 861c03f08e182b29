# The full-text index over KeyMessage.search_terms (gcmreview/intake/search.py).
#
# SQLite: an FTS5 table with external content (the terms are stored once, in the key
# message table), kept in step by triggers so that every write path, ORM, bulk or raw SQL,
# updates it. PostgreSQL: a GIN index on the same expression search() queries. Each part
# runs only on its own database. The SQL is written out here, not imported, so that this
# migration means the same thing whatever search.py becomes; a test checks the two agree.

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL that runs only when the database is of the given vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        return (self.__class__.__name__, [self.vendor, self.sql, self.reverse_sql], {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Full-text index over key messages ({self.vendor})"


SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS intake_keymessage_fts USING fts5(search_terms, "
    "content='intake_keymessage', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",

    "CREATE TRIGGER IF NOT EXISTS intake_keymessage_fts_insert AFTER INSERT ON intake_keymessage "
    "BEGIN "
    "INSERT INTO intake_keymessage_fts(rowid, search_terms) VALUES (new.id, new.search_terms); "
    "END",

    "CREATE TRIGGER IF NOT EXISTS intake_keymessage_fts_delete AFTER DELETE ON intake_keymessage "
    "BEGIN "
    "INSERT INTO intake_keymessage_fts(intake_keymessage_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "END",

    "CREATE TRIGGER IF NOT EXISTS intake_keymessage_fts_update "
    "AFTER UPDATE OF id, search_terms ON intake_keymessage "
    "WHEN old.search_terms IS NOT new.search_terms OR old.id != new.id "
    "BEGIN "
    "INSERT INTO intake_keymessage_fts(intake_keymessage_fts, rowid, search_terms) "
    "VALUES ('delete', old.id, old.search_terms); "
    "INSERT INTO intake_keymessage_fts(rowid, search_terms) VALUES (new.id, new.search_terms); "
    "END",

    # Index the key messages that exist already.
    "INSERT INTO intake_keymessage_fts(intake_keymessage_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS intake_keymessage_fts_update",
    "DROP TRIGGER IF EXISTS intake_keymessage_fts_delete",
    "DROP TRIGGER IF EXISTS intake_keymessage_fts_insert",
    "DROP TABLE IF EXISTS intake_keymessage_fts",
]

POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS intake_keymessage_search_gin ON intake_keymessage "
    "USING gin (to_tsvector('simple', search_terms))",
]

POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS intake_keymessage_search_gin"]


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0002_files_texts_key_messages"),
    ]

    operations = [
        RunSQLOn("sqlite", SQLITE, SQLITE_REVERSE),
        RunSQLOn("postgresql", POSTGRESQL, POSTGRESQL_REVERSE),
    ]
