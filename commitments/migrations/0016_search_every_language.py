"""The explorer's search in every content language, on PostgreSQL only.

Rebuilds the GIN index of 0014 (on exactly `commitments.search.search_vector()`) and the
generated title vector (exactly `commitments.search.rank_vector()`) with the Spanish columns
(`title_es`, `short_title_es`, `description_es`) under the `spanish` configuration and the
French ones under `french`, beside the English columns under `english`, accents off as before
(and in Spanish the accent of -ación/-ución put back, so singular and plural share a stem:
`commitments.search.SPANISH_SUFFIX_PATTERN`). The expressions are copied here so the migration
does not change when the app code does. The column is dropped and added again (PostgreSQL 15
cannot change a generated expression), which rewrites the table once. On other databases this
does nothing.
"""

import importlib

from django.db import migrations

INDEX_NAME = "commitments_commitment_search"
COLUMN = "search_title_vector"
CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
TRANSLATED = ("title", "short_title", "description")
DOCUMENT = {
    "A": ("identifier", "title", "short_title"),
    "B": ("lead_institution", "supporting_institutions"),
    "C": ("description",),
}
SPANISH_PATTERN, SPANISH_REPLACEMENT = r"([au])cion\M", r"\1ción"

before = importlib.import_module("commitments.migrations.0014_search_without_accents")


def columns(fields, language):
    if language == "en":
        return tuple(fields)
    return tuple(f"{name}_{language}" for name in fields if name in TRANSLATED)


def normalized_sql(name, language):
    text = f"ogp_unaccent({name})"
    if language == "es":
        text = f"regexp_replace({text}, '{SPANISH_PATTERN}', '{SPANISH_REPLACEMENT}', 'gi')"
    return f"COALESCE({text}, '')"


def title_expression():
    vectors = []
    for language, config in CONFIGS.items():
        joined = " || ' ' || ".join(
            normalized_sql(name, language) for name in columns(DOCUMENT["A"], language)
        )
        vectors.append(f"to_tsvector('{config}'::regconfig, {joined})")
    return " || ".join(vectors)


def search_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, Func, TextField, Value

    def column(name, language):
        text = Func(F(name), function="ogp_unaccent", output_field=TextField())
        if language == "es":
            text = Func(
                text,
                Value(SPANISH_PATTERN),
                Value(SPANISH_REPLACEMENT),
                Value("gi"),
                function="regexp_replace",
                output_field=TextField(),
            )
        return text

    document = None
    for language, config in CONFIGS.items():
        for weight, fields in DOCUMENT.items():
            names = columns(fields, language)
            if not names:
                continue
            vector = SearchVector(
                *(column(name, language) for name in names), weight=weight, config=config
            )
            document = vector if document is None else document + vector
    return GinIndex(document, name=INDEX_NAME)


def rebuild(index, expression):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model("commitments", "Commitment")
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
        schema_editor.execute(f"ALTER TABLE commitments_commitment DROP COLUMN {COLUMN}")
        schema_editor.execute(
            f"ALTER TABLE commitments_commitment ADD COLUMN {COLUMN} tsvector"
            f" GENERATED ALWAYS AS ({expression()}) STORED"
        )
        schema_editor.add_index(model, index())

    return run


class Migration(migrations.Migration):
    dependencies = [("commitments", "0015_verbose_names")]

    operations = [
        migrations.RunPython(
            rebuild(search_index, title_expression),
            rebuild(lambda: before.search_index(True), lambda: before.title_expression(True)),
            elidable=False,
        )
    ]
