"""The commitment explorer, its exports and the policy area pages."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from commitments import charts, exports, links
from commitments.facets import (
    MatchedRows,
    facets,
    is_filtered,
    matches,
    without_value,
)
from commitments.fields import match_members
from commitments.filters import AreaThrough, CommitmentFilter, reference_lists
from commitments.models import Commitment, PolicyArea
from commitments.vocabularies import IrmState
from irm import display, metrics
from irm.findings import ASSESSED, STAR_DECIDED, STARRED, STRONG_EARLY_RESULTS
from ogp import citation, translated
from ogp.data_version import cached
from ogp.page_cache import public_page
from ogp.paths import fast_path
from ogp.text import by_name
from ogp.throttling import Releasing, take_slot, throttle, too_many

PER_PAGE_CHOICES = (10, 25, 50, 100)
PER_PAGE = 25
PAGE_PARAMETERS = {"page", "per_page"}
FRAGMENT_HEADER = "X-Explorer-Fragment"


def member_path(slug):
    try:
        return fast_path("members:member-detail", slug=slug)
    except NoReverseMatch:  # the members app's URLs are not installed yet
        return f"/members/{slug}/"


def commitment_path(member_slug, identifier):
    try:
        return fast_path("members:commitment-detail", slug=member_slug, identifier=identifier)
    except NoReverseMatch:
        return f"/members/{member_slug}/commitments/{identifier}/"


def input_errors(filterset, query, allowed_extra=()):
    """Every problem with the query string, as (parameter, message) pairs."""
    problems = []
    known = set(filterset.filters) | set(allowed_extra)
    for name in query:
        if name not in known:
            problems.append((name, _("Unknown parameter “%(name)s”.") % {"name": name}))
    form = filterset.form
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else _("Filters")
            problems.extend((str(label), message) for message in messages)
    return problems


# --- The explorer ---------------------------------------------------------------------------


FORM_SECTIONS = [
    (gettext_lazy("Policy areas"), ["policy_area", "match", "primary_policy_area"]),
    (
        gettext_lazy("Members and plans"),
        ["member", "kind", "region", "plan", "year_from", "year_to"],
    ),
    (gettext_lazy("OGP values"), ["value", "relevance", "open_government_lens"]),
    (
        gettext_lazy("IRM findings"),
        [
            "starred",
            "potentially_starred",
            "verifiable",
            "specificity",
            "ambition",
            "potential_impact",
            "potential_results",
            "completion",
            "early_results",
            "early_results_refresh",
            "promising",
        ],
    ),
    (gettext_lazy("Order"), ["sort"]),
]


@dataclass
class FormField:
    """A field of the explorer's form and its HTML (label, help, errors and widget)."""

    bound: object  # the BoundField
    html: str


def _empty_fields_html():
    """Each form field's HTML when the query string does not carry it, for the active
    language and the data version (the choices are the reference lists)."""
    form = CommitmentFilter(QueryDict()).form
    return {name: form[name].as_field_group() for _title, names in FORM_SECTIONS for name in names}


def form_sections(form, query):
    """FORM_SECTIONS with their fields. A field the query string does not carry draws what it
    draws for every such request: its HTML is drawn once per language and data version (a
    hundred checkboxes took about a third of a built page's time to draw per request)."""
    empty = cached(f"explorer-empty-fields-{get_language()}", _empty_fields_html, in_process=True)
    return [
        (
            title,
            [
                FormField(
                    form[name],
                    form[name].as_field_group()
                    if name in query or form.errors.get(name)
                    else empty[name],
                )
                for name in names
            ],
        )
        for title, names in FORM_SECTIONS
    ]


# Parameters that are not filters: they order or page the same commitments.
NOT_FILTERS = {"page", "per_page", "sort", "match", citation.PARAMETER}
# Parameters that change what an address shows, not which commitments: the explorer address
# that exports and citations name leaves them out.
NOT_IN_ADDRESS = PAGE_PARAMETERS | {"resource", citation.PARAMETER}


def explorer_address(request):
    """The absolute address of the explorer showing the request's commitments (its filters
    and sort): the exports' provenance and the explorer's citation name it."""
    query = request.GET.copy()
    for name in NOT_IN_ADDRESS:
        query.pop(name, None)
    url = request.build_absolute_uri(reverse("commitments:explorer"))
    return f"{url}?{query.urlencode()}" if query else url


