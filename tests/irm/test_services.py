"""Effective IRM values written onto commitments from their assessments."""

import pytest

from commitments.models import ActionPlan, Commitment, Focus, IrmState
from irm.models import IrmReport
from irm.services import refresh_all_findings, refresh_findings
from tests.factories import make_action_plan, make_assessment, make_commitment, make_report

pytestmark = pytest.mark.django_db


def test_unassessed_commitment_of_a_covered_plan_is_pending():
    commitment = make_commitment()
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert commitment.irm_state == IrmState.PENDING
    assert commitment.irm_focus == Focus.PENDING


def test_unassessed_commitment_of_an_uncovered_plan_has_no_data():
    plan = make_action_plan(irm_coverage=ActionPlan.IrmCoverage.NOT_COVERED)
    commitment = make_commitment(plan)
    refresh_findings(Commitment.objects.filter(pk=commitment.pk))
    commitment.refresh_from_db()
    assert commitment.irm_state == IrmState.NO_DATA
    assert commitment.irm_focus == Focus.NO_DATA


def test_design_then_results_report_make_a_star():
    plan = make_action_plan(start_year=2018, end_year=2020, submission_year=2018)
    commitment = make_commitment(plan)
    design = make_report(plan, type=IrmReport.Type.DESIGN, year=2019)
    results = make_report(plan, type=IrmReport.Type.TRANSITIONAL_RESULTS, year=2021)
    make_assessment(
        commitment,
        design,
        specificity="high",
        relevant_access_to_information=True,
        potential_impact="transformative",
    )
    make_assessment(commitment, results, completion="complete", early_results="major")
    assert refresh_all_findings() == 1
    commitment.refresh_from_db()
    assert commitment.irm_state == IrmState.ASSESSED
    assert commitment.irm_specificity == "high"
    assert commitment.irm_completion == "complete"
    assert commitment.irm_early_results == "major"
    assert commitment.irm_starred is True
    assert commitment.irm_ambitious is True
    assert commitment.irm_focus == Focus.STAR


def test_a_later_report_overrides_an_earlier_value():
    plan = make_action_plan(start_year=2014, end_year=2016, submission_year=2014)
    commitment = make_commitment(plan)
    progress = make_report(plan, type=IrmReport.Type.PROGRESS, year=2015)
    end = make_report(plan, type=IrmReport.Type.END_OF_TERM, year=2017)
    make_assessment(commitment, progress, specificity="low", completion="limited")
    make_assessment(commitment, end, completion="substantial")
    refresh_findings([commitment.pk])
    commitment.refresh_from_db()
    assert commitment.irm_completion == "substantial"
    assert commitment.irm_specificity == "low"
    assert commitment.irm_focus == Focus.DESIGN
    assert commitment.irm_design_reason == "verifiability"


def test_query_count_is_constant(django_assert_num_queries):
    plan = make_action_plan()
    report = make_report(plan)
    few = [make_commitment(plan) for _ in range(2)]
    many = [make_commitment(plan) for _ in range(20)]
    for commitment in few + many:
        make_assessment(commitment, report, specificity="high", completion="complete")
    # savepoint, 3 reads (commitments, assessments, the plans' reports), 1 update, the new
    # data version, release
    with django_assert_num_queries(7):
        refresh_findings(few)
    with django_assert_num_queries(7):
        refresh_findings(many)


def test_a_second_refresh_writes_nothing(django_assert_num_queries):
    plan = make_action_plan()
    report = make_report(plan)
    commitments = [make_commitment(plan) for _ in range(5)]
    for commitment in commitments:
        make_assessment(commitment, report, specificity="low", completion="limited")
    refresh_findings(commitments)
    with django_assert_num_queries(5):  # savepoint, 3 reads, release: no UPDATE
        refresh_findings(commitments)


def test_updates_grow_with_distinct_values_not_with_rows(django_assert_num_queries):
    plan = make_action_plan()
    report = make_report(plan)
    commitments = [make_commitment(plan) for _ in range(30)]
    for index, commitment in enumerate(commitments):
        completion = "complete" if index % 2 else "limited"
        make_assessment(commitment, report, specificity="high", completion=completion)
    with django_assert_num_queries(8):  # savepoint, 3 reads, 2 UPDATEs, data version, release
        refresh_findings(commitments)
    assert Commitment.objects.filter(irm_completion="complete").count() == 15


def test_an_unpublished_report_counts_only_once_published():
    plan = make_action_plan()
    commitment = make_commitment(plan)
    report = make_report(plan, published=False)
    make_assessment(commitment, report, specificity="high", completion="complete")
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert commitment.irm_state == IrmState.PENDING
    assert commitment.irm_completion == ""
    IrmReport.objects.filter(pk=report.pk).update(published=True)
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert commitment.irm_state == IrmState.ASSESSED
    assert commitment.irm_completion == "complete"


def test_no_data_said_by_a_report_is_kept_until_a_report_gives_a_value():
    plan = make_action_plan(start_year=2014, end_year=2016, submission_year=2014)
    commitment = make_commitment(plan)
    midterm = make_report(plan, type=IrmReport.Type.PROGRESS, year=2015)
    make_assessment(commitment, midterm, specificity="high", no_data=["completion"])
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert commitment.irm_no_data == ["completion"]
    assert commitment.irm_completion == ""

    end = make_report(plan, type=IrmReport.Type.END_OF_TERM, year=2017)
    make_assessment(commitment, end, completion="limited", no_data=["early_results"])
    refresh_findings([commitment])
    commitment.refresh_from_db()
    # The latest real value stays the effective one; "no data" only where none was given.
    assert commitment.irm_completion == "limited"
    assert commitment.irm_no_data == ["early_results"]


def test_a_later_no_data_does_not_erase_an_earlier_value():
    plan = make_action_plan(start_year=2014, end_year=2016, submission_year=2014)
    commitment = make_commitment(plan)
    midterm = make_report(plan, type=IrmReport.Type.PROGRESS, year=2015)
    end = make_report(plan, type=IrmReport.Type.END_OF_TERM, year=2017)
    make_assessment(commitment, midterm, completion="substantial")
    make_assessment(commitment, end, no_data=["completion"])
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert (commitment.irm_completion, commitment.irm_no_data) == ("substantial", [])
    # A second refresh changes nothing (the stored list compares equal to the computed one).
    before = commitment.updated_at
    refresh_findings([commitment])
    commitment.refresh_from_db()
    assert commitment.updated_at == before
