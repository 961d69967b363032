"""The commitments' and assessments' answers, built from `.values()` rows.

A page of 100 commitments carries some 300 milestones, 100 assessments and 300 policy-area
tags. Read as model instances and filled field by field, they were most of a built page's time
(about 1,200 instances and 10,000 field calls). Here each answer is built straight from rows:
the values are read from the paths the published columns declare (opendata.columns), each
converted as its column's type says (a date as ISO 8601, a time as DRF writes it, rich text and
translation columns through the column's `clean`), in the order of the declared serializers
(api.serializers), which stay the API's schema; a test compares the two outputs.

Queries, as the prefetching querysets ran: a page of commitments, four (its rows, then its
policy areas, milestones and assessments, one query each); a page of assessments, two (its rows,
then the assessments of their commitments, for the fields each set effectively); and the
paginator's count where it runs one. References and links (a page's rows share members, plans,
policy areas and reports) are built once per answer.
"""

from datetime import date
from itertools import groupby
from operator import itemgetter
from types import SimpleNamespace

from rest_framework import serializers

from api.fields import fast_reverse
from api.labels import name_label
from api.serializers import (
    AssessmentSerializer,
    CommitmentSerializer,
    MilestoneSerializer,
    ReportAssessmentSerializer,
)
from commitments.models import Commitment, Milestone
from irm import metrics
from irm.methods import report_method
from irm.models import CommitmentAssessment
from ogp import translated
from ogp.translated import coded_fields
from opendata import columns

_DATETIME = serializers.DateTimeField()  # how DRF writes a time (ISO 8601, "Z" for UTC)


def _iso_date(value):
    return value.isoformat() if isinstance(value, date) else value


def _cleaned(clean):
    return lambda value: clean(value or "")


def _converter(column):
    """How a column's stored value reads in the API, as its declared serializer field reads
    it; None: as it is."""
    if column.clean:
        return _cleaned(column.clean)
    if column.type == "date":
        return _iso_date
    if column.type == "datetime":
        return _DATETIME.to_representation
    return None


class Shape:
    """An answer's fields (`names`, in order): those read straight from a column of `resource`
    (all but `built`, which the reader sets), and the paths its rows are read from: theirs,
    the registry's paths of the built ones that are columns (a reference's key: the member's
    slug, the report's id), then `extra`. Its coded fields give `labels`."""

    def __init__(self, resource, model, names, built=(), extra=()):
        self.names = list(names)
        self.model = model
        raw, self.converted = [], []  # (name, path), (name, path, converter)
        paths = []
        for name in self.names:
            if name not in built:
                column = resource.column(name)
                convert = _converter(column)
                if convert is None:
                    raw.append((name, column.path))
                else:
                    self.converted.append((name, column.path, convert))
                paths.append(column.path)
            elif name in resource.names and not resource.column(name).computed:
                paths.append(resource.column(name).path)
        self.paths = list(dict.fromkeys([*paths, *extra]))
        self.raw_names = [name for name, _path in raw]
        raw_paths = [path for _name, path in raw]
        self.read_raw = (
            itemgetter(*raw_paths) if len(raw_paths) > 1 else lambda v: (v[raw_paths[0]],)
        )

    def fill(self, values):
        """A dict in the answer's order, its plain fields set from `values`, the others None."""
        data = dict.fromkeys(self.names)
        data.update(zip(self.raw_names, self.read_raw(values), strict=True))
        for name, path, convert in self.converted:
            data[name] = convert(values[path])
        return data

    def labeller(self):
        """A function of a row giving its `labels`: its coded fields' labels in the active
        language (api.labels), which it reads once."""
        coded = coded_fields(self.model, self.names)

        def labels(values):
            return {
                name: labels[value]
                for name, attname, labels in coded
                if (value := values[attname]) in labels
            }

        return labels


_NAMES = translated.with_language_columns(["name"])  # a policy area's name in each language


