"""Build the bulk files: one CSV per resource, one JSON file, and `datapackage.json`.

Rows are read with `.values()` and `.iterator()`: constant memory, a fixed number of queries
per resource (the commitments' policy areas are one more query, merged in Python). The files
are written into a folder of their own, then published as a dated release (opendata.releases:
the id, SHA256SUMS, the atomic switch of `latest`); older releases stay until pruned.
"""

import json
import shutil
from datetime import date, datetime
from functools import partial
from itertools import batched, groupby
from operator import itemgetter

from django.db.models import Count, Q
from django.utils import timezone

from commitments.models import (
    ActionPlan,
    Commitment,
    IdentifierPrefix,
    Milestone,
    PolicyArea,
    PolicyAreaAlias,
)
from irm import metrics
from irm.methods import report_method
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Member, Region
from ogp.data_version import data_version
from ogp.security import guard_formula
from opendata import columns, releases, writers
from opendata.licence import LICENCE
from opendata.schema import LIST_DELIMITER

CHUNK = 2000


def _read(resource, queryset, *extra, complete=None, as_dicts=False):
    """The resource's rows as lists in column order, read with `.values()` from the columns'
    paths (and `extra` ones); `complete(values)` sets the computed columns. `as_dicts`: the
    `.values()` dicts, for a reader that completes them itself (then `_row`)."""
    paths = [column.path for column in resource.columns if not column.computed]
    for values in queryset.values(*paths, *extra).iterator(chunk_size=CHUNK):
        if as_dicts:
            yield values
            continue
        if complete is not None:
            complete(values)
        yield _row(resource, values)


def _row(resource, values):
    """A `.values()` dict, its computed columns set, as a row in column order."""
    return [
        column.clean(values[column.path]) if column.clean else values[column.path]
        for column in resource.columns
    ]


def regions():
    return _read(columns.REGIONS, Region.objects.order_by("position", "name"))


def policy_areas():
    aliases = {}
    for area_id, name in PolicyAreaAlias.objects.order_by("name").values_list(
        "policy_area_id", "name"
    ):
        aliases.setdefault(area_id, []).append(name)

    def complete(values):
        values["aliases"] = aliases.get(values["pk"], [])

    return _read(columns.POLICY_AREAS, PolicyArea.objects.order_by("name"), "pk", complete=complete)


def members():
    prefixes = {}
    for member_id, prefix in IdentifierPrefix.objects.order_by("prefix").values_list(
        "member_id", "prefix"
    ):
        prefixes.setdefault(member_id, []).append(prefix)

    def complete(values):
        if not values["parent__published"]:
            values["parent__slug"] = None
        values["commitment_prefixes"] = prefixes.get(values["pk"], [])

    queryset = Member.objects.published().order_by("name")
    return _read(columns.MEMBERS, queryset, "parent__published", "pk", complete=complete)


def action_plans():
    queryset = (
        ActionPlan.objects.published()
        .order_by("member__name", "number")
        .annotate(commitment_count=Count("commitments", filter=Q(commitments__published=True)))
    )
    return _read(columns.ACTION_PLANS, queryset)


def commitments():
    published = Commitment.objects.published()
    areas = {}
    through = Commitment.policy_areas.through.objects.filter(commitment__in=published)
    for commitment_id, slug in through.order_by("policyarea__name").values_list(
        "commitment_id", "policyarea__slug"
    ):
        areas.setdefault(commitment_id, []).append(slug)

    def complete(values):
        values["policy_areas"] = areas.get(values["pk"], [])

    queryset = published.order_by("identifier")
    return _read(columns.COMMITMENTS, queryset, "pk", complete=complete)


def milestones():
    queryset = Milestone.objects.filter(commitment__in=Commitment.objects.published()).order_by(
        "commitment__identifier", "position", "pk"
    )
    return _read(columns.MILESTONES, queryset)


def irm_reports():
    def complete(values):
        values["era"] = IrmReport(type=values["type"], year=values["year"]).era.value

    queryset = IrmReport.objects.published().order_by(
        "action_plan__member__name", "action_plan__number", "year", "pk"
    )
    return _read(columns.IRM_REPORTS, queryset, complete=complete)


def read_assessments(queryset):
    """The assessments as rows of the ASSESSMENTS resource, by commitment, each commitment's in
    report order (the merge's): a commitment's rows are read together to say which fields
    each set effectively (`irm.metrics.effective_fields`); one commitment's rows in memory."""
    queryset = queryset.order_by("commitment__identifier", "report__year", "report_id")
    records = _read(columns.ASSESSMENTS, queryset, as_dicts=True)
    for _commitment, group in groupby(records, key=itemgetter("commitment__identifier")):
        group = list(group)
        for values, fields in zip(group, metrics.effective_fields(group), strict=True):
            values["report_method"] = report_method(
                values["report__type"], values["report__year"]
            ).value
            values["effective_fields"] = list(fields)
            yield _row(columns.ASSESSMENTS, values)


