"""The bulk files: built by the command, valid as a Frictionless data package, the same rows as
the API, and served (never built) by /data/."""

import csv
import io
import json
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import resolve
from frictionless import Package, validate

from opendata import build, columns, releases
from opendata.schema import Column
from tests import factories as f
from tests.api.data import build_dataset
from tests.security.hostile import CLEAN_HTML, HOSTILE, HTML

API_LIST = {
    "regions": "/api/regions/",
    "policy-areas": "/api/policy-areas/",
    "members": "/api/members/",
    "action-plans": "/api/action-plans/",
    "commitments": "/api/commitments/",
    "irm-reports": "/api/irm-reports/",
    "assessments": "/api/assessments/",
    "participation": "/api/participation/",
}


def reference(value):
    """A reference as the API gives it ({slug|identifier|id|number, url…}) → the identifier."""
    for key in ("slug", "identifier", "id", "number"):
        if key in value:
            return value[key]
    raise AssertionError(value)


def normalise(column, value):
    """One value as Frictionless reads it back from the CSV (empty → None)."""
    if value in ("", [], None):
        return None
    if isinstance(value, list):
        return [reference(item) if isinstance(item, dict) else item for item in value]
    if isinstance(value, dict):
        return reference(value)
    if column.type == "datetime":
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if column.type == "date":
        return value if isinstance(value, date) else date.fromisoformat(value)
    return value


def as_csv_row(resource, api_row):
    """An API row in the shape of the resource's CSV columns, by the naming rules of the data
    dictionary: a reference becomes its identifier, `action_plan_number` is the plan's number."""
    row = {}
    for column in resource.columns:
        if column.name == "action_plan_number":
            value = api_row["action_plan"]["number"]
        else:
            value = api_row[column.name]
        row[column.name] = normalise(column, value)
    return row


def key(resource, row):
    return tuple(row[name] for name in resource.primary_key)


class OpenDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_dataset()

    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.settings_override = override_settings(OPEN_DATA_DIR=self.root)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)

    def build(self):
        out = io.StringIO()
        call_command("build_open_data", stdout=out)
        self.assertIn("Built the open data files", out.getvalue())
        return self.root / releases.LATEST

    def api_rows(self, name):
        response = self.client.get(API_LIST[name], {"page_size": 500})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertIsNone(body["next"])
        return body["results"]

    def expected_rows(self, resource):
        if resource.name == "milestones":
            return {
                (commitment["identifier"], milestone["position"]): {
                    "commitment": commitment["identifier"],
                    **{
                        column.name: normalise(column, milestone[column.name])
                        for column in resource.columns[1:]
                    },
                }
                for commitment in self.api_rows("commitments")
                for milestone in commitment["milestones"]
            }
        rows = [as_csv_row(resource, row) for row in self.api_rows(resource.name)]
        return {key(resource, row): row for row in rows}


