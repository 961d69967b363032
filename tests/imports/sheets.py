"""Build spreadsheets in OGP's commitment sheet shape for the import tests."""

import csv
import io
import zipfile
from xml.sax.saxutils import escape

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


SHEET_XML = "xl/worksheets/sheet1.xml"


def replace_member(data, name, content):
    """The XLSX `data` with its zip member `name` replaced by `content` (bytes)."""
    stream = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return stream.getvalue()


def truncated_xlsx(rows):
    """A workbook whose sheet XML stops half way (a cut download, a broken writer)."""
    data = xlsx_bytes(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(SHEET_XML)
    return replace_member(data, SHEET_XML, xml[: len(xml) // 2])


def crafted_xlsx(rows, dimension=None, blank_rows=()):
    """A workbook whose sheet XML is written here, so that hostile shapes stay small files.

    `rows` maps a row number to its values (the header is row 1); `blank_rows` are numbers of
    rows present in the XML with no cells; `dimension` is the sheet's declared used range
    ("A1:XFD1048576"), or none.
    """
    xml = [
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ]
    if dimension:
        xml.append(f'<dimension ref="{dimension}"/>')
    xml.append("<sheetData>")
    lines = {number: "".join(_inline(text) for text in texts) for number, texts in rows.items()}
    lines.update(dict.fromkeys(blank_rows, ""))
    for number in sorted(lines):
        xml.append(f'<row r="{number}">{lines[number]}</row>')
    xml.append("</sheetData></worksheet>")
    return replace_member(xlsx_bytes([]), SHEET_XML, "".join(xml).encode())


def _inline(text):
    return f'<c t="inlineStr"><is><t>{escape(str(text))}</t></is></c>'


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