def explorer_citation(request):
    """The citation of the explorer's commitments (the exports' provenance cites the same)."""
    return citation.Citation.of(
        exports.RESOURCE_TITLES["commitments"], explorer_address(request), citation.DATASET
    )


@dataclass
class ActiveFilter:
    """One value of one filter, shown as a chip that links to the query without it."""

    label: str
    value: str  # an `ogp.translated.Label` for a name (a policy area, a region)
    remove_url: str

    @property
    def value_html(self):
        """The value, an English fallback marked `lang="en"`."""
        return translated.marked(self.value)


def _value_label(filterset, name, value):
    if name in {"policy_area", "primary_policy_area"}:
        area = filterset.policy_areas.get(value)
        return translated.list_label(area, "name") if area else value
    if name == "member":
        field = filterset.form.fields["member"]
        slug = field.slug_for(value)
        return filterset.references.member_names[slug] if slug else value
    if name == "q":
        return _("“%(text)s”") % {"text": value.strip()}
    field = filterset.form.fields.get(name)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):
                labels.update((str(k), v) for k, v in label)
            else:
                labels[str(key)] = label
        label = labels.get(value, value)
        return label if isinstance(label, str) else str(label)  # a Label keeps its language
    return value


def active_filters(filterset, query):
    """Every value of every filter in the query string, in its order, each with the link that
    removes it (unknown parameters too, so that a wrong one can be dropped)."""
    pairs = [(key, value) for key, values in query.lists() for value in values]
    chips, seen = [], set()
    for name, value in pairs:
        if name in NOT_FILTERS or not value.strip() or (name, value) in seen:
            continue
        seen.add((name, value))
        field = filterset.form.fields.get(name)
        chips.append(
            ActiveFilter(
                str(field.label) if field else name,
                _value_label(filterset, name, value),
                without_value(pairs, name, value),
            )
        )
    return chips


def filters_sentence(chips):
    """The active filters as the print view's sentence: "Policy area: Open Data; Starred: Yes"
    (empty without a filter)."""
    return "; ".join(f"{chip.label}: {chip.value}" for chip in chips)


@public_page
def member_suggestions(request):
    """The explorer member field's suggestions: the published members whose name holds `q`."""
    text = (request.GET.get("q") or "")[:100]
    found = match_members(reference_lists(), text)
    return JsonResponse({"results": [{"slug": slug, "name": name} for slug, name in found]})


def _per_page(query):
    try:
        value = int(query.get("per_page") or PER_PAGE)
    except ValueError:
        return None
    return value if value in PER_PAGE_CHOICES else None


def _explorer_throttled(request, seconds):
    return render(request, "throttled.html", {"seconds": seconds})


