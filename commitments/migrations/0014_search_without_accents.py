"""The explorer's search without accents, on PostgreSQL only (see ogp/text.py).

Rebuilds, with every field through `ogp_unaccent()` (migration ogp 0003), the two things the
search reads: the GIN index of 0003 (on exactly `commitments.filters.search_vector()`) and the
generated title vector of 0008 (exactly `commitments.filters.rank_vector()`), so "coruna" and
"participacion" find "A Coruña" and "participación" through the index, and rank the same way.
The expressions are copied here so the migration does not change when the app code does. The
column is dropped and added again (PostgreSQL 15 cannot change a generated expression), which
rewrites the table once. On other databases this does nothing.
"""

from django.db import migrations

INDEX_NAME = "commitments_commitment_search"
COLUMN = "search_title_vector"
CONFIG = "english"


def title_expression(unaccent):
    def field(name):
        return f"COALESCE(ogp_unaccent({name}), '')" if unaccent else f"COALESCE({name}, '')"

    joined = " || ' ' || ".join(field(name) for name in ("identifier", "title", "short_title"))
    return f"to_tsvector('{CONFIG}'::regconfig, {joined})"


def search_index(unaccent):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, Func, TextField

    def column(name):
        if unaccent:
            return Func(F(name), function="ogp_unaccent", output_field=TextField())
        return name

    def vector(*names, weight):
        return SearchVector(*map(column, names), weight=weight, config=CONFIG)

    document = (
        vector("identifier", "title", "short_title", weight="A")
        + vector("lead_institution", "supporting_institutions", weight="B")
        + vector("description", weight="C")
    )
    return GinIndex(document, name=INDEX_NAME)


def rebuild(unaccent):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model("commitments", "Commitment")
        schema_editor.remove_index(model, search_index(not unaccent))
        schema_editor.execute(f"ALTER TABLE commitments_commitment DROP COLUMN {COLUMN}")
        schema_editor.execute(
            f"ALTER TABLE commitments_commitment ADD COLUMN {COLUMN} tsvector"
            f" GENERATED ALWAYS AS ({title_expression(unaccent)}) STORED"
        )
        schema_editor.add_index(model, search_index(unaccent))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0013_content_translations"),
        ("ogp", "0003_unaccent_and_collations"),
    ]

    operations = [migrations.RunPython(rebuild(True), rebuild(False), elidable=False)]
