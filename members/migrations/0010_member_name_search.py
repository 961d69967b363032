"""A trigram index for the searches of member names, accents and case aside
(`name__unaccented__icontains`, ogp/text.py: `UPPER(ogp_unaccent(name)) LIKE '%…%'`): the
directory's name filter, the member admin's search and the commitment admin's (the members
whose name holds the text). Without it each of them reads every member and unaccents each name
(2,272 at 10× data, about 3 ms); with it a text of three characters or more is a bitmap scan
of the index (about 0.1 ms). Shorter texts have no trigram: they read every member, as before.

The `pg_trgm` extension (`TrigramExtension`) is trusted since PostgreSQL 13, like `unaccent`
(ogp 0003): the database's owner may create it. The index is SQL (on exactly the lookup's
expression, its operator class named in the extension's schema), PostgreSQL only: SQLite has
neither, and does nothing here.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "members_member_name_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
        schema = cursor.fetchone()[0]
        cursor.execute(
            f"CREATE INDEX {INDEX} ON members_member"
            f" USING gin ((UPPER(ogp_unaccent(name::text))) {schema}.gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_verbose_names"),
        ("ogp", "0003_unaccent_and_collations"),
    ]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