@throttle("explorer", "EXPLORER_THROTTLE_RATE", _explorer_throttled)
@public_page
def explorer(request):
    query = request.GET
    filterset = CommitmentFilter(query, request=request)
    errors = input_errors(filterset, query, PAGE_PARAMETERS | {citation.PARAMETER})
    per_page = _per_page(query)
    if per_page is None:
        errors.append(
            (
                _("Results per page"),
                _("Choose one of %(choices)s.")
                % {"choices": ", ".join(str(n) for n in PER_PAGE_CHOICES)},
            )
        )
    status = 400 if errors else 200
    cite = explorer_citation(request)
    if not errors and (answer := citation.download(request, cite)):
        return answer
    chips = active_filters(filterset, query)
    context = {
        "citation": cite,
        "filters_sentence": filters_sentence(chips),
        "filter": filterset,
        "form": filterset.form,
        "errors": errors,
        "page": None,
        "facets": None,
        "per_page": per_page or PER_PAGE,
        "per_page_choices": PER_PAGE_CHOICES,
        "active_filters": chips,
        "sections": form_sections(filterset.form, query),
    }
    if not errors:
        # With a filter, the ids of every match in display order, in one narrow query: they
        # give the total, the facets and the page (its rows are then read by id). Without
        # one, the facets are the index's own and the page is read straight from the table.
        found_ids = matches(filterset) if is_filtered(filterset) else None
        matched = found_ids.ids if found_ids else None
        found = facets(filterset, query, found_ids)

        # A page's rows read by id; the FilterSet's SQL (its search and order) built only
        # when there are no matches to read them by.
        rows = row_values(filterset.qs) if matched is None else MatchedRows(matched, rows_by_id)
        paginator = Paginator(rows, per_page)
        paginator.count = found["total"]  # counted with the facets: no second COUNT
        try:
            page = paginator.page(query.get("page") or 1)
        except PageNotAnInteger:
            errors.append((_("Page"), _("The page number must be a whole number.")))
            status = 400
        except EmptyPage:
            errors.append(
                (
                    _("Page"),
                    _("There is no page %(page)s: the results have %(pages)s page(s).")
                    % {"page": query.get("page"), "pages": paginator.num_pages},
                )
            )
            status = 404
        else:
            context["page"] = page
            context["rows"] = _rows(page.object_list, filterset.policy_areas)
            context["facets"] = found
            context["total"] = found["total"]
            sort = filterset.form.cleaned_data.get("sort") or "relevance"
            context["by_relevance"] = bool(filterset.search_text) and sort == "relevance"
    keep = query.copy()
    keep.pop("page", None)
    context["query_without_page"] = keep.urlencode()
    export_query = keep.copy()
    export_query.pop("per_page", None)
    context["export_query"] = export_query.urlencode()
    template = "commitments/explorer.html"
    if request.headers.get(FRAGMENT_HEADER):
        template += "#results"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


# --- The explorer's charts -------------------------------------------------------------------


def _charts(request, stack):
    """The charts of the explorer's commitments: the explorer's query string, unchanged."""
    query = request.GET
    filterset = CommitmentFilter(query, request=request)
    errors = input_errors(filterset, query, PAGE_PARAMETERS)
    keep = query.copy()
    for name in PAGE_PARAMETERS:
        keep.pop(name, None)
    context = {
        "errors": errors,
        "stack": stack,
        "query": keep.urlencode(),
        "active_filters": active_filters(filterset, query),
        "charts": None if errors else charts.explorer_charts(filterset, query, stack),
    }
    return render(request, "commitments/charts.html", context, status=400 if errors else 200)


@throttle("explorer", "EXPLORER_THROTTLE_RATE", _explorer_throttled)
@public_page
def charts_by_completion(request):
    return _charts(request, "completion")


@throttle("explorer", "EXPLORER_THROTTLE_RATE", _explorer_throttled)
@public_page
def charts_by_early_results(request):
    return _charts(request, "early_results")


# What a row of the explorer's table reads of a commitment: these columns, its plan's year and
# its member's name and slug, read as values in one query; its policy areas are the reference
# lists' (`_rows`). Not the rest of its ~40 columns (its descriptions in three languages are most
# of a row's bytes), and no model instance: a page of 25 to 100 rows is built from the values.
ROW_COLUMNS = translated.with_translations(
    Commitment,
    "pk",
    "identifier",
    "title",
    "primary_policy_area",
    "irm_state",
    "irm_method",
    "irm_completion",
    "irm_early_results",
    "irm_early_results_refresh",
    "irm_starred",
    "action_plan__submission_year",
    "action_plan__member__name",
    "action_plan__member__slug",
)


def row_values(commitments):
    """The commitments as the explorer's rows read them (`ROW_COLUMNS`): a dict each, in one
    query."""
    return commitments.values(*ROW_COLUMNS)


def rows_by_id(ids):
    """{id: the row's values} of the commitments with these ids (`MatchedRows` reads a page)."""
    return {values["pk"]: values for values in row_values(Commitment.objects.filter(pk__in=ids))}


@dataclass
class Row:
    """A row of the explorer's table: a commitment's values (`ROW_COLUMNS`, read as attributes,
    for `{% localized row.commitment "title" %}`) and what the table shows of them."""

    commitment: SimpleNamespace
    url: str
    member: str
    member_url: str
    year: int | None
    assessed: bool
    completion: str  # the labels of its IRM findings ("–" for none), when assessed
    early_results: str
    star: str  # Starred: yes / no / pending / not applicable (2021+) / no data
    state: str  # its IRM state (a CSS class) and its label, when not assessed
    state_label: str
    primary_area: PolicyArea | None
    areas: list