class BuildTests(OpenDataTestCase):
    def test_the_package_validates(self):
        folder = self.build()
        report = validate(str(folder / columns.DATAPACKAGE))
        self.assertTrue(report.valid, report.flatten(["type", "note"]))
        package = json.loads((folder / columns.DATAPACKAGE).read_text())
        self.assertEqual(
            [resource["path"] for resource in package["resources"]],
            [resource.path for resource in columns.RESOURCES] + [columns.JSON_FILE],
        )
        self.assertRegex(package["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        commitments = package["resources"][4]
        fields = {field["name"]: field for field in commitments["schema"]["fields"]}
        self.assertEqual(fields["irm_starred"]["type"], "boolean")
        self.assertIn("major", fields["irm_early_results"]["constraints"]["enum"])
        self.assertTrue(all(field["description"] for field in fields.values()))
        self.assertEqual(commitments["rows"], 6)

    def test_validation_catches_a_broken_reference(self):
        folder = self.build()
        path = folder / "commitments.csv"
        rows = list(csv.reader(path.open(encoding="utf-8")))
        rows[1][1] = "atlantis"  # a member that is not in members.csv
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        descriptor = json.loads((folder / columns.DATAPACKAGE).read_text())
        for resource in descriptor["resources"]:
            resource.pop("hash"), resource.pop("bytes")
        (folder / columns.DATAPACKAGE).write_text(json.dumps(descriptor))
        report = validate(str(folder / columns.DATAPACKAGE))
        self.assertFalse(report.valid)
        self.assertIn("foreign-key", {error[0] for error in report.flatten(["type"])})

    def test_csv_files_parse_back_to_the_api_rows(self):
        folder = self.build()
        package = Package(str(folder / columns.DATAPACKAGE))
        for resource in columns.RESOURCES:
            with self.subTest(resource=resource.name):
                read = [
                    {
                        column.name: normalise(column, row[column.name])
                        for column in resource.columns
                    }
                    for row in package.get_resource(resource.name).read_rows()
                ]
                self.assertEqual(
                    {key(resource, row): row for row in read}, self.expected_rows(resource)
                )
                self.assertEqual(len(read), len(self.expected_rows(resource)))

    def test_a_member_publishes_every_prefix(self):
        folder = self.build()
        with (folder / "members.csv").open(encoding="utf-8-sig", newline="") as file:
            rows = {row["slug"]: row for row in csv.DictReader(file)}
        seoul = self.data.members.seoul
        self.assertEqual(rows[seoul.slug]["commitment_prefixes"], f"{f.prefix_of(seoul)};SMG")

    def test_json_file_holds_the_same_rows(self):
        folder = self.build()
        document = json.loads((folder / columns.JSON_FILE).read_text())
        for resource in columns.RESOURCES:
            with self.subTest(resource=resource.name):
                rows = document[resource.name.replace("-", "_")]
                read = {
                    key(resource, normalised): normalised
                    for normalised in (
                        {
                            column.name: normalise(column, row[column.name])
                            for column in resource.columns
                        }
                        for row in rows
                    )
                }
                self.assertEqual(read, self.expected_rows(resource))

    def test_only_published_records(self):
        folder = self.build()
        text = "".join(path.read_text() for path in folder.glob("*.csv"))
        c = self.data.commitments
        for identifier in (c.kenya_unpublished, c.kenya_draft, c.hidden):
            self.assertNotIn(identifier.identifier, text)
        self.assertNotIn("hidden-member", text)
        self.assertNotIn(self.data.reports.kenya_draft_report.title, text)


class ServingTests(OpenDataTestCase):
    def test_nothing_built_yet(self):
        response = self.client.get("/data/")
        self.assertContains(response, "have not been built yet")
        self.assertEqual(self.client.get("/data/commitments.csv").status_code, 404)
        self.assertEqual(self.client.get("/data/datapackage.json").status_code, 404)

    def test_index_lists_the_files_and_build_date(self):
        self.build()
        response = self.client.get("/data/")
        self.assertContains(response, 'href="/data/commitments.csv"')
        self.assertContains(response, 'href="/data/ogp-open-data.json"')
        self.assertContains(response, 'href="/data/datapackage.json"')
        package = json.loads((self.root / "latest" / columns.DATAPACKAGE).read_text())
        self.assertContains(response, f'datetime="{package["created"]}"')

    def test_the_build_date_is_written_in_the_pages_language(self):
        self.build()
        package = json.loads((self.root / "latest" / columns.DATAPACKAGE).read_text())
        built = datetime.fromisoformat(package["created"].replace("Z", "+00:00"))
        months = {
            "en": [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            "es": [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ],
            "fr": [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
        }
        month = {language: names[built.month - 1] for language, names in months.items()}
        expected = {
            "en": f"{built.day} {month['en']} {built.year}, {built:%H:%M} UTC",
            "es": f"{built.day} de {month['es']} de {built.year} a las {built:%H:%M} UTC",
            "fr": f"{built.day} {month['fr']} {built.year} {built:%H:%M} UTC",
        }
        for language, text in expected.items():
            prefix = "" if language == "en" else f"/{language}"
            page = self.client.get(f"{prefix}/data/").content.decode()
            self.assertIn(f">{text}</time>", page, language)
        # The files themselves keep ISO 8601 in every language.
        self.assertRegex(package["created"], r"^\d{4}-\d{2}-\d{2}T")

    def test_files_are_served_with_validators(self):
        self.build()
        response = self.client.get("/data/commitments.csv", headers={"origin": "https://x.example"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        body = b"".join(response.streaming_content).decode()
        self.assertEqual(body, (self.root / "latest" / "commitments.csv").read_text())
        again = self.client.get(
            "/data/commitments.csv", headers={"if-none-match": response["ETag"]}
        )
        self.assertEqual(again.status_code, 304)
        package = self.client.get("/data/datapackage.json")
        self.assertEqual(package["Content-Type"], "application/json")
        self.assertEqual(json.loads(b"".join(package.streaming_content))["name"], "ogp-open-data")

    def test_no_other_files(self):
        self.build()
        for url in ("/data/secrets.csv", "/data/..%2Fdatapackage.json", "/data/current.json"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post("/data/commitments.csv").status_code, 405)

    def test_the_column_dictionary_page_keeps_its_url(self):
        self.assertEqual(resolve("/data/dictionary/").namespace, "commitments")


class HostileTextTests(OpenDataTestCase):
    """Staff text in the bulk files: never a formula in the CSV, never a script anywhere."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member(summary=HTML)
        cls.commitment = f.make_commitment(
            f.make_action_plan(member, summary=HTML), **HOSTILE, description=HTML
        )
        f.make_milestone(cls.commitment, title=HOSTILE["title"])
        f.make_milestone(cls.commitment, title="-1 budget line")

    def csv_rows(self, folder, name):
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def test_csv_guards_text_a_spreadsheet_would_run(self):
        folder = self.build()
        [row] = self.csv_rows(folder, "commitments")
        for name, text in HOSTILE.items():
            self.assertEqual(row[name], "'" + text)
        self.assertEqual(row["action_plan_number"], "1")
        milestones = self.csv_rows(folder, "milestones")
        self.assertEqual(
            [(m["position"], m["title"]) for m in milestones],
            [("1", "'" + HOSTILE["title"]), ("2", "'-1 budget line")],
        )
        self.assertTrue(validate(str(folder / columns.DATAPACKAGE)).valid)

    def test_numbers_are_not_text(self):
        integer = Column("n", "integer", "A number.")
        self.assertEqual(build.csv_value(integer, -5), "-5")
        self.assertEqual(build.csv_value(Column("s", "string", "Text."), "-5"), "'-5")

    def test_json_keeps_the_text_as_it_is(self):
        document = json.loads((self.build() / columns.JSON_FILE).read_text())
        [row] = document["commitments"]
        for name, text in HOSTILE.items():
            self.assertEqual(row[name], text)
        self.assertEqual(document["milestones"][0]["title"], HOSTILE["title"])

    def test_rich_text_is_the_sanitised_html(self):
        folder = self.build()
        document = json.loads((folder / columns.JSON_FILE).read_text())
        self.assertEqual(document["commitments"][0]["description"], CLEAN_HTML)
        self.assertEqual(document["members"][0]["summary"], CLEAN_HTML)
        self.assertEqual(document["action_plans"][0]["summary"], CLEAN_HTML)
        self.assertEqual(self.csv_rows(folder, "commitments")[0]["description"], CLEAN_HTML)
        self.assertEqual(self.csv_rows(folder, "members")[0]["summary"], CLEAN_HTML)
        self.assertEqual(self.csv_rows(folder, "action-plans")[0]["summary"], CLEAN_HTML)
