"""The explorer's facets: counts per member kind, region, policy area and IRM value among the
commitments a filter matched.

Counting them with SQL took one grouped query per kind of facet, each of which recomputed the
filtered set (three passes over tens of thousands of commitments). Instead, the facet index
holds, for the current data version, one *bitset* per facet value: a Python integer whose bit
`n` is set when the published commitment with id `n` has that value. The index is built from
the database once per data version (two queries, then kept in Django's cache and in the
process's memory, see ogp.data_version.cached) and is exact for that version: its values come from
the same conditions the filters use (`finding_q`, the policy area tree). A request then reads
only the ids of the commitments its filter matched (one query), makes a bitset of them, and
counts each facet value with one AND and a population count.

Counting a parent policy area counts each commitment once, however many of the parent's areas
it has: the parent's bitset is the union of its areas'.

Size: about 120 bitsets of (largest commitment id / 8) bytes each, 1 MB per process at the
10× demo data freshly loaded (ids up to 66,000), and 0.5 MB for the identifier order.
"""

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, islice
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper
from django.utils.translation import gettext as _

from commitments.filters import ALL, FACETED_FINDINGS, AreaThrough
from commitments.models import Commitment
from commitments.search import match_groups
from irm.findings import IRM_FINDINGS, finding_q, finding_values
from irm.stacks import counted_conditions
from members.models import Member
from ogp import translated
from ogp.data_version import cached


