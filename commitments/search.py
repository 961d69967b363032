"""Full-text search of the commitments: on PostgreSQL the GIN-indexed document and the title
vector that ranks it, both stored in generated columns (migrations 0008, 0014, 0016, 0017 build
them on exactly these expressions), elsewhere `icontains` over the same fields; both ignore
accents and case.

Every content language is searched with its own text search configuration: the English
columns with `english`, the `_es` columns (ogp/translated.py) with `spanish`, the `_fr` ones
with `french`, and the query is parsed with each and OR-ed, so a Spanish query finds Spanish
stems ("participacion ciudadana" finds "participaciones ciudadanas").

When the facet index answers the explorer's other filters, the search reads a narrow copy of
the two stored vectors instead (`CommitmentSearch`, `match_groups`): PostgreSQL keeps it, on
SQLite the table stays empty."""

import re

from django.db import connections, models
from django.db.models import Expression, ExpressionWrapper, F, Func, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from ogp.text import UNACCENT_FUNCTION
from ogp.translated import DEFAULT_LANGUAGE, column_name

# The text search configuration of each content language.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
SEARCH_MAX_LENGTH = 200

# The searched document, by weight: the fields of each language (identifier and institutions
# are not translated: English only). The title vector that ranks is the "A" fields.
DOCUMENT_FIELDS = {
    "A": ("identifier", "title", "short_title"),
    "B": ("lead_institution", "supporting_institutions"),
    "C": ("description",),
}
TRANSLATED_FIELDS = frozenset({"title", "short_title", "description"})

# Snowball's Spanish stemmer knows the singular suffixes -ación and -ución only with their
# accent, and their plurals -aciones, -uciones have none: once accents are off, "participacion"
# and "participaciones" would get different stems. Putting the accent back on a word ending in
# -acion or -ucion (after `ogp_unaccent`, on the document and the query alike) gives both the
# stem of "participación".
SPANISH_SUFFIX_PATTERN, SPANISH_SUFFIX_REPLACEMENT = r"([au])cion\M", r"\1ción"


def language_fields(fields, language):
    """The columns of `fields` in `language` (English: all of them; another language: its
    column of each translated one)."""
    if language == DEFAULT_LANGUAGE:
        return tuple(fields)
    return tuple(column_name(name, language) for name in fields if name in TRANSLATED_FIELDS)


def normalized(expression, language):
    """A text (a column's F or a Value) as the search reads it in `language`, in SQL: accents
    off (`ogp_unaccent()`), and in Spanish the accent of -ación/-ución back."""
    text = Func(expression, function=UNACCENT_FUNCTION, output_field=TextField())
    if language == "es":
        text = Func(
            text,
            Value(SPANISH_SUFFIX_PATTERN),
            Value(SPANISH_SUFFIX_REPLACEMENT),
            Value("gi"),
            function="regexp_replace",
            output_field=TextField(),
        )
    return text


def language_vector(fields, language, weight=None):
    """The full-text vector of `fields` in `language`, with its configuration."""
    from django.contrib.postgres.search import SearchVector

    columns = [normalized(F(name), language) for name in language_fields(fields, language)]
    return SearchVector(*columns, weight=weight, config=SEARCH_CONFIGS[language])


def search_vector():
    """The weighted document searched on PostgreSQL: each language's fields with its
    configuration, accents taken off (`normalized`).

    PostgreSQL keeps exactly this expression in the generated column `search_document`
    (migration 0017, from the copy of migration 0016), GIN-indexed, which the search reads
    (`SearchDocument`); a test checks they agree and that the planner uses the index. Change
    both together.
    """
    vectors = [
        language_vector(fields, language, weight)
        for language in SEARCH_CONFIGS
        for weight, fields in DOCUMENT_FIELDS.items()
        if language_fields(fields, language)
    ]
    document = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    return document


def search_query(text):
    """The websearch query of `text` on PostgreSQL, in every language, its accents taken off
    like the document's (by the same SQL, so both sides agree): "participacion" finds
    "participación".

    The words to find are parsed with each language's configuration and OR-ed; each excluded
    word (-word, -"a phrase") is excluded in every language's form: "budget -gender" keeps no
    row that says "gender" in English, Spanish or French stems.
    """
    from django.contrib.postgres.search import SearchQuery

    def in_every_language(words):
        return [
            SearchQuery(normalized(Value(words), language), search_type="websearch", config=config)
            for language, config in SEARCH_CONFIGS.items()
        ]

    found, excluded = split_exclusions(text)
    query, *others = in_every_language(found)
    for other in others:
        query = query | other
    for words in excluded:  # not in any language: none of its forms
        for form in in_every_language(words):
            query = query & ~form
    return query


