"""A stored full-text vector of each commitment's identifier and titles, on PostgreSQL only.

Search results are ranked on identifier + titles (`commitments.filters.rank_vector`). Computing
that vector for every match of a common word (tens of thousands of rows) took hundreds of
milliseconds; PostgreSQL now keeps it in a generated column, `search_title_vector`, written with
the row, and the ranking reads it (`commitments.filters.TitleVector`). The expression is exactly
the SQL Django writes for `rank_vector()` (a test compares the two rankings). The model does not
declare the column (it would not be valid on SQLite, where the search falls back to
`icontains`), so it is added and dropped with `RunPython`, like the GIN index of 0003.
"""

from django.db import migrations

COLUMN = "search_title_vector"
EXPRESSION = (
    "to_tsvector('english'::regconfig, COALESCE(identifier, '') || ' ' || COALESCE(title, '')"
    " || ' ' || COALESCE(short_title, ''))"
)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE commitments_commitment ADD COLUMN {COLUMN} tsvector"
        f" GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE commitments_commitment DROP COLUMN {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("commitments", "0007_commitment_filter_index")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