def _area_paths(prefix):
    """A policy area's slug and names in every language at `prefix` (for its reference)."""
    return [f"{prefix}slug", *(f"{prefix}{name}" for name in _NAMES)]


COMMITMENT = Shape(
    columns.COMMITMENTS,
    Commitment,
    CommitmentSerializer.Meta.fields,
    built={
        "url",
        "member",
        "action_plan",
        "policy_areas",
        "primary_policy_area",
        "milestones",
        "assessments",
        "labels",
    },
    extra=[
        "pk",
        "action_plan__member__name",
        "action_plan__number",
        "action_plan__title",
        *_area_paths("primary_policy_area__"),
    ],
)
MILESTONE = Shape(columns.MILESTONES, Milestone, MilestoneSerializer.Meta.fields)
_ASSESSMENT_BUILT = {"url", "commitment", "report", "report_method", "effective_fields", "labels"}
_ASSESSMENT_EXTRA = ["id", "commitment_id", "report__title", *metrics.MERGED_FIELDS]
ASSESSMENT = Shape(
    columns.ASSESSMENTS,
    CommitmentAssessment,
    AssessmentSerializer.Meta.fields,
    built=_ASSESSMENT_BUILT,
    extra=_ASSESSMENT_EXTRA,
)
REPORT_ASSESSMENT = Shape(  # inside its commitment's answer
    columns.ASSESSMENTS,
    CommitmentAssessment,
    ReportAssessmentSerializer.Meta.fields,
    built=_ASSESSMENT_BUILT,
    extra=_ASSESSMENT_EXTRA,
)


# --- Commitments ----------------------------------------------------------------------------


def commitment_rows(queryset):
    """The rows a queryset of commitments' answers are built from (`commitment_answers`)."""
    return queryset.values(*COMMITMENT.paths)


def commitments_by_id(ids):
    """The published commitments' rows by id (a page of the facet index's matches)."""
    rows = commitment_rows(Commitment.objects.published().filter(pk__in=ids))
    return {row["pk"]: row for row in rows}


def _by_commitment(rows):
    """{commitment id: [row, …]} of rows ordered by commitment (the order kept within)."""
    return {pk: list(group) for pk, group in groupby(rows, key=itemgetter("commitment_id"))}


def commitment_answers(rows, request):
    """The answers of commitments' rows, in their order: three queries, for their policy
    areas, milestones and assessments."""
    rows = list(rows)
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    refs = _Refs(request)
    tags = {}
    for tag in (
        Commitment.policy_areas.through.objects.filter(commitment_id__in=ids)
        .order_by("policyarea__name")
        .values("commitment_id", *_area_paths("policyarea__"))
    ):
        tags.setdefault(tag["commitment_id"], []).append(refs.area(tag, "policyarea__"))
    milestones = {}
    for values in (
        Milestone.objects.filter(commitment_id__in=ids)
        .order_by("position", "pk")
        .values("commitment_id", *MILESTONE.paths)
    ):
        milestones.setdefault(values["commitment_id"], []).append(MILESTONE.fill(values))
    assessments = _by_commitment(
        CommitmentAssessment.objects.in_report_order()
        .filter(commitment_id__in=ids)
        .values(*REPORT_ASSESSMENT.paths)
    )

    labels = refs.labeller(COMMITMENT)
    answers = []
    for values in rows:
        pk = values["pk"]
        data = COMMITMENT.fill(values)
        data["url"] = refs.commitment_url(values["identifier"])
        data["member"] = refs.member(values)
        data["action_plan"] = refs.plan(values)
        data["policy_areas"] = tags.get(pk, [])
        data["primary_policy_area"] = (
            refs.area(values, "primary_policy_area__")
            if values["primary_policy_area__slug"] is not None
            else None
        )
        data["milestones"] = milestones.get(pk, [])
        data["assessments"] = _assessment_answers(REPORT_ASSESSMENT, assessments.get(pk, []), refs)
        data["labels"] = labels(values)
        answers.append(data)
    return answers


