"""A GIN index for the explorer's full-text search, on PostgreSQL only.

The index is built on exactly the expression `commitments.filters.search_vector()` searches
(kept here as a copy so the migration does not change when the app code does); a test checks
that PostgreSQL's planner uses it. On other databases this migration does nothing: the
explorer's search falls back to `icontains` there. The index is not in the model's Meta (it
would not be valid on SQLite), so it is created and dropped with `RunPython`.
"""

from django.db import migrations

INDEX_NAME = "commitments_commitment_search"


def search_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    config = "english"
    vector = (
        SearchVector("identifier", "title", "short_title", weight="A", config=config)
        + SearchVector("lead_institution", "supporting_institutions", weight="B", config=config)
        + SearchVector("description", weight="C", config=config)
    )
    return GinIndex(vector, name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("commitments", "Commitment"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("commitments", "Commitment"), search_index())


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_policy_areas")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