# The coded columns a row shows the labels of.
ROW_LABELLED = ("irm_completion", "irm_early_results", "irm_early_results_refresh", "irm_state")


def _label(labels, value):
    """A stored value's label, as `get_<field>_display()` gives it (a value without one: as it
    is; none: "")."""
    return labels.get(value, value or "")


def _rows(commitments, policy_areas):
    """The table's rows of a page of commitments (`row_values` dicts), their policy areas read
    from `policy_areas` (the reference lists' areas by slug) and one query of their tags."""
    commitments = list(commitments)
    by_pk = {area.pk: area for area in policy_areas.values()}
    tags = AreaThrough.objects.filter(commitment_id__in=[c["pk"] for c in commitments])
    tags = list(tags.values_list("commitment_id", "policyarea_id"))
    primaries = {c["primary_policy_area"] for c in commitments} - {None}
    if unknown := ({area_id for _pk, area_id in tags} | primaries) - by_pk.keys():
        # An area newer than the lists (another process may read them for a second more).
        by_pk = {**by_pk, **PolicyArea.objects.in_bulk(unknown)}
    tagged = {}
    for commitment_id, area_id in tags:
        tagged.setdefault(commitment_id, []).append(by_pk[area_id])
    completion, early, refresh, states = (
        labels for _name, _attname, labels in translated.coded_fields(Commitment, ROW_LABELLED)
    )
    rows = []
    for values in commitments:
        commitment = SimpleNamespace(**values)
        slug = values["action_plan__member__slug"]
        primary = values["primary_policy_area"]
        others = sorted(
            (area for area in tagged.get(values["pk"], ()) if area.pk != primary),
            key=lambda area: area.name,  # the model's order (English names), as before
        )
        rows.append(
            Row(
                commitment,
                commitment_path(slug, values["identifier"]),
                values["action_plan__member__name"],
                member_path(slug),
                values["action_plan__submission_year"],
                values["irm_state"] == IrmState.ASSESSED,
                _label(completion, values["irm_completion"]) or "–",
                _label(early, values["irm_early_results"])
                or _label(refresh, values["irm_early_results_refresh"])
                or "–",
                display.star_status(commitment).label,
                values["irm_state"],
                _label(states, values["irm_state"]),
                by_pk.get(primary),
                [translated.list_label(area, "name") for area in others],
            )
        )
    return rows


# --- Exports ----------------------------------------------------------------------------------


EXPORT_SLOT_BUSY_SECONDS = 10  # Retry-After while the client's other export streams


def export_throttled(request, seconds):
    return JsonResponse(
        {"error": _("Too many exports: try again in %(seconds)s seconds.") % {"seconds": seconds}}
    )


def export_slot(request):
    """(release, None) with one of the client's export slots, or (None, the 429 answer) while
    its other export still streams: for every export view (the explorer's, the comparison's)."""
    release = take_slot("export", request, settings.EXPORTS_AT_ONCE)
    if release is None:
        message = _("Another export to you is still streaming: wait until it has finished.")
        return None, too_many(JsonResponse({"error": message}), EXPORT_SLOT_BUSY_SECONDS)
    return release, None


