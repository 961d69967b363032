"""Build spreadsheets in OGP's commitment sheet shape for the import tests."""

import csv
import io

import openpyxl
from django.apps import apps

from commitments.imports import COLUMNS, HEADERS

DEFAULTS = {
    "identifier": "SEO0001",
    "member": "Seoul, South Korea",
    "region": "Asia and the Pacific",
    "theme": "Public Participation; E-Government",
    "year": "2016",
    "plan_number": "1",
    "number": "1",
    "title": "Citizen participation in policy making",
    "short_title": "Participation",
    "description": "Seoul will open its policy making to citizens.",
    "lead_institution": "Seoul Metropolitan Government",
    "supporting_institutions": "",
    "source_url": "https://www.opengovpartnership.org/members/seoul-south-korea/commitments/SEO0001/",
    "relevant_access_to_information": "1",
    "relevant_civic_participation": "1",
    "relevant_public_accountability": "0",
    "relevant_technology": "ND",
    "specificity": "High",
    "potential_impact": "Transformative",
    "completion": "Substantial",
    "early_results": "Major",
}


def row(**values):
    return {**DEFAULTS, **values}


def cells(values, headers=None):
    keys = {column.header: column.key for column in COLUMNS}
    return [values.get(keys.get(header, header), "") for header in (headers or HEADERS)]


def csv_bytes(rows, headers=None, delimiter=",", encoding="utf-8"):
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers or HEADERS)
    for values in rows:
        writer.writerow(cells(values, headers))
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers or HEADERS)
    for values in rows:
        sheet.append(cells(values, headers))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


SNAPSHOT_MODELS = [
    "members.Member",
    "members.HistoricalMember",
    "commitments.ActionPlan",
    "commitments.HistoricalActionPlan",
    "commitments.Commitment",
    "commitments.HistoricalCommitment",
    "commitments.HistoricalCommitment_policy_areas",
    "irm.IrmReport",
    "irm.CommitmentAssessment",
    "irm.HistoricalCommitmentAssessment",
]


def snapshot():
    """Every row the import can write, as plain values: equal snapshots = nothing written."""
    state = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        state[label] = list(model.objects.order_by("pk").values())
    through = apps.get_model("commitments", "Commitment_policy_areas")
    state["links"] = list(through.objects.order_by("pk").values())
    return state