def bitset(ids):
    """The integer whose bits are the given (non-negative) ids.

    A byte per id is set first (one store each, the only Python loop), then every eighth byte
    is read as one integer, whose byte k is 1 where id 8k + j is set, and shifted by j: the eight
    OR-ed give byte k's bit j for id 8k + j (a third of the time of setting bits one by one)."""
    ids = list(ids)
    if not ids:
        return 0
    flags = bytearray(max(ids) // 8 * 8 + 8)
    for pk in ids:
        flags[pk] = 1
    bits = 0
    for j in range(8):
        bits |= int.from_bytes(flags[j::8], "little") << j
    return bits


# Each byte value's set bits, for reading a bitset's ids.
BYTE_BITS = [tuple(n for n in range(8) if byte >> n & 1) for byte in range(256)]


def ids_of(bits):
    """The ids whose bits are set, in ascending order (the inverse of `bitset`): one
    comprehension over the bytes (a third of the time of extending a list byte by byte)."""
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [
        base + n
        for base, byte in zip(range(0, len(raw) << 3, 8), raw, strict=True)
        if byte
        for n in BYTE_BITS[byte]
    ]


def ids_in_order(queryset):
    """The ids of the queryset's rows, in its order, in one narrow query read with a plain
    cursor: Django's row iterator costs a few microseconds a row, tens of milliseconds for the
    tens of thousands of ids a common word matches."""
    compiler = queryset.values_list("pk").query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a filter that can match nothing (queryset.none())
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@dataclass
class FacetIndex:
    """Bitsets of the published commitments, by facet value, for one data version."""

    all: int = 0
    kind: dict = field(default_factory=dict)  # Member.Kind value -> bits
    region: dict = field(default_factory=dict)  # region id -> bits
    area: dict = field(default_factory=dict)  # policy area id -> bits of it and the areas under it
    finding: dict = field(default_factory=dict)  # (finding, value) -> bits
    year: dict = field(default_factory=dict)  # the plan's submission year -> bits
    # What the charts count (irm.stacks.counted_conditions): ("part", stack, key) or
    # ("share", name) -> bits.
    counted: dict = field(default_factory=dict)
    plan: dict = field(default_factory=dict)  # the plan's number (1 for a first plan) -> bits
    # The published commitments' ids in identifier order (the default sort), and each one's
    # place in that order, by id.
    order: array = field(default_factory=lambda: array("I"))
    position: array = field(default_factory=lambda: array("I"))


def build_facet_index(filterset):
    """Read the index from the database: the published commitments with their kind, region,
    plan's year and number, IRM values and what the charts count (one query), and their policy
    areas (one query)."""
    published = Commitment.objects.published()
    findings = {
        (name, value): finding_q(name, value)
        for name in FACETED_FINDINGS
        for value, _label in finding_values(name)
    }
    counted = counted_conditions()
    # Each distinct condition read once: a finding's "pending" is every finding's, a stack
    # part's value its finding's.
    alias_of = {}  # condition -> its column alias
    for condition in [*findings.values(), *counted.values()]:
        alias_of.setdefault(condition, f"c{len(alias_of)}")
    rows = published.annotate(
        **{
            alias: ExpressionWrapper(condition, output_field=BooleanField())
            for condition, alias in alias_of.items()
        }
    ).values_list(
        "pk",
        "action_plan__member__kind",
        "action_plan__member__region_id",
        "action_plan__submission_year",
        "action_plan__number",
        *alias_of.values(),
    )
    rows = rows.order_by("identifier")  # the database's order, as the explorer's SQL sorts
    ids, by_kind, by_region, by_year, by_plan = [], {}, {}, {}, {}
    aliases = list(alias_of.values())
    by_alias = {alias: [] for alias in aliases}
    for pk, kind, region_id, year, plan, *flags in rows.iterator(chunk_size=5000):
        ids.append(pk)
        by_kind.setdefault(kind, []).append(pk)
        by_region.setdefault(region_id, []).append(pk)
        by_year.setdefault(year, []).append(pk)
        by_plan.setdefault(plan, []).append(pk)
        for alias in compress(aliases, flags):
            by_alias[alias].append(pk)
    bits_of = {alias: bitset(pks) for alias, pks in by_alias.items()}
    by_area = {}
    tags = AreaThrough.objects.filter(commitment_id__in=published.values("pk")).values_list(
        "policyarea_id", "commitment_id"
    )
    for area_id, pk in tags.iterator(chunk_size=5000):
        by_area.setdefault(area_id, []).append(pk)

    position = array("I", bytes(4 * (max(ids, default=0) + 1)))
    for place, pk in enumerate(ids):
        position[pk] = place
    return FacetIndex(
        order=array("I", ids),
        position=position,
        all=bitset(ids),
        kind={kind: bitset(pks) for kind, pks in by_kind.items()},
        region={region_id: bitset(pks) for region_id, pks in by_region.items()},
        area={
            area.pk: bitset(
                pk for area_id in filterset.area_ids(slug) for pk in by_area.get(area_id, [])
            )
            for slug, area in filterset.policy_areas.items()
        },
        finding={key: bits_of[alias_of[condition]] for key, condition in findings.items()},
        counted={key: bits_of[alias_of[condition]] for key, condition in counted.items()},
        year={year: bitset(pks) for year, pks in by_year.items() if year is not None},
        plan={plan: bitset(pks) for plan, pks in by_plan.items() if plan is not None},
    )


# The index's shape, in its cache key: a shared cache (Redis) may still hold the index the last
# release built for the same data version, which this code must not read. Add one whenever
# FacetIndex's fields change (2: the plans' years and numbers; 3: what the charts count).
FACET_INDEX_SHAPE = 3


def facet_index(filterset):
    return cached(
        f"explorer-facet-index-{FACET_INDEX_SHAPE}",
        lambda: build_facet_index(filterset),
        in_process=True,
    )


# --- The matches -------------------------------------------------------------------------------

# The filters the index answers (with the search, which the database answers alone): their
# matches are ANDs and ORs of its bitsets, so no query joins the commitments to their plans,
# members and tags for them. Any other filter, or a sort by another column without a search,
# is left to the FilterSet's SQL.
INDEXED_FILTERS = {
    "q",
    "policy_area",
    "kind",
    "region",
    "plan",
    "year_from",
    "year_to",
    *FACETED_FINDINGS,
}
INDEXED_SORTS = {"identifier", "-identifier"}
NOT_NARROWING = {"sort", "match"}
# The orders of a search whose matches PostgreSQL reads grouped (`match_groups`) and the index
# puts in order; with another, the search's SQL sorts them.
GROUPED_SEARCH_SORTS = {"relevance", *INDEXED_SORTS}


@dataclass
class Matches:
    """What a filter matched: the bitset of the ids and, when asked for, the ids in the
    explorer's display order (a sequence: a list, an array or `OrderedMatches`)."""

    bits: int
    ids: Sequence | None = None


def used_filters(filterset):
    cleaned = filterset.form.cleaned_data
    return {
        name
        for name in filterset.filters
        if name not in NOT_NARROWING and cleaned.get(name) not in (None, "", [], ())
    }


def _any(bitsets):
    bits = 0
    for each in bitsets:
        bits |= each
    return bits


def _indexed_bits(filterset, index):
    """The bitset of the published commitments the index-answered filters match."""
    cleaned = filterset.form.cleaned_data
    bits = index.all
    areas = [
        index.area.get(filterset.policy_areas[slug].pk, 0)
        for slug in cleaned.get("policy_area") or []
    ]
    if areas and cleaned.get("match") == ALL:
        for area_bits in areas:
            bits &= area_bits
    elif areas:
        bits &= _any(areas)
    if cleaned.get("kind"):
        bits &= index.kind.get(cleaned["kind"], 0)
    if cleaned.get("region"):
        chosen = set(cleaned["region"])
        bits &= _any(index.region.get(r.pk, 0) for r in filterset.regions if r.slug in chosen)
    start, end = cleaned.get("year_from"), cleaned.get("year_to")
    if start is not None or end is not None:
        bits &= _any(
            year_bits
            for year, year_bits in index.year.items()
            if (start is None or year >= start) and (end is None or year <= end)
        )
    if cleaned.get("plan") is not None:
        bits &= index.plan.get(cleaned["plan"], 0)
    for name in FACETED_FINDINGS:
        if cleaned.get(name):
            bits &= _any(index.finding.get((name, value), 0) for value in cleaned[name])
    return bits


def index_answers(filterset):
    """Whether `matches()` reads a valid CommitmentFilter's matches from the index (with at
    most a search's query), not through the FilterSet's SQL."""
    used = used_filters(filterset)
    return not used - INDEXED_FILTERS and bool(
        filterset.search_text or filterset.sort_key in INDEXED_SORTS
    )


class MatchedRows:
    """A filter's matches as a paginator's object list: counted without a query, and a page's
    rows read by id with `read` (ids → {id: row}: a queryset's `in_bulk`, with its related
    rows), in the matches' order."""

    def __init__(self, ids, read):
        self.ids = ids
        self.read = read

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        page = list(self.ids[index])
        by_id = self.read(page)
        return [by_id[pk] for pk in page]


class OrderedMatches(Sequence):
    """Published commitments' ids in the explorer's order, put in that order only as far as
    they are read (a page reads 25 of them, the API 100).

    `groups` come in their order (the search's ranks, highest first); within a group the ids
    follow the identifier, the index's order (ascending, or descending with `descending`), as
    the SQL's `ORDER BY …, identifier` does. A small group is a list of ids, sorted when
    reached; a large one a bitset, read by walking the index's order until enough are found:
    the first page of 20,000 matches costs a few hundred steps, not a sort of 20,000."""

    def __init__(self, index, groups, descending=False):
        self.index = index
        self.groups = groups
        self.descending = descending
        self.length = sum(len(g) if isinstance(g, list) else g.bit_count() for g in groups)
        self.done = []
        self.rest = self._in_order()

    def _in_order(self):
        position = self.index.position.__getitem__
        for group in self.groups:
            if isinstance(group, list):
                yield from sorted(group, key=position, reverse=self.descending)
            else:
                yield from self._walk(group)

    def _walk(self, bits):
        kept = bits.to_bytes((bits.bit_length() + 7) // 8 + 1, "little")
        limit = len(kept) << 3
        left = bits.bit_count()
        for pk in reversed(self.index.order) if self.descending else self.index.order:
            if pk < limit and kept[pk >> 3] >> (pk & 7) & 1:
                yield pk
                left -= 1
                if not left:
                    return

    def _read(self, count):
        if len(self.done) < count:
            self.done.extend(islice(self.rest, count - len(self.done)))

    def __len__(self):
        return self.length

    def __getitem__(self, item):
        if isinstance(item, slice):
            places = range(*item.indices(self.length))
            if places:
                self._read(max(places[0], places[-1]) + 1)
            return [self.done[place] for place in places]
        place = item + self.length if item < 0 else item
        if not 0 <= place < self.length:
            raise IndexError(item)
        self._read(place + 1)
        return self.done[place]

    def __iter__(self):
        self._read(self.length)
        return iter(self.done)


# A group of more ids than this share of the published commitments is walked in the index's
# order (`OrderedMatches`): its first n ids are found in about n × 64 steps or fewer (spread
# like the identifiers). A smaller one is sorted (1,000 ids at 10x data: 0.2 ms).
WALKED_SHARE = 64


def ordered_group(bits, index):
    """A group of matches (a bitset) as `OrderedMatches` reads it best: its ids, or itself."""
    return ids_of(bits) if bits.bit_count() <= len(index.order) // WALKED_SHARE else bits


def _kept(ids, bits):
    """The ids among `ids` whose bit is set in `bits`."""
    kept = bits.to_bytes((bits.bit_length() + 7) // 8 + 1, "little")
    limit = len(kept) << 3
    return [pk for pk in ids if pk < limit and kept[pk >> 3] >> (pk & 7) & 1]


def _grouped_search(filterset, index, bits, text, ordered):
    """The matches of a search with the index's filters (`bits`) on PostgreSQL: the search's
    ids read in one query from its narrow copy (`match_groups`), grouped by rank when the
    order is relevance, and kept when their bit is set."""
    sort = filterset.sort_key
    ranked = ordered and sort == "relevance"
    groups = match_groups(text, ranked=ranked, using=Commitment.objects.db)
    large = len(index.order) // WALKED_SHARE
    found, listed = 0, []
    for _rank, ids in groups:
        if len(ids) > large:  # a bitset of them, ANDed at once
            group = bitset(ids) & bits
            found |= group
            group = ordered_group(group, index)
        else:
            group = _kept(ids, bits)
            found |= bitset(group)
        if group:
            listed.append(group)
    if not ordered:
        return Matches(found)
    return Matches(found, OrderedMatches(index, listed, descending=sort == "-identifier"))


def matches(filterset, ordered=True):
    """The matches of a valid, bound CommitmentFilter, the same as `filterset.qs`'s, in its
    order when `ordered`.

    When every filter used is one the index answers, the matches are its bitsets' AND (no
    query); a search's ids are read without a join (the index knows what is published) and
    kept if their bit is set: on PostgreSQL, in relevance or identifier order, grouped from
    the search's narrow copy (`_grouped_search`), otherwise from the commitments table in the
    search's SQL order; without a search the ids are put in identifier order from the index.
    Otherwise one narrow query reads them (`ids_in_order`)."""
    sort = filterset.sort_key
    text = filterset.search_text
    if not index_answers(filterset):
        queryset = filterset.qs if ordered else filterset.qs.order_by()
        ids = ids_in_order(queryset)
        return Matches(bitset(ids), ids)
    index = facet_index(filterset)
    bits = _indexed_bits(filterset, index)
    postgresql = connections[Commitment.objects.db].vendor == "postgresql"
    if text and postgresql and (sort in GROUPED_SEARCH_SORTS or not ordered):
        return _grouped_search(filterset, index, bits, text, ordered)
    if text:
        searched = filterset.search(Commitment.objects.all(), text)
        searched = filterset.order(searched) if ordered else searched.order_by()
        ids = _kept(ids_in_order(searched), bits)
        return Matches(bitset(ids), ids)
    if not ordered:
        return Matches(bits)
    if bits == index.all:  # nothing narrows
        ids = index.order[::-1] if sort == "-identifier" else index.order
        return Matches(bits, ids)
    group = ordered_group(bits, index)
    return Matches(bits, OrderedMatches(index, [group], descending=sort == "-identifier"))


# --- What the page shows ------------------------------------------------------------------------


@dataclass
class FacetItem:
    label: str
    count: int
    url: str = ""  # empty: no narrowing link (zero, already selected, or not expressible)
    selected: bool = False
    depth: int = 0
    remove_url: str = ""  # a selected value: the query without it
    lang: str = ""  # "en" for a name shown in English on a page of another language


@dataclass
class Facet:
    name: str
    label: str
    items: list = field(default_factory=list)


def _link(pairs, name, values, **extra):
    """The query string with `name` set to `values` (and `extra` set), without the page.

    `pairs` is the current query string as (name, value) pairs: a facet makes about a hundred
    links, so they are built from this list rather than from copies of the QueryDict.
    """
    replaced = {name: values, **{key: [value] for key, value in extra.items()}}
    narrowed = []
    for key, value in pairs:
        if key == "page":
            continue
        if key in replaced:
            narrowed.extend((key, new) for new in replaced.pop(key))
            continue
        if key in (name, *extra):
            continue  # a further value of a replaced parameter
        narrowed.append((key, value))
    for key, new_values in replaced.items():
        narrowed.extend((key, new) for new in new_values)
    return "?" + urlencode(narrowed)


def without_value(pairs, name, value):
    """The query string without one value of one parameter (each repeat of it), nor the page."""
    return _link(pairs, name, [v for key, v in pairs if key == name and v != value])


def is_filtered(filterset):
    """Whether any filter narrows the published commitments (sorting does not)."""
    return bool(used_filters(filterset))


def facets(filterset, query, found=None):
    """The total and the facets of a valid, bound CommitmentFilter whose matches are `found`
    (`matches()`; None: every published commitment, when nothing is filtered).

    No query of its own, but the index's two when the data version is new.
    """
    index = facet_index(filterset)
    matched = index.all if found is None else found.bits
    pairs = [(key, value) for key, values in query.lists() for value in values]
    cleaned = filterset.form.cleaned_data

    def count(bits):
        return (matched & bits).bit_count()

    result = {"total": matched.bit_count()}

    selected_kind = cleaned.get("kind")
    kind_items = []
    for kind in Member.Kind:
        n = count(index.kind.get(kind.value, 0))
        selected = selected_kind == kind.value
        url = _link(pairs, "kind", [kind.value]) if n and not selected else ""
        removal = without_value(pairs, "kind", kind.value) if selected else ""
        kind_items.append(FacetItem(str(kind.label), n, url, selected, remove_url=removal))
    result["kind"] = Facet("kind", _("Kind of member"), kind_items)

    selected_regions = cleaned.get("region") or []
    region_items = []
    for region in filterset.regions:
        n = count(index.region.get(region.pk, 0))
        selected = region.slug in selected_regions
        url = _link(pairs, "region", [region.slug]) if n and not selected else ""
        removal = without_value(pairs, "region", region.slug) if selected else ""
        name, lang = translated.localized_label(region, "name")
        region_items.append(FacetItem(name, n, url, selected, remove_url=removal, lang=lang))
    result["region"] = Facet("region", _("Region"), region_items)

    selected_areas = cleaned.get("policy_area") or []
    match_all = cleaned.get("match") == ALL
    can_narrow = match_all or len(selected_areas) <= 1
    area_items = []
    for area in filterset.policy_areas.values():
        n = count(index.area.get(area.pk, 0))
        selected = area.slug in selected_areas
        if not n and not selected:
            continue
        url = ""
        if n and not selected and can_narrow:
            extra = {"match": ALL} if selected_areas else {}
            url = _link(pairs, "policy_area", [*selected_areas, area.slug], **extra)
        removal = without_value(pairs, "policy_area", area.slug) if selected else ""
        name, lang = translated.localized_label(area, "name")
        area_items.append(FacetItem(name, n, url, selected, area.depth, removal, lang))
    result["policy_area"] = Facet("policy_area", _("Policy area"), area_items)
    result["policy_area_narrowable"] = can_narrow

    findings = []
    for name in FACETED_FINDINGS:
        facet = Facet(name, str(IRM_FINDINGS[name][0]))
        chosen = cleaned.get(name) or []
        for value, value_label in finding_values(name):
            n = count(index.finding.get((name, value), 0))
            selected = value in chosen
            url = _link(pairs, name, [value]) if n and not selected else ""
            removal = without_value(pairs, name, value) if selected else ""
            facet.items.append(FacetItem(str(value_label), n, url, selected, remove_url=removal))
        findings.append(facet)
    result["findings"] = findings
    return result
