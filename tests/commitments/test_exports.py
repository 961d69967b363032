"""Exports: exactly the explorer's rows, parsed back from CSV, JSON and XLSX; streamed; 400s."""

import csv
import io
import json
import re
import zipfile
from urllib.parse import unquote

from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook

from commitments.exports import ASSESSMENT_NAMES, COLUMNS
from commitments.models import Commitment
from imports.roundtrip import write_xlsx
from ogp.data_version import data_version, in_process_values
from opendata.licence import LICENCE
from opendata.writers import TEXT_WIDTH, WIDTH_CAP, column_letter, column_width
from tests import factories as f
from tests.commitments import test_explorer_data as data
from tests.security.hostile import CLEAN_HTML, HOSTILE, HTML

EXPLORER = "/commitments/"
HEADER = [column.name for column in COLUMNS]


def body(response):
    return b"".join(response.streaming_content)


def parse(export_format, content):
    """The export as a list of {column: text or value} dicts."""
    if export_format == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        header, *rows = list(reader)
        assert header == HEADER
        return [dict(zip(header, row, strict=True)) for row in rows]
    if export_format == "json":
        document = json.loads(content)
        return document["commitments"]
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    header, *rows = list(workbook["commitments"].iter_rows(values_only=True))
    assert list(header) == HEADER
    # Read-only openpyxl leaves out the empty cells at the end of a row.
    return [
        dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows
    ]


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()
        cls.c = cls.built["commitments"]

    def export(self, export_format, query=None):
        response = self.client.get(f"/commitments/export.{export_format}", query or {})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        return response, parse(export_format, body(response))

    def page_identifiers(self, query):
        response = self.client.get(EXPLORER, {**query, "per_page": 100})
        self.assertEqual(response.status_code, 200)
        return re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+[0-9]{4})</a>', response.text)

    def test_every_format_holds_exactly_the_rows_of_the_page_in_its_order(self):
        queries = [
            {},
            {"policy_area": "access-to-information"},
            {"policy_area": ["open-data", "fiscal-openness"], "match": "all"},
            {"starred": ["pending", "no_data"], "sort": "-year"},
            {"q": "budget", "sort": "title"},
            {"member": "kenya"},
            {"q": "no-such-word-anywhere"},
        ]
        for query in queries:
            expected = self.page_identifiers(query)
            for export_format in ("csv", "json", "xlsx"):
                with self.subTest(query=query, format=export_format):
                    _response, rows = self.export(export_format, query)
                    self.assertEqual([row["identifier"] for row in rows], expected)

    def test_csv_values(self):
        response, rows = self.export("csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        today = timezone.localdate().isoformat()
        self.assertEqual(
            response["Content-Disposition"], f'attachment; filename="ogp-commitments-{today}.csv"'
        )
        by_id = {row["identifier"]: row for row in rows}
        budget = by_id[self.c["budget_data"].identifier]
        self.assertEqual(budget["member"], "South Korea")
        self.assertEqual(budget["region"], "Asia and the Pacific")
        self.assertEqual(budget["start_date"], "2016-09-01")
        self.assertEqual(budget["policy_areas"], "Open Data")
        self.assertEqual(budget["primary_policy_area"], "Open Data")
        self.assertEqual(budget["claims_access_to_information"], "1")
        self.assertEqual(budget["claims_civic_participation"], "0")
        self.assertEqual(budget["irm_starred"], "1")
        self.assertEqual(budget["irm_early_results"], "major")
        self.assertEqual(
            budget["url"],
            f"http://testserver/members/south-korea/commitments/{budget['identifier']}/",
        )
        gender = by_id[self.c["gender_budget"].identifier]
        self.assertEqual(gender["policy_areas"], "Fiscal Openness; Gender")
        self.assertEqual(gender["irm_starred"], "0")
        pending = by_id[self.c["fiscal_data"].identifier]
        self.assertEqual(pending["irm_state"], "pending")
        self.assertEqual(pending["irm_starred"], "")  # pending is not "not starred"
        self.assertEqual(pending["irm_focus"], "pending")

    def test_json_values(self):
        response, rows = self.export("json")
        self.assertEqual(response["Content-Type"], "application/json")
        by_id = {row["identifier"]: row for row in rows}
        kenya = by_id[self.c["kenya_access"].identifier]
        self.assertIs(kenya["irm_verifiable"], True)
        self.assertIs(kenya["irm_starred"], False)
        self.assertIsNone(kenya["irm_specificity"])
        self.assertEqual(kenya["irm_early_results_refresh"], "significant")
        self.assertEqual(kenya["submission_year"], 2020)
        self.assertEqual(by_id[self.c["budget_data"].identifier]["end_date"], "2018-06-30")
        no_data = by_id[self.c["seoul_rti"].identifier]
        self.assertEqual(no_data["irm_state"], "no_data")
        self.assertIsNone(no_data["irm_starred"])
        document = json.loads(body(self.client.get("/commitments/export.json", {"kind": "local"})))
        self.assertIn("/data/dictionary/", document["meta"]["data_dictionary"])
        self.assertIn("kind=local", document["meta"]["source"])

    def test_xlsx_values(self):
        _response, rows = self.export("xlsx")
        by_id = {row["identifier"]: row for row in rows}
        budget = by_id[self.c["budget_data"].identifier]
        self.assertEqual(budget["start_date"].date().isoformat(), "2016-09-01")
        self.assertIs(budget["irm_starred"], True)
        self.assertEqual(budget["submission_year"], 2016)

    def test_xlsx_survives_characters_excel_refuses(self):
        commitment = self.c["kenya_whistle"]
        type(commitment).objects.filter(pk=commitment.pk).update(
            description="Bell\x07 and vertical\x0btab"
        )
        _response, rows = self.export("xlsx", {"member": "kenya"})
        descriptions = {row["identifier"]: row["description"] for row in rows}
        self.assertEqual(descriptions[commitment.identifier], "Bell and verticaltab")

    def test_no_data_blank_status_and_sector_in_every_format(self):
        commitment = self.c["budget_data"]
        Commitment.objects.filter(pk=commitment.pk).update(
            status="", primary_sector="Health", irm_no_data=["open_government_lens", "promising"]
        )
        for export_format in ("csv", "json", "xlsx"):
            _response, rows = self.export(export_format)
            row = next(row for row in rows if row["identifier"] == commitment.identifier)
            with self.subTest(export_format):
                self.assertEqual(row["irm_no_data"], "open_government_lens; promising")
                self.assertIn(row["status"], ("", None))
                self.assertEqual(row["primary_sector"], "Health")

    def test_bad_input_is_400_with_the_reason(self):
        for export_format in ("csv", "json", "xlsx"):
            response = self.client.get(
                f"/commitments/export.{export_format}", {"policy_area": "atlantis"}
            )
            self.assertEqual(response.status_code, 400)
            details = response.json()["details"]
            self.assertEqual(details[0]["parameter"], "Policy area")
            self.assertIn("atlantis", details[0]["message"])
        response = self.client.get("/commitments/export.csv", {"year_from": "x", "colour": "red"})
        self.assertEqual(response.status_code, 400)
        messages = " ".join(d["message"] for d in response.json()["details"])
        self.assertIn("Unknown parameter “colour”", messages)
        self.assertIn("whole number", messages)

    def test_unknown_format_is_404(self):
        self.assertEqual(self.client.get("/commitments/export.pdf").status_code, 404)

    def test_page_and_per_page_do_not_cut_the_export(self):
        _response, rows = self.export("csv", {"page": "2", "per_page": "10"})
        self.assertEqual(len(rows), 6)


class HostileTextTests(TestCase):
    """Staff text is data, never a formula for the spreadsheet nor a script for the reader."""

    @classmethod
    def setUpTestData(cls):
        cls.commitment = f.make_commitment(f.make_action_plan(), **HOSTILE, description=HTML)

    def export(self, export_format):
        response = self.client.get(f"/commitments/export.{export_format}")
        self.assertEqual(response.status_code, 200)
        content = body(response)
        [row] = parse(export_format, content)
        return content, row

    def test_csv_guards_text_a_spreadsheet_would_run(self):
        _content, row = self.export("csv")
        for name, text in HOSTILE.items():
            self.assertEqual(row[name], "'" + text)
        self.assertEqual(row["commitment_number"], "")
        self.assertEqual(row["submission_year"], "2016")  # numbers are not text

    def test_json_keeps_the_text_as_it_is(self):
        _content, row = self.export("json")
        for name, text in HOSTILE.items():
            self.assertEqual(row[name], text)

    def test_xlsx_cells_are_strings_never_formulas(self):
        content, _row = self.export("xlsx")
        sheet = load_workbook(io.BytesIO(content))["commitments"]
        header = [cell.value for cell in sheet[1]]
        cells = dict(zip(header, sheet[2], strict=True))
        for name, text in HOSTILE.items():
            self.assertEqual((cells[name].data_type, cells[name].value), ("s", text))
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.assertNotIn(b"<f>", archive.read("xl/worksheets/sheet1.xml"))

    def test_description_is_the_sanitised_html_in_every_format(self):
        for export_format in ("csv", "json", "xlsx"):
            with self.subTest(format=export_format):
                _content, row = self.export(export_format)
                self.assertEqual(row["description"], CLEAN_HTML)


class ExportQueryCountTests(TestCase):
    """Five queries with nothing cached (the data version, the three reference lists, then the
    rows), with 6 rows or 26: no N+1."""

    @classmethod
    def setUpTestData(cls):
        data.build()

    def count(self, export_format):
        cache.clear()
        in_process_values.clear()
        with self.assertNumQueries(5):
            return parse(
                export_format, body(self.client.get(f"/commitments/export.{export_format}"))
            )

    def test_constant_query_count(self):
        for export_format in ("csv", "json", "xlsx"):
            self.assertEqual(len(self.count(export_format)), 6)
        plan = f.make_action_plan(f.make_member(name="Chile"))
        areas = [f.policy_area("open-data"), f.policy_area("gender"), f.policy_area("climate")]
        for _n in range(20):
            f.make_commitment(plan, areas, primary_policy_area=areas[0])
        for export_format in ("csv", "json", "xlsx"):
            rows = self.count(export_format)
            self.assertEqual(len(rows), 26)
            self.assertEqual(rows[-1]["policy_areas"], "Climate; Gender; Open Data")


class DataDictionaryTests(TestCase):
    def test_page_lists_every_column(self):
        response = self.client.get("/data/dictionary/")
        self.assertEqual(response.status_code, 200)
        for column in COLUMNS:
            self.assertContains(response, f'id="column-{column.name}"')
        self.assertContains(response, "<code>no_data</code>")

    def test_docs_list_every_column(self):
        from django.conf import settings

        text = (settings.BASE_DIR / "docs" / "data-dictionary.md").read_text()
        section = text.split("## Explorer", 1)[1].split("\n#", 1)[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        self.assertEqual(documented, [column.name for column in COLUMNS])


class AssessmentExportTests(TestCase):
    """`?resource=assessments`: the filtered commitments' assessments, one row per report, in
    every format, with which fields each set effectively; a constant number of queries."""

    @classmethod
    def setUpTestData(cls):
        from commitments.models import Commitment
        from irm.services import refresh_findings

        member = f.make_member(name="Chile", commitment_prefix="CL")
        cls.plan = f.make_action_plan(member, start_year=2014, end_year=2016, submission_year=2014)
        cls.commitment = f.make_commitment(cls.plan, title="Open budgets")
        cls.progress, cls.end = f.make_mid_and_end_of_term(cls.commitment)
        cls.other = f.make_commitment(cls.plan, title="Open contracts")
        f.make_assessment(cls.other, cls.progress, completion="complete")
        hidden = f.make_report(cls.plan, type="local_review", year=2018, published=False)
        f.make_assessment(cls.commitment, hidden, completion="withdrawn")
        refresh_findings(Commitment.objects.all())

    def export(self, export_format, **query):
        response = self.client.get(
            f"/commitments/export.{export_format}", {"resource": "assessments", **query}
        )
        self.assertEqual(response.status_code, 200)
        content = body(response)
        if export_format == "csv":
            reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
            self.assertEqual(reader.fieldnames, ASSESSMENT_NAMES)
            return response, list(reader)
        if export_format == "json":
            return response, json.loads(content)["assessments"]
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        header, *rows = list(workbook["assessments"].iter_rows(values_only=True))
        self.assertEqual(list(header), ASSESSMENT_NAMES)
        return response, [
            dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows
        ]

    def test_both_reports_with_both_values(self):
        for export_format in ("csv", "json", "xlsx"):
            with self.subTest(export_format=export_format):
                response, rows = self.export(export_format, q="budgets")
                self.assertIn("ogp-assessments-", response["Content-Disposition"])
                self.assertEqual(
                    [(row["commitment"], row["report_type"]) for row in rows],
                    [(self.commitment.identifier, "progress"), ("CL0001", "end_of_term")],
                )
                mid, end = rows
                self.assertEqual((mid["completion"], end["completion"]), ("limited", "substantial"))
                self.assertEqual(str(mid["report_year"]), "2015")
                self.assertEqual(str(end["report"]), str(self.end.pk))
                self.assertEqual(mid["report_title"], self.progress.title)
                self.assertEqual(str(mid["report_method"]), "2011")
                self.assertEqual(mid["report_stage"], "final")
                self.assertEqual(
                    mid["effective_fields"],
                    "specificity; relevant_access_to_information; potential_impact",
                )
                self.assertEqual(end["effective_fields"], "completion; early_results")
                self.assertIn(mid["specificity"], ["high"])
                self.assertIn(end["specificity"], ["", None])

    def test_the_filters_choose_the_commitments(self):
        _response, rows = self.export("csv")
        self.assertEqual(
            [row["commitment"] for row in rows],
            [self.commitment.identifier] * 2 + [self.other.identifier],
        )
        self.assertEqual(rows[2]["effective_fields"], "completion")
        _response, rows = self.export("json", completion="complete")
        self.assertEqual([row["commitment"] for row in rows], [self.other.identifier])

    def test_an_unknown_resource_is_400(self):
        response = self.client.get("/commitments/export.csv", {"resource": "milestones"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["details"][0]["parameter"], "resource")

    def test_constant_query_count(self):
        def count():
            cache.clear()
            in_process_values.clear()
            with self.assertNumQueries(5):
                return self.export("csv")[1]

        self.assertEqual(len(count()), 3)
        plan = f.make_action_plan(f.make_member(name="Peru"))
        reports = [
            f.make_report(plan, type=kind, year=year, stage=stage)
            for kind, year in (("progress", 2017), ("end_of_term", 2018))
            for stage in ("draft", "final")
        ]
        for _n in range(5):
            commitment = f.make_commitment(plan)
            for report in reports:
                f.make_assessment(commitment, report, completion="limited")
        rows = count()
        self.assertEqual(len(rows), 23)
        self.assertEqual(
            [row["effective_fields"] for row in rows if row["commitment"] == commitment.identifier],
            ["", "", "", "completion"],  # the final end-of-term report set the last value
        )

    def test_the_dictionary_lists_its_columns(self):
        response = self.client.get("/data/dictionary/")
        for name in ASSESSMENT_NAMES:
            self.assertContains(response, f'id="assessment-{name}"')
        from django.conf import settings

        text = (settings.BASE_DIR / "docs" / "data-dictionary.md").read_text()
        section = text.split("### Explorer: the assessments", 1)[1].split("\n#", 1)[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        self.assertEqual(documented, ASSESSMENT_NAMES)


def provenance_header(response, name):
    """An X-OGP-… header's text (RFC 8187: UTF-8''percent-encoded)."""
    value = response[name]
    assert value.startswith("UTF-8''"), value
    return unquote(value.removeprefix("UTF-8''"))


class XlsxLayoutTests(TestCase):
    """The sheet a researcher opens: a bold header that stays in view, an autofilter over the
    rows, columns wide enough for what they hold."""

    @classmethod
    def setUpTestData(cls):
        data.build()

    def workbook(self, query=None):
        response = self.client.get("/commitments/export.xlsx", query or {})
        self.assertEqual(response.status_code, 200)
        return load_workbook(io.BytesIO(body(response)))

    def test_header_bold_frozen_with_an_autofilter_over_every_row(self):
        sheet = self.workbook()["commitments"]
        last = f"{column_letter(len(HEADER) - 1)}7"  # the header and six commitments
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, f"A1:{last}")
        self.assertTrue(all(cell.font.b for cell in sheet[1]))
        self.assertFalse(any(cell.font.b for cell in sheet[2]))
        self.assertEqual(sheet.max_row, 7)

    def test_widths_from_the_columns_kind_and_name_capped(self):
        sheet = self.workbook()["commitments"]
        widths = {
            name: sheet.column_dimensions[column_letter(index)].width
            for index, name in enumerate(HEADER)
        }
        self.assertEqual(widths["title"], TEXT_WIDTH)
        self.assertEqual(widths["submission_year"], len("submission_year") + 2)  # an integer
        self.assertEqual(widths["start_date"], 12)
        self.assertLess(widths["claims_technology"], widths["title"] * 2)
        self.assertTrue(all(8 <= width <= WIDTH_CAP for width in widths.values()))
        self.assertEqual(column_width("x" * 200, "integer"), WIDTH_CAP)

    def test_an_empty_export_still_has_a_header_and_its_filter(self):
        sheet = self.workbook({"q": "nothing matches this"})["commitments"]
        self.assertEqual(sheet.max_row, 1)
        self.assertEqual(sheet.auto_filter.ref, f"A1:{column_letter(len(HEADER) - 1)}1")

    def test_the_assessments_and_the_round_trip_sheet_have_the_same_layout(self):
        sheet = self.workbook({"resource": "assessments"})["assessments"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet[1][0].font.b)
        stream = io.BytesIO()
        write_xlsx(stream, iter([["a", "b"], ["1", "2"]]))
        sheet = load_workbook(stream).active
        self.assertEqual((sheet.freeze_panes, sheet.auto_filter.ref), ("A2", "A1:B2"))


class ProvenanceTests(TestCase):
    """Every export says where it came from: what, which filters (as a sentence and as the
    explorer's address), when, which data version, under which terms, how to cite it."""

    QUERY = {"policy_area": "open-data", "starred": "yes", "page": "2", "per_page": "10"}
    SENTENCE = "Policy area: Open Data; Starred: Yes"
    URL = "http://testserver/commitments/?policy_area=open-data&starred=yes"

    @classmethod
    def setUpTestData(cls):
        data.build()

    def get(self, export_format, query=None, prefix=""):
        response = self.client.get(f"{prefix}/commitments/export.{export_format}", query or {})
        self.assertEqual(response.status_code, 200)
        return response, body(response)

    def test_json_head_has_a_provenance_object(self):
        _response, content = self.get("json", self.QUERY)
        provenance = json.loads(content)["meta"]["provenance"]
        today = timezone.localdate().isoformat()
        self.assertEqual(provenance["title"], "OGP commitments")
        self.assertEqual(provenance["filters"], self.SENTENCE)
        self.assertEqual(provenance["url"], self.URL)
        self.assertTrue(provenance["generated_at"].startswith(today))
        self.assertEqual(provenance["data_version"], data_version()["token"])
        self.assertEqual(provenance["licence_url"], LICENCE.url)
        for part in ("Creative Commons Attribution 3.0 Unported", "CC-BY-3.0", LICENCE.url):
            self.assertIn(part, provenance["licence"])
        for part in ("Open Government Partnership", "OGP commitments", self.URL, today):
            self.assertIn(part, provenance["citation"])

    def test_without_filters_the_sentence_says_so(self):
        _response, content = self.get("json")
        provenance = json.loads(content)["meta"]["provenance"]
        self.assertEqual(provenance["filters"], "None: every published commitment.")
        self.assertEqual(provenance["url"], "http://testserver/commitments/")

    def test_xlsx_has_an_about_sheet_with_the_same_lines(self):
        _response, content = self.get("json", self.QUERY)
        provenance = json.loads(content)["meta"]["provenance"]
        _response, content = self.get("xlsx", self.QUERY)
        workbook = load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["commitments", "About"])
        lines = dict(workbook["About"].iter_rows(values_only=True))
        self.assertEqual(lines["Filters"], self.SENTENCE)
        self.assertEqual(lines["Address"], self.URL)
        self.assertEqual(lines["Data version"], provenance["data_version"])
        self.assertEqual(lines["Licence"], provenance["licence"])
        self.assertEqual(lines["How to cite"], provenance["citation"])
        self.assertEqual(lines["Title"], "OGP commitments")

    def test_csv_stays_a_plain_table_and_says_it_in_headers(self):
        response, content = self.get("csv", self.QUERY)
        first_line = content.decode("utf-8-sig").split("\r\n", 1)[0]
        self.assertEqual(first_line, ",".join(HEADER))  # no comment line before the header
        self.assertEqual(provenance_header(response, "X-OGP-Filters"), self.SENTENCE)
        self.assertEqual(response["X-OGP-Data-Version"], data_version()["token"])
        self.assertIn(f'<{self.URL}>; rel="alternate"', response["Link"])
        self.assertIn(f'<{LICENCE.url}>; rel="license"', response["Link"])
        self.assertIn('<http://testserver/data/dictionary/>; rel="describedby"', response["Link"])
        self.assertIn(self.URL, provenance_header(response, "X-OGP-Citation"))

    def test_assessments_name_their_own_title(self):
        response, content = self.get("json", {"resource": "assessments", "starred": "yes"})
        provenance = json.loads(content)["meta"]["provenance"]
        self.assertEqual(provenance["title"], "IRM assessments of OGP commitments")
        self.assertEqual(provenance["url"], "http://testserver/commitments/?starred=yes")
        self.assertEqual(provenance_header(response, "X-OGP-Filters"), "Starred: Yes")

    def test_in_the_language_of_the_address(self):
        response, content = self.get("xlsx", {"starred": "yes"}, prefix="/fr")
        workbook = load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames[1], "À propos")
        lines = dict(workbook["À propos"].iter_rows(values_only=True))
        self.assertTrue(lines["Adresse"].startswith("http://testserver/fr/commitments/?"))
        self.assertNotIn("Starred", provenance_header(response, "X-OGP-Filters"))

    def test_a_filter_value_like_a_formula_stays_text(self):
        query = {"q": '=HYPERLINK("http://x")'}
        response, content = self.get("xlsx", query)
        sheet = load_workbook(io.BytesIO(content))["About"]
        cells = {row[0].value: row[1] for row in sheet.iter_rows()}
        self.assertEqual(cells["Filters"].data_type, "s")
        self.assertIn('“=HYPERLINK("http://x")”', cells["Filters"].value)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.assertNotIn(b"<f>", archive.read("xl/worksheets/sheet2.xml"))
        response, content = self.get("csv", query)
        sentence = provenance_header(response, "X-OGP-Filters")
        self.assertIn('=HYPERLINK("http://x")', sentence)
        self.assertNotIn("\n", response["X-OGP-Filters"])
        self.assertEqual(content.decode("utf-8-sig"), ",".join(HEADER) + "\r\n")
