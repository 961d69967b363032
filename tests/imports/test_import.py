"""Planning and applying imports: mapping, validation, idempotency, round trip, history."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from commitments.models import ActionPlan, Commitment
from imports import commitment_sheet, commitment_write, roundtrip
from imports.base import ImportRejected
from imports.commitment_plan import plan_import
from imports.commitment_sheet import read_spreadsheet
from imports.commitment_write import apply_import
from irm.models import CommitmentAssessment, IrmReport
from irm.services import refresh_all_findings
from members.models import Member
from tests import factories
from tests.imports.sheets import DEFAULTS, csv_bytes, row, snapshot, xlsx_bytes
from tests.security.hostile import HOSTILE

pytestmark = pytest.mark.django_db


def plan(rows, report=None, xlsx=False):
    data = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    return plan_import(read_spreadsheet(data), report)


def run(rows, report=None, user=None):
    result = plan(rows, report)
    assert not result.errors, [r.errors for r in result.errors]
    apply_import(result, user=user, reason="Import #1")
    return result


def errors(result):
    return [(r.row, column, reason) for r in result.rows for column, reason in r.errors]


def seoul():
    return factories.make_member(
        name="Seoul, South Korea",
        kind=Member.Kind.LOCAL,
        region=factories.region("asia-and-the-pacific"),
        commitment_prefix="SEO",
    )


# --- Creating and mapping ------------------------------------------------------------------


def test_import_into_an_empty_site_creates_members_plans_commitments_and_assessments():
    run(
        [
            row(),
            row(identifier="SEO0002", number="2", theme="Youth", specificity="Medium"),
            row(
                identifier="KE0001",
                member="Kenya",
                region="Africa and the Middle East",
                theme="Open Data",
                year="2018",
                plan_number="3",
            ),
        ]
    )
    seoul = Member.objects.get(name="Seoul, South Korea")
    assert (seoul.kind, seoul.country_code) == ("local", "KR")
    assert list(seoul.identifier_prefixes.values_list("prefix", "action_plans")) == [("SEO", None)]
    assert seoul.region.slug == "asia-and-the-pacific" and not seoul.published
    kenya = Member.objects.get(name="Kenya")
    # "Member since" is the year it joined OGP, which the sheet does not say.
    assert (kenya.kind, kenya.country_code, kenya.member_since) == ("national", "KE", None)
    kenya_plan = ActionPlan.objects.get(member=kenya)
    assert (kenya_plan.number, kenya_plan.submission_year) == (3, 2018)
    first = Commitment.objects.get(identifier="SEO0001")
    assert first.action_plan.member == seoul
    assert first.title == "Citizen participation in policy making"
    assert sorted(first.policy_areas.values_list("name", flat=True)) == [
        "Digital Governance",  # through the alias "E-Government"
        "Public Participation",
    ]
    # A 2016 plan (2011–2017 method): the design and the mid-term completion go to the progress
    # report, "Did it open government?" to the end-of-term report.
    assessment, end_of_term = first.assessments.order_by("report__year")
    assert assessment.report.title == "Seoul, South Korea IRM Progress Report 2016-2018"
    assert (assessment.report.type, assessment.report.year) == ("progress", 2017)
    assert (assessment.specificity, assessment.potential_impact) == ("high", "transformative")
    assert (assessment.completion, assessment.early_results) == ("substantial", "")
    assert assessment.relevant_access_to_information is True
    assert assessment.relevant_public_accountability is False
    assert assessment.relevant_technology is None  # "ND"
    assert end_of_term.report.title == "Seoul, South Korea IRM End-of-Term Report 2016-2018"
    assert (end_of_term.report.type, end_of_term.report.year) == ("end_of_term", 2019)
    assert (end_of_term.early_results, end_of_term.completion, end_of_term.specificity) == (
        "major",
        "",
        "",
    )
    # The effective values were refreshed from the assessments.
    assert (first.irm_state, first.irm_specificity, first.irm_starred) == ("assessed", "high", True)
    assert first.irm_early_results == "major"
    # Kenya's row has IRM values too: its 2018 plan got its design and implementation reports.
    assert sorted(
        IrmReport.objects.filter(action_plan=kenya_plan).values_list("type", flat=True)
    ) == ["design", "implementation"]


def test_labels_codes_and_missing_markers_map_to_model_values():
    result = run(
        [
            row(
                specificity="  low ",
                potential_impact="MINOR",
                completion="Not Started",
                early_results="did not change",
                relevant_access_to_information="NA",
                relevant_civic_participation="",
                relevant_public_accountability="1",
                relevant_technology="0",
            ),
            row(
                identifier="SEO0002",
                specificity="ND",
                potential_impact="NA",
                completion="No evidence available",
                early_results="",
            ),
        ]
    )
    first, second = (
        CommitmentAssessment.objects.get(commitment__identifier=i, report__type="progress")
        for i in ("SEO0001", "SEO0002")
    )
    end_of_term = CommitmentAssessment.objects.get(report__type="end_of_term")
    assert (first.specificity, first.potential_impact) == ("low", "minor")
    assert (first.completion, end_of_term.early_results) == ("not_started", "did_not_change")
    assert end_of_term.commitment.identifier == "SEO0001"  # SEO0002's is blank: none
    assert first.relevant_access_to_information is None
    assert first.relevant_civic_participation is None
    assert (first.relevant_public_accountability, first.relevant_technology) == (True, False)
    assert (second.specificity, second.potential_impact, second.early_results) == ("", "", "")
    assert second.completion == "no_evidence"
    assert result.counts() == {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "error": 0}


def test_a_row_without_irm_values_gets_no_assessment_and_no_report():
    blank = dict.fromkeys(commitment_sheet.IRM_FIELDS, "")
    run([row(**blank)])
    assert not CommitmentAssessment.objects.exists()
    assert not IrmReport.objects.exists()
    assert Commitment.objects.get().irm_state == "pending"


def test_existing_member_matched_by_name_whatever_its_case():
    member = seoul()
    run([row(member="  seoul,  SOUTH korea ")])
    assert Member.objects.count() == 1
    assert Commitment.objects.get().action_plan.member == member


def test_new_local_member_takes_its_national_members_country_and_parent():
    korea = factories.make_member(
        name="South Korea", country_code="KR", region=factories.region("asia-and-the-pacific")
    )
    run([row()])
    member = Member.objects.get(name="Seoul, South Korea")
    assert (member.parent, member.country_code, member.kind) == (korea, "KR", "local")


def test_named_report_is_created_once_and_reused():
    run([row()], report="Seoul IRM Review 2017")
    run([row(completion="Complete")], report="Seoul IRM Review 2017")
    # The named report is created as the plan's report for the sheet's first columns (the
    # relevance coding: a progress report, 2011–2017); "Did it open government?", which a
    # progress report does not assess, goes to the end-of-term report.
    report, end_of_term = IrmReport.objects.order_by("year")
    assert (report.title, report.type) == ("Seoul IRM Review 2017", "progress")
    assert report.assessments.get().completion == "complete"
    assert (end_of_term.type, end_of_term.assessments.get().early_results) == (
        "end_of_term",
        "major",
    )


def test_a_named_report_assesses_what_its_type_assesses():
    member = seoul()
    action_plan = factories.make_action_plan(member, number=1, submission_year=2016)
    factories.make_report(action_plan, type="progress", title="Mid-term", year=2017)
    final = factories.make_report(action_plan, type="end_of_term", title="Final", year=2019)
    run([row()], report="Final")
    assert final.assessments.get().completion == "substantial"  # the named report's
    assert final.assessments.get().early_results == "major"
    assert final.assessments.get().specificity == ""  # an end-of-term report does not say
    assert IrmReport.objects.get(title="Mid-term").assessments.get().specificity == "high"
    assert IrmReport.objects.count() == 2


def test_naming_a_new_report_beside_the_plans_report_of_that_type_is_an_error():
    member = seoul()
    action_plan = factories.make_action_plan(member, number=1, submission_year=2016)
    factories.make_report(action_plan, type="progress", title="Mid-term", year=2017)
    result = plan([row()], report="Another title")
    assert {column for _row, column, _reason in errors(result)} == {"IRM report"}
    assert "already has a Progress Report (mid-term), “Mid-term”" in errors(result)[0][2]


def test_a_2021_method_report_cannot_take_old_indicators():
    member = seoul()
    action_plan = factories.make_action_plan(member, number=1, submission_year=2016)
    factories.make_report(action_plan, type="results", title="Results Report")
    result = plan([row()], report="Results Report")
    # The plan's reports are of the 2021+ method: every value it does not use is an error.
    assert [column for _row, column, _reason in errors(result)] == [
        "OGP Value Access To Information",
        "OGP Value Civic Participation",
        "OGP Value Public Accountability",
        "Specificity",
        "Potential Impact",
        "Did It Open Government (Overall)",
    ]
    assert "2021+" in errors(result)[0][2] and "leave the cell blank or ND" in errors(result)[0][2]


# --- Idempotency, changes and the round trip ------------------------------------------------


def test_second_import_of_the_same_file_changes_nothing():
    rows = [row(), row(identifier="SEO0002", theme="Youth, Gender")]
    run(rows)
    before = snapshot()
    second = plan(rows)
    assert second.counts() == {"rows": 2, "new": 0, "changed": 0, "unchanged": 2, "error": 0}
    apply_import(second, reason="Import #2")
    assert snapshot() == before


def test_changes_are_listed_old_to_new_and_written():
    run([row(), row(identifier="SEO0002", theme="Youth")])
    result = plan(
        [
            row(title="Citizen participation, revised", completion="Complete"),
            row(identifier="SEO0002", theme="Youth; Gender"),
        ]
    )
    first, second = result.rows
    assert first.status == second.status == "changed"
    assert (
        "Commitment Title",
        "Citizen participation in policy making",
        "Citizen participation, revised",
    ) in first.changes
    assert ("Completion (Progress Report)", "Substantial", "Complete") in first.changes
    assert second.changes == [("Theme", "Youth", "Gender; Youth")]
    apply_import(result, reason="Import #2")
    assert Commitment.objects.get(identifier="SEO0001").title == "Citizen participation, revised"
    assert Commitment.objects.get(identifier="SEO0001").irm_completion == "complete"
    assert sorted(
        Commitment.objects.get(identifier="SEO0002").policy_areas.values_list("name", flat=True)
    ) == ["Gender", "Youth"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(suffix):
    run(
        [
            row(description="Line one\nLine two, with “quotes”"),
            row(identifier="SEO0002", theme="", specificity="", relevant_technology="1"),
            row(identifier="KE0001", member="Kenya", region="Africa and the Middle East"),
        ]
    )
    stream = io.BytesIO()
    writer = roundtrip.write_xlsx if suffix == ".xlsx" else roundtrip.write_csv
    writer(stream, roundtrip.export_rows())
    before = snapshot()
    result = plan_import(read_spreadsheet(stream.getvalue(), f"export{suffix}"))
    assert result.counts() == {"rows": 3, "new": 0, "changed": 0, "unchanged": 3, "error": 0}
    apply_import(result)
    assert snapshot() == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_starting_like_a_formula_survives_the_round_trip_and_runs_nowhere(suffix):
    run([row(**HOSTILE), row(identifier="SEO0002", short_title="-", number="2")])
    # A title that happens to start like a guarded one (a CSV import would read it unguarded).
    Commitment.objects.filter(identifier="SEO0002").update(title="'=already quoted")
    stream = io.BytesIO()
    writer = roundtrip.write_xlsx if suffix == ".xlsx" else roundtrip.write_csv
    writer(stream, roundtrip.export_rows())
    if suffix == ".csv":
        header, first, second = csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")))
        exported = dict(zip(header, first, strict=True))
        for key, text in HOSTILE.items():
            assert exported[commitment_sheet.COLUMN[key].header] == "'" + text
        assert exported["Year Of Submission"] == "2016"
        assert second[header.index("Commitment Title")] == "''=already quoted"
    else:
        sheet = openpyxl.load_workbook(stream).active
        header = [cell.value for cell in sheet[1]]
        exported = dict(zip(header, sheet[2], strict=True))
        for key, text in HOSTILE.items():
            cell = exported[commitment_sheet.COLUMN[key].header]
            assert (cell.data_type, cell.value) == ("s", text)
    before = snapshot()
    result = plan_import(read_spreadsheet(stream.getvalue(), f"export{suffix}"))
    assert result.counts() == {"rows": 2, "new": 0, "changed": 0, "unchanged": 2, "error": 0}
    apply_import(result)
    assert snapshot() == before
    commitment = Commitment.objects.get(identifier="SEO0001")
    assert {key: getattr(commitment, key) for key in HOSTILE} == HOSTILE
    assert Commitment.objects.get(identifier="SEO0002").title == "'=already quoted"


def test_export_writes_labels_and_flags_as_the_sheet_does():
    run([row()])
    header, values = list(roundtrip.export_rows())
    exported = dict(zip(header, values, strict=True))
    assert exported["Specificity"] == "High"
    assert exported["Potential Impact"] == "Transformative"
    assert exported["OGP Value Access To Information"] == 1
    assert exported["OGP Value Technology"] == ""
    assert exported["Theme"] == "Digital Governance; Public Participation"
    assert exported["Country/Locality"] == "Seoul, South Korea"


# --- History ---------------------------------------------------------------------------------


def test_every_record_written_has_a_history_entry_naming_the_import_and_the_user():
    user = get_user_model().objects.create_user("staff")
    run([row()], user=user)
    commitment = Commitment.objects.get()
    record = commitment.history.get()
    assert (record.history_type, record.history_change_reason, record.history_user) == (
        "+",
        "Import #1",
        user,
    )
    assert sorted(record.policy_areas.values_list("policyarea__name", flat=True)) == [
        "Digital Governance",
        "Public Participation",
    ]
    for model in (Member, ActionPlan, IrmReport, CommitmentAssessment):
        for entry in model.history.all():  # two reports and assessments: progress, end of term
            assert (entry.history_change_reason, entry.history_user) == ("Import #1", user)
        assert model.history.count() == model.objects.count()

    second = plan([row(title="Revised", theme="Youth")])
    apply_import(second, user=user, reason="Import #2")
    latest = commitment.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.title) == (
        "~",
        "Import #2",
        "Revised",
    )
    assert list(latest.policy_areas.values_list("policyarea__name", flat=True)) == ["Youth"]
    assert Member.history.count() == 1  # the member did not change


# --- Rejections: a clear error per row and nothing written ------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"region": "Oceania"}, "Region", "Unknown region “Oceania”"),
        ({"year": "2009"}, "Year Of Submission", "out of range"),
        ({"year": "2999"}, "Year Of Submission", "out of range"),
        ({"year": "twenty"}, "Year Of Submission", "not a whole number"),
        ({"plan_number": "0"}, "Action Plan Number", "out of range"),
        ({"potential_impact": "Huge"}, "Potential Impact", "“Huge” is not one of"),
        ({"completion": "Done-ish"}, "Completion (Progress Report)", "is not one of"),
        ({"specificity": "Very high"}, "Specificity", "is not one of"),
        ({"relevant_civic_participation": "2"}, "OGP Value Civic Participation", "not 0, 1"),
        ({"theme": "Youth; Space exploration"}, "Theme", "Unknown policy area “Space exploration”"),
        ({"identifier": "SEOUL-1"}, "Commitment Unique Identifier", "prefix and four digits"),
        ({"title": ""}, "Commitment Title", "Required"),
        ({"title": "x" * 501}, "Commitment Title", "Longer than 500"),
        ({"description": "x" * 40_000}, "Full Text", "limit of 32,767 characters"),
        ({"member": "Atlantis"}, "Country/Locality", "not a known country"),
    ],
)
def test_row_errors_name_the_column_and_the_reason(values, column, reason):
    before = snapshot()
    result = plan([row(identifier="SEO0009"), row(**values)])
    assert result.rows[0].status != "error"
    [(number, found_column, found_reason)] = errors(result)
    assert (number, found_column) == (3, column)
    assert reason in found_reason
    with pytest.raises(ImportRejected):
        apply_import(result)
    assert snapshot() == before


def test_a_row_shows_all_its_errors_at_once():
    bad = row(
        identifier="SEO0002",
        year="twenty",
        plan_number="0",
        region="Oceania",
        theme="Youth; Space exploration",
        completion="Done-ish",
        relevant_civic_participation="2",
        description="x" * 40_000,
    )
    result = plan([row(), bad])
    found = {column for number, column, _reason in errors(result) if number == 3}
    assert found == {
        "Year Of Submission",
        "Action Plan Number",
        "Region",
        "Theme",
        "Completion (Progress Report)",
        "OGP Value Civic Participation",
        "Full Text",
    }
    assert result.rows[0].status != "error"


def test_duplicate_identifiers_in_a_file():
    result = plan([row(), row(title="Again"), row(identifier="seo0001")])
    assert errors(result) == [
        (3, "Commitment Unique Identifier", "Duplicate: SEO0001 is also on row 2."),
        (4, "Commitment Unique Identifier", "Duplicate: SEO0001 is also on row 2."),
    ]


def test_identifier_prefix_must_be_the_members():
    seoul()
    result = plan([row(identifier="KE0001")])
    assert errors(result) == [
        (
            2,
            "Commitment Unique Identifier",
            "KE0001: identifiers of Seoul, South Korea in action plan 1 start with exactly "
            "“SEO”, then four digits, e.g. SEO0001.",
        )
    ]


def test_a_new_member_cannot_take_another_members_prefix():
    seoul()
    result = plan([row(identifier="SEO0001", member="Busan, South Korea")])
    assert "belongs to Seoul, South Korea" in errors(result)[0][2]


def townsville():
    """A member that changed scheme: ABC numbers its plan 1, XXAB its plan 2."""
    member = factories.make_member(name="Townsville", commitment_prefix=None, country_code="AU")
    first = factories.make_action_plan(member, number=1, start_year=2016, submission_year=2016)
    second = factories.make_action_plan(member, number=2, start_year=2018, submission_year=2018)
    factories.make_prefix(member, "ABC", [first])
    factories.make_prefix(member, "XXAB", [second])
    return member


def townsville_row(identifier, plan_number, **values):
    year = {"1": "2016", "2": "2018"}.get(plan_number, "2020")
    return row(
        identifier=identifier,
        member="Townsville",
        region="Europe",
        plan_number=plan_number,
        year=year,
        source_url="",
        **values,
    )


def test_each_prefix_of_a_member_numbers_its_own_plan():
    member = townsville()
    run([townsville_row("ABC0001", "1"), townsville_row("XXAB0002", "2")])
    numbers = dict(
        Commitment.objects.filter(action_plan__member=member).values_list(
            "identifier", "action_plan__number"
        )
    )
    assert numbers == {"ABC0001": 1, "XXAB0002": 2}


def test_a_prefix_of_another_plan_or_an_inexact_one_is_refused_with_the_fix():
    townsville()
    before = snapshot()
    result = plan(
        [
            townsville_row("XXAB0001", "1"),
            townsville_row("ABCD0002", "1"),
            townsville_row("AB0003", "1"),
            townsville_row("XXAB0004", "3"),  # a new plan: no prefix is tied to it
        ]
    )
    assert errors(result) == [
        (
            2,
            "Commitment Unique Identifier",
            "XXAB0001: the prefix XXAB of Townsville numbers other action plans; "
            "identifiers in action plan 1 start with “ABC”, e.g. ABC0001.",
        ),
        (
            3,
            "Commitment Unique Identifier",
            "ABCD0002: identifiers of Townsville in action plan 1 start with exactly “ABC”, "
            "then four digits, e.g. ABC0002.",
        ),
        (
            4,
            "Commitment Unique Identifier",
            "AB0003: identifiers of Townsville in action plan 1 start with exactly “ABC”, "
            "then four digits, e.g. ABC0003.",
        ),
        (
            5,
            "Commitment Unique Identifier",
            "XXAB0004: no prefix of Townsville numbers action plan 3; on the member's page, "
            "tie a prefix to this plan or add one.",
        ),
    ]
    assert snapshot() == before


def test_every_prefix_names_its_member_for_a_new_member():
    townsville()
    for identifier in ("ABC0001", "XXAB0001"):
        result = plan([row(identifier=identifier, member="Newtown, Australia", region="Europe")])
        assert errors(result) == [
            (
                2,
                "Commitment Unique Identifier",
                f"New member “Newtown, Australia” would take the prefix {identifier[:-4]}, "
                "which belongs to Townsville.",
            )
        ]


def test_an_existing_commitment_numbered_under_an_older_prefix_is_updated():
    member = townsville()
    old = factories.make_commitment(member.action_plans.get(number=1), identifier="ABC0001")
    run([townsville_row("ABC0001", "1", title="Updated by the sheet")])
    old.refresh_from_db()
    assert old.title == "Updated by the sheet"


def test_a_commitment_cannot_move_to_another_member():
    run([row()])
    factories.make_member(name="Kenya", commitment_prefix="KE", country_code="KE")
    before = snapshot()
    result = plan([row(member="Kenya", region="Europe")])
    assert errors(result) == [
        (
            2,
            "Country/Locality",
            "SEO0001 belongs to Seoul, South Korea; "
            "moving a commitment to another member is not done by import.",
        )
    ]
    assert snapshot() == before


def test_rows_of_one_plan_must_agree_on_the_year_and_region():
    result = plan(
        [row(), row(identifier="SEO0002", year="2017"), row(identifier="SEO0003", region="Europe")]
    )
    assert [(n, c) for n, c, _r in errors(result)] == [(3, "Year Of Submission"), (4, "Region")]


def test_formula_cells_are_refused():
    result = plan([row(title='=HYPERLINK("http://example.org")')], xlsx=True)
    assert errors(result) == [
        (2, "Commitment Title", "A formula is not accepted: paste the values instead.")
    ]


def test_long_cells_in_xlsx_are_refused():
    result = plan([row(description="y" * 40_000, short_title="z" * 201)], xlsx=True)
    assert errors(result) == [
        (2, "Short Title", "Longer than 200 characters."),
        (2, "Full Text", "At or over Excel's limit of 32,767 characters: it may be cut."),
    ]


def test_a_failure_half_way_writes_nothing(monkeypatch):
    run([row()])
    before = snapshot()

    def fail(_ids, batch_size):
        raise DatabaseError("disk full")

    monkeypatch.setattr(commitment_write, "refresh_findings", fail)
    result = plan([row(title="Changed"), row(identifier="SEO0002"), row(identifier="SEO0003")])
    assert result.counts()["error"] == 0
    with pytest.raises(DatabaseError):
        apply_import(result)
    assert snapshot() == before


# --- Queries ---------------------------------------------------------------------------------


def queries(rows):
    with CaptureQueriesContext(connection) as context:
        result = plan(rows)
        apply_import(result)
    return len(context.captured_queries)


def test_queries_do_not_grow_with_rows_or_policy_areas():
    themes = "Youth; Gender; Open Data; Health; Justice; Climate"
    small = queries([row(identifier=f"SEO{n:04d}", theme="Youth") for n in range(1, 4)])
    Member.objects.all().delete()
    large = queries([row(identifier=f"SEO{n:04d}", theme=themes) for n in range(1, 40)])
    assert small == large


def test_findings_of_new_commitments_match_refresh_findings():
    member = seoul()
    factories.make_action_plan(member, number=2, submission_year=2018, irm_coverage="not_covered")
    blank = dict.fromkeys(commitment_sheet.IRM_FIELDS, "")
    run(
        [
            row(),
            row(identifier="SEO0002", specificity="Low", potential_impact="Minor"),
            row(identifier="SEO0003", completion="Complete", potential_impact="Moderate"),
            row(identifier="SEO0004", plan_number="2", year="2018", **blank),
            row(identifier="SEO0005", **blank),
        ]
    )
    columns = [f.name for f in Commitment._meta.fields if f.name.startswith("irm_")]
    imported = list(Commitment.objects.order_by("pk").values(*columns))
    assert {c["irm_state"] for c in imported} == {"assessed", "no_data", "pending"}
    refresh_all_findings()
    assert list(Commitment.objects.order_by("pk").values(*columns)) == imported


def test_a_commitment_moved_to_another_plan_takes_that_plans_coverage():
    member = seoul()
    factories.make_action_plan(member, number=1, submission_year=2016)
    factories.make_action_plan(member, number=2, submission_year=2018, irm_coverage="not_covered")
    blank = dict.fromkeys(commitment_sheet.IRM_FIELDS, "")
    run([row(**blank)])
    assert Commitment.objects.get().irm_state == "pending"
    moved = plan([row(plan_number="2", year="2018", **blank)])
    assert moved.rows[0].changes == [("Action Plan Number", 1, 2)]
    apply_import(moved)
    commitment = Commitment.objects.get()
    assert (commitment.action_plan.number, commitment.irm_state) == (2, "no_data")


def test_the_url_column_is_kept_as_the_commitments_ogp_page():
    seoul()
    run([row()])
    assert Commitment.objects.get().source_url == DEFAULTS["source_url"]


def test_a_url_that_is_not_a_web_address_is_a_row_error():
    seoul()
    result = plan([row(source_url="javascript:alert(1)")])
    assert [(column, reason[:40]) for _row, column, reason in errors(result)] == [
        ("URL", "“javascript:alert(1)” is not a web addre")
    ]
    assert not Commitment.objects.exists()


def test_an_assessed_commitment_is_not_moved_to_another_plan_by_import():
    member = seoul()
    factories.make_action_plan(member, number=2, submission_year=2018)
    run([row()])  # with IRM values: assessed on a report of plan 1
    commitment = Commitment.objects.get()
    moved = plan([row(plan_number="2", year="2018")])
    assert [(column, reason[:55]) for _row, column, reason in errors(moved)] == [
        ("Action Plan Number", "SEO0001 has IRM assessments on reports of action plan 1")
    ]
    with pytest.raises(ImportRejected):
        apply_import(moved)
    commitment.refresh_from_db()
    assert commitment.action_plan.number == 1
    for assessment in commitment.assessments.all():
        assert assessment.report.action_plan_id == commitment.action_plan_id


def test_reverting_a_move_is_refused_when_the_new_plan_assessed_it_since():
    from imports.models import ImportRun
    from imports.services import RevertRefused, revert_run

    member = seoul()
    factories.make_action_plan(member, number=1, submission_year=2016)
    second = factories.make_action_plan(member, number=2, submission_year=2018)
    blank = dict.fromkeys(commitment_sheet.IRM_FIELDS, "")
    apply_import(plan([row(**blank)]), reason="An earlier import")  # not assessed: it may move
    import_run = ImportRun.objects.create(filename="x.csv", status=ImportRun.Status.APPLIED)
    apply_import(
        plan([row(plan_number="2", year="2018", **blank)]), reason=import_run.change_reason
    )
    commitment = Commitment.objects.get()
    assert commitment.action_plan == second
    assessment = factories.make_assessment(commitment, factories.make_report(second))
    with pytest.raises(RevertRefused, match="has IRM assessments on reports of the plan"):
        revert_run(import_run)
    commitment.refresh_from_db()
    assert commitment.action_plan == second
    assert CommitmentAssessment.objects.filter(pk=assessment.pk).exists()


def test_a_refused_revert_names_the_records_as_their_models_do():
    """ "IRM report", not "Irm report": the model's name with its first letter up, the rest as
    written (capfirst), in every language."""
    from django.utils import translation

    from imports.models import ImportRun
    from imports.services import RevertRefused, revert_run

    seoul()
    import_run = ImportRun.objects.create(filename="x.csv", status=ImportRun.Status.APPLIED)
    apply_import(plan([row()]), reason=import_run.change_reason)  # its IRM reports too
    report = IrmReport.objects.order_by("pk").first()
    report.title = "Retitled by hand"
    report.save()
    with pytest.raises(RevertRefused, match="^IRM report “"):
        revert_run(import_run)
    with translation.override("es"), pytest.raises(RevertRefused, match="^Informe del MRI “"):
        revert_run(import_run)


def test_a_refused_revert_names_what_was_added_as_its_model_does():
    from imports.models import ImportRun
    from imports.services import RevertRefused, revert_run

    import_run = ImportRun.objects.create(filename="x.csv", status=ImportRun.Status.APPLIED)
    apply_import(plan([row(member="Kenya")]), reason=import_run.change_reason)  # a new plan
    action_plan = ActionPlan.objects.get(member__name="Kenya")
    factories.make_report(action_plan, type=IrmReport.Type.DESIGN, year=action_plan.start_year)
    with pytest.raises(RevertRefused, match="^IRM reports were added since to action plans"):
        revert_run(import_run)
