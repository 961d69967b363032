"""Full-text search of the commitments: on PostgreSQL the GIN-indexed document and the stored
title vector that ranks it (migrations 0003, 0008, 0014 build them on exactly these
expressions), elsewhere `icontains` over the same fields; both ignore accents and case."""

import re

from django.db import connections
from django.db.models import Expression, F, Func, Q, TextField, Value

from ogp.text import UNACCENT_FUNCTION

SEARCH_CONFIG = "english"
SEARCH_MAX_LENGTH = 200


def unaccented(field):
    """A column without its accents, in SQL (`ogp_unaccent()`, ogp/text.py)."""
    return Func(F(field), function=UNACCENT_FUNCTION, output_field=TextField())


def search_vector():
    """The weighted document searched on PostgreSQL, accents taken off (`unaccented`).

    Migration 0013 builds a GIN index on exactly this expression (0003 did before accents were
    taken off); a test checks the planner uses it. Change both together.
    """
    from django.contrib.postgres.search import SearchVector

    def vector(*fields, weight):
        return SearchVector(*map(unaccented, fields), weight=weight, config=SEARCH_CONFIG)

    return (
        vector("identifier", "title", "short_title", weight="A")
        + vector("lead_institution", "supporting_institutions", weight="B")
        + vector("description", weight="C")
    )


def search_query(text):
    """The websearch query of `text` on PostgreSQL, its accents taken off like the document's
    (by the same SQL function, so both sides agree): "participacion" finds "participación"."""
    from django.contrib.postgres.search import SearchQuery

    unaccented_text = Func(Value(text), function=UNACCENT_FUNCTION, output_field=TextField())
    return SearchQuery(unaccented_text, search_type="websearch", config=SEARCH_CONFIG)


def rank_vector():
    """What search results are ranked on: identifier, title, short title, accents taken off.

    PostgreSQL keeps exactly this vector in the generated column `search_title_vector`
    (migration 0013, before it 0008), which the ranking reads (`TitleVector`); a test checks
    they agree.
    """
    from django.contrib.postgres.search import SearchVector

    fields = ("identifier", "title", "short_title")
    return SearchVector(*map(unaccented, fields), config=SEARCH_CONFIG)


class TitleVector(Expression):
    """The stored `rank_vector()` of the commitment (PostgreSQL only, migration 0008)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_title_vector')}", []


SEARCH_FIELDS = [
    "identifier",
    "title",
    "short_title",
    "description",
    "lead_institution",
    "supporting_institutions",
]


def text_search(queryset, text, also=None):
    """The commitments of `queryset` the explorer's search finds for `text` (accents and case
    aside; on PostgreSQL the indexed full-text document, elsewhere `fallback_search_condition`),
    or those `also` (a Q) selects: the admin's search adds the members' names."""
    if connections[queryset.db].vendor == "postgresql":
        query = search_query(text)
        # A query the index cannot answer (only stop words and -excluded words: "the
        # -water") would read every row; querytree() says "T" for it, and the planner
        # folds the test to false, so it matches nothing at once.
        indexable = Func(query, function="querytree", output_field=TextField())
        found = Q(search_document=query) & ~Q(search_indexable="T")
        queryset = queryset.alias(search_document=search_vector(), search_indexable=indexable)
    elif search_terms(text):
        found = fallback_search_condition(text)
    else:  # only quotes or dashes: nothing to look for, as on PostgreSQL
        found = Q(pk__in=[])
    return queryset.filter(found | also if also is not None else found)


def search_terms(text):
    """Split a search like PostgreSQL's websearch syntax: words, "quoted phrases", -excluded."""
    terms = []
    for match in re.finditer(r'(-?)"([^"]*)"|(-?)(\S+)', text):
        if match.group(2) is not None:
            negated, term = match.group(1), match.group(2).strip()
        else:
            negated, term = match.group(3), match.group(4).strip('"')
        if term and term.lower() != "or":
            terms.append((bool(negated), term))
    return terms


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