def rank_vector():
    """What search results are ranked on: identifier, title, short title in each language,
    accents taken off.

    PostgreSQL keeps exactly this vector in the generated column `search_title_vector`
    (migration 0016, before it 0014 and 0008), which the ranking reads (`TitleVector`); a test
    checks they agree.
    """
    vectors = [language_vector(DOCUMENT_FIELDS["A"], language) for language in SEARCH_CONFIGS]
    vector = vectors[0]
    for other in vectors[1:]:
        vector = vector + other
    return vector


class StoredVector(Expression):
    """A vector PostgreSQL keeps in a generated column of the commitment (PostgreSQL only;
    the model does not declare these columns, which would not be valid on SQLite)."""

    column = ""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


class TitleVector(StoredVector):
    """The stored `rank_vector()` of the commitment (migrations 0008, 0014, 0016)."""

    column = "search_title_vector"


class SearchDocument(StoredVector):
    """The stored `search_vector()` of the commitment, GIN-indexed (migration 0017): the
    match reads this column, never the expression, whatever the plan."""

    column = "search_document"


class UnestimatedMatch(Func):
    """`document @@ (SELECT query)`: whether the document matches the query, the query reaching
    the planner as a value it does not read.

    Read as a constant, a search's query ORs a word's form in each language, which the planner
    counts as three independent matches: a word in a third of the commitments ("budget") is
    estimated in 70% of them, and the planner reads every row to test it (a sequential scan of
    the commitments, 88 ms at 10x with an OGP value filter) instead of asking the GIN index
    (51 ms). Not read, the query is estimated as any full-text match is (0.5%), and the index
    answers it. `match_groups` does the same in its own SQL."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection):
        document, query = self.get_source_expressions()
        document_sql, document_params = compiler.compile(document)
        query_sql, query_params = compiler.compile(query)
        return f"{document_sql} @@ (SELECT {query_sql})", (*document_params, *query_params)


class VectorField(models.Field):
    """A `tsvector` column on PostgreSQL; on SQLite, where the search copy stays empty, text.
    (Not contrib.postgres' SearchVectorField, which would need that app installed: the rank
    reads the title vector through `copied_vector`.)"""

    description = _("Full-text vector")

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def copied_vector(name):
    """A `VectorField` of the search copy as an expression full-text lookups and ranks accept."""
    from django.contrib.postgres.search import SearchVectorField

    return ExpressionWrapper(F(name), output_field=SearchVectorField())


class CommitmentSearch(models.Model):
    """PostgreSQL's narrow copy of each commitment's two stored vectors (`search_document`,
    `search_title_vector`), GIN-indexed on the document: what the explorer's search reads when
    the facet index answers the other filters (`match_groups`).

    A commitment's row is about 1.6 kB, so finding the 25,000 matches of a common word at 10x
    data visited most pages of a 100 MB table; a row here is the id and the two vectors (about
    0.9 kB, a 60 MB table, docs/benchmarks.md). Nothing in Python writes it: triggers of
    migration 0018 do, on every write path. A commitment inserted by any statement (the admin,
    an import's bulk_create) gets its row; an update that changes either vector (a title, a
    translation, an institution) rewrites it, one that does not (refresh_findings' IRM values)
    leaves it; a deleted commitment takes its row with it (the foreign key's ON DELETE CASCADE,
    also from migration 0018: Django's collector never reads this table). A migration that
    rebuilds the generated columns (as 0016 and 0017 did) fires no trigger: it must copy them
    again (`migrations/0018_search_copy.COPY_EVERY_ROW`). On SQLite the table stays empty: the
    search reads the commitment's own columns (`fallback_search_condition`).
    """

    commitment = models.OneToOneField(
        "commitments.Commitment",
        verbose_name=_("Commitment"),
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the database cascades (see above)
        db_constraint=False,
        related_name="search_copy",
    )
    # The title vector before the document: ranking a match reads the row's first bytes.
    title_vector = VectorField(_("Ranked title vector"))
    document = VectorField(_("Searched document"))

    class Meta:
        verbose_name = _("search copy of a commitment")
        verbose_name_plural = _("search copies of commitments")
        ordering = ["commitment"]

    def __str__(self):
        return str(self.commitment_id)


def relevance(vector, query):
    """The explorer's relevance of a match: `ts_rank` of its title `vector` (the stored
    `TitleVector`, or the search copy's) for the search `query`. The SQL order
    (`CommitmentFilter.rank`) and the grouped matches (`match_groups`) both rank with it."""
    from django.contrib.postgres.search import SearchRank

    return SearchRank(vector, query)


def match_groups(text, ranked, using):
    """PostgreSQL: the ids of every commitment (published or not) the search finds for `text`,
    in one query over `CommitmentSearch` (never the commitments' table). With `ranked`, as
    (rank, ids) pairs, one per value of `relevance()`, highest first; without, one (None, ids)
    pair. No pair for no match. The ids of a pair come in no particular order: the explorer
    breaks ties by identifier (`facets.OrderedMatches`), as its SQL does.

    Grouped in the database, so 25,000 matches are a few rows of arrays, not 25,000 rows to
    read; written as SQL around the query compiled once (the ORM would compile its nine
    functions for each of its three uses, about 1.5 ms), with `text_search`'s condition (the
    match, unless the query is only "T") and the rank of `relevance()`."""
    from django.db.models.expressions import RawSQL

    query = CommitmentSearch.objects.using(using).query
    compiler = query.get_compiler(using)
    tsquery, params = compiler.compile(search_query(text).resolve_expression(query))
    rank, rank_params = "NULL", ()
    if ranked:
        ranking = relevance(copied_vector("title_vector"), RawSQL("query", ()))
        rank, rank_params = compiler.compile(ranking.resolve_expression(query))
    table = compiler.quote_name(CommitmentSearch._meta.db_table)
    # OFFSET 0 keeps the query a value the planner does not read (as `UnestimatedMatch`):
    # read as a constant, "budget" (a third of the commitments at 10x data) was estimated at
    # 70% and read by a sequential scan, 44 ms instead of 17 (docs/benchmarks.md).
    sql = (
        f"SELECT {rank}, array_agg({table}.commitment_id)"
        f" FROM (SELECT {tsquery} AS query OFFSET 0) AS searched, {table}"
        f" WHERE {table}.document @@ query AND querytree(query) <> 'T' GROUP BY 1"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, (*rank_params, *params))
        groups = cursor.fetchall()
    return sorted(groups, key=lambda group: group[0], reverse=True) if ranked else groups


# What the SQLite fallback searches: the document's fields in every language.
SEARCH_FIELDS = [
    name
    for language in SEARCH_CONFIGS
    for fields in DOCUMENT_FIELDS.values()
    for name in language_fields(fields, language)
]


def text_search(queryset, text, also=None, every_match=False):
    """The commitments of `queryset` the explorer's search finds for `text` (accents and case
    aside; on PostgreSQL the indexed full-text document, elsewhere `fallback_search_condition`),
    or those `also` (a Q) selects: the admin's search adds the members' names.

    `every_match`: the caller reads every match (the explorer's ids, an export, a count), so on
    PostgreSQL the query reaches the planner unread (`UnestimatedMatch`) and the GIN index finds
    them. Without it the planner estimates the query from its words, which a caller reading a
    page of the first rows in an order wants (the admin's: for a common word it walks the
    order's index and stops at the page, 40 ms at 10x for "open data", 57 ms unread)."""
    if connections[queryset.db].vendor == "postgresql":
        query = search_query(text)
        # A query the index cannot answer (only stop words and -excluded words: "the
        # -water") would read every row; querytree() says "T" for it, and the planner
        # folds the test to false, so it matches nothing at once. (`match_groups` tests
        # the same in its SQL.)
        indexable = Func(query, function="querytree", output_field=TextField())
        if every_match:
            found = Q(UnestimatedMatch(SearchDocument(), query))
        else:
            found = Q(search_document=query)
            queryset = queryset.alias(search_document=SearchDocument())
        found &= ~Q(search_indexable="T")
        queryset = queryset.alias(search_indexable=indexable)
    elif search_terms(text):
        found = fallback_search_condition(text)
    else:  # only quotes or dashes: nothing to look for, as on PostgreSQL
        found = Q(pk__in=[])
    return queryset.filter(found | also if also is not None else found)


TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def split_exclusions(text):
    """A websearch text as the text of its words to find (with its "or"s and phrases) and the
    list of its excluded words or "phrases", each without its "-"."""
    found, excluded = [], []
    for match in TERM.finditer(text):
        negated = match.group(1) if match.group(2) is not None else match.group(3)
        if negated:
            excluded.append(match.group(0)[1:])
        else:
            found.append(match.group(0))
    return " ".join(found), excluded


def search_terms(text):
    """Split a search like PostgreSQL's websearch syntax: words, "quoted phrases", -excluded."""
    terms = []
    for match in TERM.finditer(text):
        if match.group(2) is not None:
            negated, term = match.group(1), match.group(2).strip()
        else:
            negated, term = match.group(3), match.group(4).strip('"')
        if term and term.lower() != "or":
            terms.append((bool(negated), term))
    return terms


def search_fields_q(name, term):
    """`term` in the field `name` in any language, accents and case aside (SQLite's
    fallback)."""
    condition = Q()
    for language in SEARCH_CONFIGS:
        for column in language_fields([name], language):
            condition |= Q(**{f"{column}__unaccented__icontains": term})
    return condition


def fallback_search_condition(text):
    """Every word (or phrase) in one of the fields, accents and case aside; -word excludes
    it."""
    condition = Q()
    for negated, term in search_terms(text):
        anywhere = Q()
        for field in SEARCH_FIELDS:
            anywhere |= Q(**{f"{field}__unaccented__icontains": term})
        condition &= ~anywhere if negated else anywhere
    return condition
