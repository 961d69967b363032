"""The explorer's searched document as a stored generated column, on PostgreSQL only.

Until now the GIN index was built on the document's expression (`search_vector()`: nine
`to_tsvector` calls over the fields of three languages), and a plan that reads rows first
(a member's or a year's, then the search as a filter) computed that expression for each row:
with statistics, the planner chose such a plan for a search with two filters at 10× data and
it took 4 s. PostgreSQL now keeps the document in `search_document`, written with the row, and
the GIN index is on that column: the match reads a column whatever the plan, and the planner
has no long expression to match. The column's expression is exactly the one 0016 indexed
(compiled from its copy of `search_vector()`); a test checks it equals `search_vector()`. On
other databases this does nothing.
"""

import importlib

from django.db import migrations

INDEX_NAME = "commitments_commitment_search"
COLUMN = "search_document"

every_language = importlib.import_module("commitments.migrations.0016_search_every_language")


def document_sql(model, schema_editor):
    from django.db.models.sql import Query

    document = every_language.search_index().expressions[0]
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = document.resolve_expression(query).as_sql(compiler, schema_editor.connection)
    return sql % tuple(schema_editor.quote_value(value) for value in params)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("commitments", "Commitment")
    expression = document_sql(model, schema_editor)
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        f"ALTER TABLE commitments_commitment ADD COLUMN {COLUMN} tsvector"
        f" GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON commitments_commitment USING gin ({COLUMN})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("commitments", "Commitment")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(f"ALTER TABLE commitments_commitment DROP COLUMN {COLUMN}")
    schema_editor.add_index(model, every_language.search_index())


class Migration(migrations.Migration):
    dependencies = [("commitments", "0016_search_every_language")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
