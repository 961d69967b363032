"""Imports keep findings: a blank or ND cell keeps the recorded value, each IRM column goes to
the report that assesses it under the plan's method, existing reports are reused, and a new
member's "member since" is left to staff."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from commitments.models import Commitment
from imports.commitment_plan import plan_import
from imports.commitment_sheet import (
    COLUMN,
    CREATED_TITLES,
    IRM_FIELDS,
    REPORT_ROUTES,
    read_spreadsheet,
)
from imports.commitment_write import apply_import
from imports.models import ImportRun
from imports.services import plan_run
from irm.methods import METHOD_INDICATORS, Method, measuring_report_types
from irm.models import CommitmentAssessment, IrmReport
from members.models import Member
from tests import factories
from tests.imports.sheets import csv_bytes, row

pytestmark = pytest.mark.django_db

BLANK = dict.fromkeys(IRM_FIELDS, "")


def plan(rows, report=None, headers=None):
    return plan_import(read_spreadsheet(csv_bytes(rows, headers)), report)


def run(rows, report=None):
    result = plan(rows, report)
    assert not result.errors, [r.errors for r in result.errors]
    apply_import(result, reason="Import #1")
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


def assessment(identifier, report_type):
    return CommitmentAssessment.objects.get(
        commitment__identifier=identifier, report__type=report_type
    )


# --- The mapping -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_each_route_is_a_report_type_that_assesses_the_column_under_the_method(method):
    routes = REPORT_ROUTES[method]
    for key, report_types in routes.items():
        assert report_types, key
        assert set(report_types) <= measuring_report_types(key, method), key
        assert report_types[0] in CREATED_TITLES  # the type a missing report is created as
    # A column has a route exactly when the method uses its indicator.
    assert set(routes) == {key for key in IRM_FIELDS if key in METHOD_INDICATORS[method]}


# --- ND and blank keep what was recorded -----------------------------------------------------


def recorded_assessment():
    """A 2016 plan whose progress report staff entered, with values the sheet lacks."""
    action_plan = factories.make_action_plan(seoul(), number=1, submission_year=2016)
    report = factories.make_report(action_plan, type="progress", title="Mid-term", year=2017)
    commitment = factories.make_commitment(
        action_plan, identifier="SEO0001", title="Citizen participation in policy making"
    )
    factories.make_commitment(action_plan, identifier="SEO0002", title="Second")
    for identifier in ("SEO0001", "SEO0002"):
        factories.make_assessment(
            Commitment.objects.get(identifier=identifier),
            report,
            specificity="medium",
            potential_impact="minor",
            completion="limited",
            relevant_technology=True,
        )
    return commitment


# The required columns and the IRM ones: the commitments' other fields stay as they are.
ND_HEADERS = [
    COLUMN[key].header
    for key in ("identifier", "member", "region", "year", "plan_number", "title", *IRM_FIELDS)
]


def nd_rows():
    return [
        # Changes the potential impact; ND, N/A and blank over recorded values.
        row(
            specificity="ND",
            potential_impact="Moderate",
            completion="",
            relevant_technology="N/A",
            early_results="",
        ),
        # Nothing changes: every recorded IRM value is blank or ND in the sheet.
        row(
            identifier="SEO0002",
            title="Second",
            **{
                **BLANK,
                "specificity": "NA",
                "potential_impact": "",
                "completion": "nd",
                "relevant_technology": "N/A",
            },
        ),
    ]


def test_nd_and_blank_cells_keep_the_recorded_values_and_the_preview_says_kept():
    recorded_assessment()
    result = plan(nd_rows(), headers=ND_HEADERS)
    first, second = result.rows
    assert first.status == "changed"
    assert [c for c in first.changes if c[0] == "Potential Impact"] == [
        ("Potential Impact", "Minor", "Moderate")
    ]
    assert not [c for c in first.changes if c[0] in ("Specificity", "Completion (Progress Report)")]
    assert (
        "Kept: the sheet has no data for OGP Value Technology, Specificity, "
        "Completion (Progress Report); the recorded values stay."
    ) in first.notes
    assert second.status == "unchanged"
    assert any(note.startswith("Kept: the sheet has no data for") for note in second.notes)
    apply_import(result)
    for identifier, impact in (("SEO0001", "moderate"), ("SEO0002", "minor")):
        kept = assessment(identifier, "progress")
        assert (kept.specificity, kept.completion, kept.relevant_technology) == (
            "medium",
            "limited",
            True,
        )
        assert kept.potential_impact == impact
    assert Commitment.objects.get(identifier="SEO0001").irm_completion == "limited"


def test_the_admin_preview_and_the_command_summarise_the_kept_values_per_column():
    recorded_assessment()
    run = ImportRun(filename="sheet.csv")
    run.file.save("sheet.csv", ContentFile(csv_bytes(nd_rows(), ND_HEADERS)), save=False)
    run.save()
    plan_run(run)
    assert run.preview["kept"] == [
        "Kept: the sheet has no data for OGP Value Technology on 2 rows (2, 3).",
        "Kept: the sheet has no data for Specificity on 2 rows (2, 3).",
        "Kept: the sheet has no data for Potential Impact on 1 rows (3).",
        "Kept: the sheet has no data for Completion (Progress Report) on 2 rows (2, 3).",
    ]
    shown = {r["identifier"]: r for r in run.preview["rows"]}
    assert any(note.startswith("Kept: the sheet has") for note in shown["SEO0001"]["notes"])
    stdout = io.StringIO()
    path = run.file.path
    call_command("import_ogp", path, "--dry-run", stdout=stdout, stderr=io.StringIO())
    assert "Kept: the sheet has no data for Specificity on 2 rows (2, 3)." in stdout.getvalue()


# --- Each column to the report that assesses it, by the plan's method ------------------------


def test_a_2018_plan_files_design_in_the_design_report_and_results_in_the_implementation():
    member = seoul()
    action_plan = factories.make_action_plan(
        member, number=2, start_year=2018, end_year=2020, submission_year=2018
    )
    design = factories.make_report(action_plan, type="design", title="Design 2019", year=2019)
    run(
        [
            row(
                plan_number="2",
                year="2018",
                specificity="High",
                completion="Complete",
                early_results="Major",
                **{key: "" for key in IRM_FIELDS if key.startswith("relevant_")},
                potential_impact="",
            )
        ]
    )
    design_values = assessment("SEO0001", "design")
    assert design_values.report == design  # reused
    assert (design_values.specificity, design_values.completion) == ("high", "")
    assert design_values.early_results == ""
    results = assessment("SEO0001", "implementation")
    assert (results.completion, results.early_results, results.specificity) == (
        "complete",
        "major",
        "",
    )
    assert results.report.title == "Seoul, South Korea IRM Implementation Report 2018-2020"
    assert results.report.year == 2021
    assert IrmReport.objects.count() == 2
    commitment = Commitment.objects.get()
    assert (commitment.irm_completion, commitment.irm_early_results) == ("complete", "major")


def test_the_plans_method_is_its_reports_method_before_its_start_year():
    # A plan that started in 2017 but was assessed by a design report (2018–2020 method).
    action_plan = factories.make_action_plan(
        seoul(), number=1, start_year=2017, end_year=2019, submission_year=2017
    )
    factories.make_report(action_plan, type="design", title="Design", year=2018)
    run([row(year="2017", early_results="Marginal")])
    assert assessment("SEO0001", "design").specificity == "high"
    assert assessment("SEO0001", "implementation").early_results == "marginal"
    assert not IrmReport.objects.filter(type__in=["progress", "end_of_term"]).exists()


def test_a_2021_plan_takes_completion_in_its_results_report_and_refuses_other_indicators():
    member = seoul()
    factories.make_action_plan(
        member, number=3, start_year=2022, end_year=2024, submission_year=2022
    )
    rows = [
        row(plan_number="3", year="2022", **{**BLANK, "completion": "Substantial"}),
        row(
            identifier="SEO0002",
            plan_number="3",
            year="2022",
            **{**BLANK, "early_results": "Major", "relevant_technology": "1"},
        ),
    ]
    result = plan(rows)
    assert [(number, column) for number, column, _reason in errors(result)] == [
        (3, "OGP Value Technology"),
        (3, "Did It Open Government (Overall)"),
    ]
    reason = errors(result)[1][2]
    assert "2021+ (IRM Refresh) method, which does not use this indicator" in reason
    run(rows[:1])
    filed = assessment("SEO0001", "results")
    assert (filed.completion, filed.report.year) == ("substantial", 2025)
    assert list(IrmReport.objects.values_list("type", flat=True)) == ["results"]


# --- Existing reports are reused, never duplicated -------------------------------------------


def sheet_of_three_methods():
    return [
        row(),  # plan 1, 2016: progress and end of term
        row(identifier="SEO0002", plan_number="2", year="2018"),  # design and implementation
        row(identifier="SEO0003", plan_number="3", year="2021", **{**BLANK, "completion": "1"}),
    ]


def reports_per_type():
    return sorted(IrmReport.objects.values_list("action_plan__number", "type", "stage"))


def test_a_second_import_reuses_every_report_and_changes_no_assessment():
    rows = sheet_of_three_methods()
    rows[2]["completion"] = "Limited"
    run(rows)
    expected = [
        (1, "end_of_term", "final"),
        (1, "progress", "final"),
        (2, "design", "final"),
        (2, "implementation", "final"),
        (3, "results", "final"),
    ]
    assert reports_per_type() == expected
    assessments = CommitmentAssessment.objects.count()
    assert assessments == 5
    again = plan(rows)
    assert again.counts()["unchanged"] == 3 and not again.new_reports
    apply_import(again, reason="Import #2")
    rows[0]["completion"] = "Complete"
    changed = run(rows)
    assert not changed.new_reports
    assert reports_per_type() == expected
    assert CommitmentAssessment.objects.count() == assessments
    assert assessment("SEO0001", "progress").completion == "complete"


def test_a_staff_entered_report_is_reused_whatever_its_title_and_a_final_one_first():
    action_plan = factories.make_action_plan(seoul(), number=1, submission_year=2016)
    draft = factories.make_report(
        action_plan, type="progress", stage="draft", title="Draft for comment", year=2017
    )
    factories.make_report(action_plan, type="end_of_term", title="End of term", year=2019)
    run([row()])
    assert IrmReport.objects.count() == 2
    assert assessment("SEO0001", "progress").report == draft
    final = factories.make_report(action_plan, type="progress", title="Final", year=2017)
    run([row(identifier="SEO0002")])
    assert assessment("SEO0002", "progress").report == final
    assert IrmReport.objects.count() == 3


# --- "Member since" ----------------------------------------------------------------------------


def test_a_new_member_has_no_member_since_and_its_page_says_not_recorded(client):
    run([row(year="2019"), row(identifier="SEO0002", year="2019")])
    member = Member.objects.get()
    assert member.member_since is None
    member.full_clean()  # a valid member as it is
    member.published = True
    member.save()
    page = client.get(reverse("members:member-detail", args=[member.slug]))
    assert "Member since: not recorded" in page.content.decode()
    listing = client.get(reverse("members:member-list"))
    assert "Not recorded" in listing.content.decode()