class _Refs:
    """The references and links of one answer, each built once (a page's commitments share
    members, plans, policy areas and reports)."""

    def __init__(self, request):
        self.request = request
        self.built = {}

    def _once(self, key, build):
        ref = self.built.get(key)
        if ref is None:
            ref = self.built[key] = build()
        return ref

    def labeller(self, shape):
        return self._once(("labels", shape), shape.labeller)

    def commitment_url(self, identifier):
        return fast_reverse("api:commitment-detail", self.request, identifier=identifier)

    def commitment(self, identifier):
        return self._once(
            ("commitment", identifier),
            lambda: {"identifier": identifier, "url": self.commitment_url(identifier)},
        )

    def member(self, values):
        slug = values["action_plan__member__slug"]
        return self._once(
            ("member", slug),
            lambda: {
                "slug": slug,
                "name": values["action_plan__member__name"],
                "url": fast_reverse("api:member-detail", self.request, slug=slug),
            },
        )

    def plan(self, values):
        slug, number = values["action_plan__member__slug"], values["action_plan__number"]
        return self._once(
            ("plan", slug, number),
            lambda: {
                "number": number,
                "title": values["action_plan__title"],
                "url": fast_reverse(
                    "api:action-plan-detail", self.request, slug=slug, number=number
                ),
            },
        )

    def area(self, values, prefix):
        """A policy area's reference, from its slug and names at `prefix` in `values`."""
        slug = values[f"{prefix}slug"]

        def build():
            names = {name: values[f"{prefix}{name}"] for name in _NAMES}
            return {
                "slug": slug,
                "name": names["name"],
                "label": name_label(SimpleNamespace(**names)),
                "url": fast_reverse("api:policy-area-detail", self.request, slug=slug),
            }

        return self._once(("area", slug), build)

    def report(self, values):
        """An assessment's report: its reference and its method."""
        pk = values["report_id"]
        return self._once(
            ("report", pk),
            lambda: (
                {
                    "id": pk,
                    "title": values["report__title"],
                    "url": fast_reverse("api:irm-report-detail", self.request, pk=pk),
                },
                report_method(values["report__type"], values["report__year"]).value,
            ),
        )


# --- Assessments ----------------------------------------------------------------------------


def assessment_rows(queryset):
    """The rows a queryset of assessments' answers are built from (`assessment_answers`)."""
    return queryset.values(*ASSESSMENT.paths)


def assessment_answers(rows, request):
    """The answers of assessments' rows (of /api/assessments/), in their order: one query, for
    the assessments of their commitments (which fields each set effectively)."""
    rows = list(rows)
    if not rows:
        return []
    siblings = _by_commitment(
        CommitmentAssessment.objects.in_report_order()
        .filter(commitment_id__in={row["commitment_id"] for row in rows})
        .values("id", "commitment_id", *metrics.MERGED_FIELDS)
    )
    effective = {}
    for group in siblings.values():
        for values, names in zip(group, metrics.effective_fields(group), strict=True):
            effective[values["id"]] = names
    return _assessment_answers(ASSESSMENT, rows, _Refs(request), effective)


def _assessment_answers(shape, rows, refs, effective=None):
    """`rows` as `shape`'s answers; `effective`: {id: the fields it set effectively}, else
    `rows` are one commitment's assessments in report order (its answer's)."""
    if not rows:
        return []
    if effective is None:
        effective = {
            values["id"]: names
            for values, names in zip(rows, metrics.effective_fields(rows), strict=True)
        }
    labels = refs.labeller(shape)
    answers = []
    for values in rows:
        data = shape.fill(values)
        data["url"] = fast_reverse("api:assessment-detail", refs.request, pk=values["id"])
        if "commitment" in data:
            data["commitment"] = refs.commitment(values["commitment__identifier"])
        data["report"], data["report_method"] = refs.report(values)
        data["effective_fields"] = list(effective[values["id"]])
        data["labels"] = labels(values)
        answers.append(data)
    return answers
