"""Build the bulk files: one CSV per resource, one JSON file, and `datapackage.json`.

Rows are read with `.values()` and `.iterator()`: constant memory, a fixed number of queries
per resource (the commitments' policy areas are one more query, merged in Python). The files
are written into a new folder under settings.OPEN_DATA_DIR, then the `current` link is switched
to it in one atomic rename, so a download never sees a half-built set; older builds are removed.
"""

import csv
import hashlib
import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from commitments.models import ActionPlan, Commitment, Milestone, PolicyArea, PolicyAreaAlias
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Member, Region
from ogp.security import clean_rich_text, guard_formula
from opendata import schema

CURRENT = "current"
CHUNK = 2000


def _published_reports():
    return IrmReport.objects.published()


def _rows(queryset, names):
    yield from queryset.values(*names).iterator(chunk_size=CHUNK)


def regions():
    yield from _rows(Region.objects.order_by("position", "name"), ["slug", "name", "position"])


def policy_areas():
    aliases = {}
    for area_id, name in PolicyAreaAlias.objects.order_by("name").values_list(
        "policy_area_id", "name"
    ):
        aliases.setdefault(area_id, []).append(name)
    queryset = PolicyArea.objects.order_by("name").values(
        "pk", "slug", "name", "description", parent_slug=F("parent__slug")
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        yield {
            "slug": row["slug"],
            "name": row["name"],
            "parent": row["parent_slug"],
            "description": row["description"],
            "aliases": aliases.get(row["pk"], []),
        }


def _focus_labels(text):
    return [label.strip() for label in text.split(",") if label.strip()]


def members():
    queryset = (
        Member.objects.published()
        .order_by("name")
        .values(
            "slug",
            "name",
            "kind",
            "country_code",
            "member_since",
            "status",
            "summary",
            "policy_area_focus",
            "lead_agency",
            "lead_agency_url",
            "commitment_prefix",
            "updated_at",
            region_slug=F("region__slug"),
            parent_slug=F("parent__slug"),
            parent_published=F("parent__published"),
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        yield {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            "country_code": row["country_code"],
            "region": row["region_slug"],
            "parent": row["parent_slug"] if row["parent_published"] else None,
            "member_since": row["member_since"],
            "status": row["status"],
            "summary": clean_rich_text(row["summary"]),
            "policy_area_focus": _focus_labels(row["policy_area_focus"]),
            "lead_agency": row["lead_agency"],
            "lead_agency_url": row["lead_agency_url"],
            "commitment_prefix": row["commitment_prefix"],
            "updated_at": row["updated_at"],
        }


def action_plans():
    queryset = (
        ActionPlan.objects.published()
        .order_by("member__name", "number")
        .annotate(commitment_count=Count("commitments", filter=Q(commitments__published=True)))
        .values(
            "number",
            "title",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "submission_year",
            "summary",
            "document_url",
            "irm_coverage",
            "commitment_count",
            "updated_at",
            member_slug=F("member__slug"),
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        row["member"] = row.pop("member_slug")
        row["summary"] = clean_rich_text(row["summary"])
        yield row


IRM_COLUMNS = [
    column.name for column in schema.COMMITMENTS.columns if column.name.startswith("irm_")
]


def commitments():
    published = Commitment.objects.published()
    areas = {}
    through = Commitment.policy_areas.through.objects.filter(commitment__in=published)
    for commitment_id, slug in through.order_by("policyarea__name").values_list(
        "commitment_id", "policyarea__slug"
    ):
        areas.setdefault(commitment_id, []).append(slug)
    queryset = published.order_by("identifier").values(
        "pk",
        "identifier",
        "number",
        "title",
        "short_title",
        "description",
        "lead_institution",
        "supporting_institutions",
        "start_date",
        "end_date",
        "status",
        "claims_access_to_information",
        "claims_civic_participation",
        "claims_public_accountability",
        "claims_technology",
        *IRM_COLUMNS,
        "updated_at",
        member_slug=F("action_plan__member__slug"),
        plan_number=F("action_plan__number"),
        primary_slug=F("primary_policy_area__slug"),
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        pk = row.pop("pk")
        row["member"] = row.pop("member_slug")
        row["action_plan_number"] = row.pop("plan_number")
        row["primary_policy_area"] = row.pop("primary_slug")
        row["policy_areas"] = areas.get(pk, [])
        row["description"] = clean_rich_text(row["description"])
        yield row


def milestones():
    queryset = (
        Milestone.objects.filter(commitment__in=Commitment.objects.published())
        .order_by("commitment__identifier", "position", "pk")
        .values(
            "position",
            "title",
            "start_date",
            "end_date",
            "completion",
            commitment_identifier=F("commitment__identifier"),
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        row["commitment"] = row.pop("commitment_identifier")
        yield row


def irm_reports():
    queryset = (
        _published_reports()
        .order_by("action_plan__member__name", "action_plan__number", "year", "pk")
        .values(
            "id",
            "type",
            "stage",
            "title",
            "year",
            document_url=F("url"),
            member=F("action_plan__member__slug"),
            action_plan_number=F("action_plan__number"),
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        row["era"] = IrmReport(type=row["type"], year=row["year"]).era.value
        yield row


ASSESSMENT_COLUMNS = [column.name for column in schema.ASSESSMENTS.columns[3:]]


def assessments():
    queryset = (
        CommitmentAssessment.objects.published()
        .order_by("pk")
        .values("id", "report_id", *ASSESSMENT_COLUMNS, identifier=F("commitment__identifier"))
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        row["commitment"] = row.pop("identifier")
        row["report"] = row.pop("report_id")
        yield row


PARTICIPATION_COLUMNS = [column.name for column in schema.PARTICIPATION.columns[3:]]


def participation():
    queryset = (
        ParticipationAssessment.objects.filter(action_plan__in=ActionPlan.objects.published())
        .order_by("action_plan__member__name", "action_plan__number")
        .values(
            *PARTICIPATION_COLUMNS,
            member=F("action_plan__member__slug"),
            action_plan_number=F("action_plan__number"),
            report_ref=F("report_id"),
            report_published=F("report__published"),
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        report, published = row.pop("report_ref"), row.pop("report_published")
        row["report"] = report if published else None
        yield row


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
        return guard_formula(schema.LIST_DELIMITER.join(value))
    if column.type == "datetime":
        return _datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if column.type == "string":
        return guard_formula(str(value))
    return str(value)


def json_value(column, value):
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def build(directory=None, now=None):
    """Write a complete new build and make it current. Returns the build's folder."""
    root = Path(directory or settings.OPEN_DATA_DIR)
    root.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    name = now.strftime("build-%Y%m%dT%H%M%S%fZ")
    folder = root / name
    folder.mkdir()
    created = _datetime_text(now.replace(microsecond=0))

    descriptors = []
    json_path = folder / schema.JSON_FILE
    with open(json_path, "w", encoding="utf-8") as json_file:
        json_file.write(f'{{"name": "ogp-open-data", "created": {json.dumps(created)}')
        for resource in schema.RESOURCES:
            path = folder / resource.path
            json_file.write(f", {json.dumps(resource.name.replace('-', '_'))}: [")
            count = 0
            with open(path, "w", encoding="utf-8", newline="") as csv_file:
                writer = csv.writer(csv_file, lineterminator="\n")
                writer.writerow([column.name for column in resource.columns])
                for row in ROWS[resource.name]():
                    writer.writerow(
                        [csv_value(column, row[column.name]) for column in resource.columns]
                    )
                    record = {
                        column.name: json_value(column, row[column.name])
                        for column in resource.columns
                    }
                    json_file.write(
                        (", " if count else "") + json.dumps(record, ensure_ascii=False)
                    )
                    count += 1
            json_file.write("]")
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
                    "hash": f"sha256:{_sha256(path)}",
                    "rows": count,
                    "schema": resource.schema(),
                }
            )
        json_file.write("}\n")
    descriptors.append(
        {
            "name": "all",
            "title": "Everything in one JSON file",
            "description": (
                "Every resource above as one JSON object: a key per resource (with '_' for "
                "'-') holding its rows, with the same fields and values as the CSV files."
            ),
            "path": schema.JSON_FILE,
            "profile": "data-resource",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": json_path.stat().st_size,
            "hash": f"sha256:{_sha256(json_path)}",
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
        "version": now.strftime("%Y.%m.%d.%H%M%S"),
        "resources": descriptors,
    }
    with open(folder / schema.DATAPACKAGE, "w", encoding="utf-8") as handle:
        json.dump(package, handle, indent=2, ensure_ascii=False)
        handle.write("\n")

    _make_current(root, name)
    return folder


def _make_current(root, name):
    link = root / CURRENT
    temporary = root / f".{CURRENT}-{name}"
    os.symlink(name, temporary)
    os.replace(temporary, link)  # atomic: readers see the old build or the new one
    for entry in root.iterdir():
        if entry.name.startswith("build-") and entry.name != name and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def current_folder(root=None):
    """The folder of the current build, or None if nothing was built yet."""
    link = Path(root or settings.OPEN_DATA_DIR) / CURRENT
    if not link.exists():
        return None
    return link.resolve()
