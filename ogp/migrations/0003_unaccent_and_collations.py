"""Accent-insensitive search and per-language sorting on PostgreSQL (see ogp/text.py).

- The `unaccent` extension (`UnaccentExtension`; trusted since PostgreSQL 13, so the
  database's owner may create it, no superuser needed) and `ogp_unaccent(text)`, an IMMUTABLE wrapper that names its dictionary and schema, so
  that indexes and generated columns can use it (unaccent() itself is only STABLE: its
  result depends on the search path).
- The ICU collations `ogp_en`, `ogp_es`, `ogp_fr` that `ogp.text.by_name()` sorts names with.

Both are kept here as SQL (not imported from ogp/text.py) so the migration does not change
when the app code does. On SQLite this does nothing: ogp/text.py registers the function and
the collations on each connection.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

COLLATIONS = {"ogp_en": "en", "ogp_es": "es", "ogp_fr": "fr"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
        cursor.execute(
            "CREATE OR REPLACE FUNCTION ogp_unaccent(text) RETURNS text"
            " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
            f" AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
        )
        for name, locale in COLLATIONS.items():
            cursor.execute(
                f"CREATE COLLATION IF NOT EXISTS {name} (provider = icu, locale = '{locale}')"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in COLLATIONS:
            cursor.execute(f"DROP COLLATION IF EXISTS {name}")
        cursor.execute("DROP FUNCTION IF EXISTS ogp_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("ogp", "0002_data_version_row")]

    operations = [UnaccentExtension(), migrations.RunPython(create, drop, elidable=False)]
