"""A narrow copy of each commitment's two stored vectors, which the explorer's search reads when
the facet index answers its other filters (`commitments.search.CommitmentSearch`).

A common word matches tens of thousands of commitments; finding them through the GIN index of
0017 visits their rows in the commitments' table (about 1.6 kB each, 100 MB at 10x data), most
of its pages. The copy holds the id and the two vectors only, GIN-indexed on the document.

On PostgreSQL the database keeps it, so no write path can miss it:

- after an INSERT into the commitments (one row or an import's bulk_create), one INSERT of the
  new rows' vectors (a statement trigger, reading the statement's new rows);
- after an UPDATE of a commitment that changes either generated vector (a title, a translation,
  an institution), its row is rewritten (a row trigger whose WHEN compares the vectors, so an
  update that leaves them, such as refresh_findings' of the IRM values, costs one comparison);
- a deleted commitment's row goes with it (the foreign key cascades; Django's collector does
  not read this table: `on_delete=DO_NOTHING`, no constraint of Django's own).

Both triggers upsert, so a missing row is written again. A later migration that rebuilds the
generated columns (dropping and adding them, as 0016 and 0017 did) fires no trigger: it must run
`COPY_EVERY_ROW` after. On SQLite the table is created and stays empty.
"""

import commitments.search
import django.db.models.deletion
from django.db import migrations, models

TABLE = "commitments_commitmentsearch"
INDEX = "commitments_commitmentsearch_document"
FOREIGN_KEY = "commitments_commitmentsearch_commitment"
COPIED = "SELECT id, search_title_vector, search_document FROM {source}"
UPSERT = (
    f"INSERT INTO {TABLE} (commitment_id, title_vector, document) {COPIED}"
    " ON CONFLICT (commitment_id) DO UPDATE"
    " SET title_vector = EXCLUDED.title_vector, document = EXCLUDED.document"
)
COPY_EVERY_ROW = UPSERT.format(source="commitments_commitment")

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD CONSTRAINT {FOREIGN_KEY} FOREIGN KEY (commitment_id)"
    " REFERENCES commitments_commitment (id) ON DELETE CASCADE ON UPDATE CASCADE",
    COPY_EVERY_ROW,
    f"CREATE INDEX {INDEX} ON {TABLE} USING gin (document)",
    f"ANALYZE {TABLE}",
    f"""
    CREATE FUNCTION commitments_search_copy_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {UPSERT.format(source="inserted")};
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER commitments_commitment_search_inserted AFTER INSERT ON commitments_commitment
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION commitments_search_copy_inserted()
    """,
    f"""
    CREATE FUNCTION commitments_search_copy_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {TABLE} (commitment_id, title_vector, document)
        VALUES (NEW.id, NEW.search_title_vector, NEW.search_document)
        ON CONFLICT (commitment_id) DO UPDATE
        SET title_vector = EXCLUDED.title_vector, document = EXCLUDED.document;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER commitments_commitment_search_updated AFTER UPDATE ON commitments_commitment
    FOR EACH ROW WHEN (
        OLD.search_document IS DISTINCT FROM NEW.search_document
        OR OLD.search_title_vector IS DISTINCT FROM NEW.search_title_vector
    )
    EXECUTE FUNCTION commitments_search_copy_updated()
    """,
]

BACKWARDS = [
    "DROP TRIGGER commitments_commitment_search_updated ON commitments_commitment",
    "DROP FUNCTION commitments_search_copy_updated()",
    "DROP TRIGGER commitments_commitment_search_inserted ON commitments_commitment",
    "DROP FUNCTION commitments_search_copy_inserted()",
    f"DROP INDEX {INDEX}",
    f"ALTER TABLE {TABLE} DROP CONSTRAINT {FOREIGN_KEY}",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("commitments", "0017_stored_search_document")]

    operations = [
        migrations.CreateModel(
            name="CommitmentSearch",
            fields=[
                (
                    "commitment",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_copy",
                        serialize=False,
                        to="commitments.commitment",
                        verbose_name="Commitment",
                    ),
                ),
                (
                    "title_vector",
                    commitments.search.VectorField(verbose_name="Ranked title vector"),
                ),
                ("document", commitments.search.VectorField(verbose_name="Searched document")),
            ],
            options={
                "verbose_name": "search copy of a commitment",
                "verbose_name_plural": "search copies of commitments",
                "ordering": ["commitment"],
            },
        ),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