def assessments():
    return read_assessments(CommitmentAssessment.objects.published())


def participation():
    def complete(values):
        if not values["report__published"]:
            values["report_id"] = None

    queryset = ParticipationAssessment.objects.published().order_by(
        "action_plan__member__name", "action_plan__number"
    )
    return _read(columns.PARTICIPATION, queryset, "report__published", complete=complete)


ROWS = {
    "regions": regions,
    "policy-areas": policy_areas,
    "members": members,
    "action-plans": action_plans,
    "commitments": commitments,
    "milestones": milestones,
    "irm-reports": irm_reports,
    "assessments": assessments,
    "participation": participation,
}


# --- Values as text (CSV) and as JSON ----------------------------------------------------


def _datetime_text(value):
    text = timezone.localtime(value, timezone.UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def csv_value(column, value):
    """A value as CSV text; a text a spreadsheet would run as a formula gets a ' before it
    (guard_formula), numbers never do."""
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "list":
        return guard_formula(LIST_DELIMITER.join(value))
    if column.type == "datetime":
        return _datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if column.type == "string":
        return guard_formula(str(value))
    return str(value)


def json_value(value):
    """JSON's text for what JSON has no type for (json's `default`)."""
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _csv_writer(resource):
    cells = [partial(csv_value, column) for column in resource.columns]
    return writers.CsvWriter(resource.names, cells, lineterminator="\n")


def _write(outputs, rows):
    """Write the rows to every (file, writer) of outputs in one pass; returns their count."""
    count = 0
    for handle, writer in outputs:
        handle.write(writer.head())
    for batch in batched(rows, CHUNK):
        count += len(batch)
        for handle, writer in outputs:
            handle.write(writer.rows(batch))
    for handle, writer in outputs:
        handle.write(writer.tail())
    return count


def build(directory=None, now=None):
    """Write a complete new build and publish it as the latest release. Returns (release id,
    its folder)."""
    now = now or timezone.now()
    folder = releases.staging(directory)
    try:
        package, checksums = _write_files(folder, now)
        return releases.publish(folder, package, checksums, now, directory)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write_files(folder, now):
    """Write every resource's CSV and the JSON file into `folder`. Returns the data package
    (without its release id: releases.publish sets it) and the files' SHA-256 by name."""
    version = data_version()["token"]
    checksums = {}
    created = _datetime_text(now.replace(microsecond=0))

    descriptors = []
    json_path = folder / columns.JSON_FILE
    with open(json_path, "wb") as json_file:
        json_file.write(f'{{"name": "ogp-open-data", "created": {json.dumps(created)}'.encode())
        for resource in columns.RESOURCES:
            path = folder / resource.path
            key = resource.name.replace("-", "_")
            json_writer = writers.JsonWriter(
                resource.names, prefix=f', "{key}": [', default=json_value
            )
            with open(path, "wb") as csv_file:
                outputs = [(json_file, json_writer), (csv_file, _csv_writer(resource))]
                count = _write(outputs, ROWS[resource.name]())
            checksums[resource.path] = releases.sha256(path)
            descriptors.append(
                {
                    "name": resource.name,
                    "title": resource.title,
                    "description": resource.description,
                    "path": resource.path,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": path.stat().st_size,
                    "hash": f"sha256:{checksums[resource.path]}",
                    "rows": count,
                    "schema": resource.schema(),
                }
            )
        json_file.write(b"}\n")
    checksums[columns.JSON_FILE] = releases.sha256(json_path)
    descriptors.append(
        {
            "name": "all",
            "title": "Everything in one JSON file",
            "description": (
                "Every resource above as one JSON object: a key per resource (with '_' for "
                "'-') holding its rows, with the same fields and values as the CSV files."
            ),
            "path": columns.JSON_FILE,
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": json_path.stat().st_size,
            "hash": f"sha256:{checksums[columns.JSON_FILE]}",
        }
    )
    package = {
        "profile": "data-package",
        "name": "ogp-open-data",
        "title": "Open Government Partnership: members, action plans, commitments and IRM findings",
        "description": (
            "The published data of the site: members, their action plans and commitments, the "
            "reports and assessments of the Independent Reporting Mechanism (IRM), and the "
            "reference lists. The same records and values as the JSON API at /api/."
        ),
        "created": created,
        "data_version": version,
        "licenses": [LICENCE.descriptor()],
        "resources": descriptors,
    }
    return package, checksums