@throttle("export", "EXPORT_THROTTLE_RATE", export_throttled)
def export(request, export_format):
    if export_format not in exports.FORMATS:
        raise Http404
    query = request.GET
    filterset = CommitmentFilter(query, request=request)
    errors = input_errors(filterset, query, PAGE_PARAMETERS | {"resource"})
    resource = query.get("resource") or "commitments"
    if resource not in exports.RESOURCES:
        message = _("Choose one of %(choices)s.") % {"choices": ", ".join(exports.RESOURCES)}
        errors.append(("resource", message))
    if errors:
        return JsonResponse(
            {
                "error": _("Invalid filter."),
                "details": [{"parameter": name, "message": str(msg)} for name, msg in errors],
            },
            status=400,
        )
    content_type, extension = exports.FORMATS[export_format]
    explorer_query = query.copy()
    for name in NOT_IN_ADDRESS:
        explorer_query.pop(name, None)
    explorer_url = explorer_address(request)
    dictionary_url = request.build_absolute_uri(reverse("commitments:data-dictionary"))
    provenance = exports.provenance(
        title=exports.RESOURCE_TITLES[resource],
        filters=filters_sentence(active_filters(filterset, explorer_query)),
        url=explorer_url,
    )
    meta = {
        "source": request.build_absolute_uri(),
        "generated_at": provenance["generated_at"],
        "data_dictionary": dictionary_url,
        "provenance": provenance,
    }
    release, busy = export_slot(request)
    if busy:
        return busy
    try:
        # Runs the query now: one that fails is an error answer, not a 200 with a broken file.
        chunks = exports.stream(
            export_format,
            filterset.qs,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            meta=meta,
            resource=resource,
        )
    except BaseException:
        release()
        raise
    response = StreamingHttpResponse(Releasing(chunks, release), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(extension, resource)}"'
    )
    return exports.provenance_headers(response, provenance, dictionary_url)


# --- Policy areas -------------------------------------------------------------------------------


@public_page
def policy_area_list(request):
    areas = PolicyArea.objects.tree()
    tagged = AreaThrough.objects.filter(
        commitment_id__in=Commitment.objects.published().values("pk")
    )
    member = "commitment__action_plan__member_id"
    per_area = {
        row["policyarea_id"]: row
        for row in tagged.values("policyarea_id").annotate(
            commitments=Count("commitment_id"), members=Count(member, distinct=True)
        )
    }
    per_parent = {
        row["top"]: row
        for row in tagged.values(top=Coalesce("policyarea__parent_id", "policyarea_id")).annotate(
            commitments=Count("commitment_id", distinct=True), members=Count(member, distinct=True)
        )
    }
    empty = {"commitments": 0, "members": 0}
    for area in areas:
        counts = (per_parent if area.child_areas else per_area).get(area.pk, empty)
        area.commitment_count = counts["commitments"]
        area.member_count = counts["members"]
    return render(request, "commitments/policy_area_list.html", {"areas": areas})


@public_page
def policy_area_detail(request, slug):
    areas = {area.slug: area for area in PolicyArea.objects.tree()}
    area = areas.get(slug)
    if area is None:
        raise Http404
    area.parent_area = next((a for a in areas.values() if a.pk == area.parent_id), None)
    published = Commitment.objects.published()
    tagged = AreaThrough.objects.filter(policyarea_id__in=[a.pk for a in area.subtree()])
    in_area = Q(pk__in=tagged.values("commitment_id"))
    totals = published.aggregate(
        commitments=Count("pk", filter=in_area),
        assessed=Count("pk", filter=in_area & ASSESSED),
        star_decided=Count("pk", filter=in_area & STAR_DECIDED),
        starred=Count("pk", filter=in_area & STARRED),
        strong=Count("pk", filter=in_area & ASSESSED & STRONG_EARLY_RESULTS),
        all_assessed=Count("pk", filter=ASSESSED),
        all_star_decided=Count("pk", filter=STAR_DECIDED),
        all_starred=Count("pk", filter=STARRED),
        all_strong=Count("pk", filter=ASSESSED & STRONG_EARLY_RESULTS),
    )
    name, slug = "action_plan__member__name", "action_plan__member__slug"
    top_members = [
        {"name": row[name], "url": member_path(row[slug]), "count": row["n"]}
        for row in published.filter(in_area)
        .values(name, slug)
        .annotate(n=Count("pk"))
        .order_by("-n", by_name(name), slug)[:10]
    ]
    shares = {
        "starred": metrics.share(totals["starred"], totals["star_decided"]),
        "all_starred": metrics.share(totals["all_starred"], totals["all_star_decided"]),
        "strong": metrics.share(totals["strong"], totals["assessed"]),
        "all_strong": metrics.share(totals["all_strong"], totals["all_assessed"]),
    }
    context = {
        "area": area,
        "totals": totals,
        "shares": shares,
        "top_members": top_members,
        "explorer_url": links.explorer_url(policy_area=area.slug),
    }
    return render(request, "commitments/policy_area_detail.html", context)
