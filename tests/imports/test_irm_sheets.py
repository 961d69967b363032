"""The participation sheet and the third-party score sheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from imports.base import ImportRejected, SheetPlan
from imports.participation import COLUMNS as PARTICIPATION_COLUMNS
from imports.reader import SpreadsheetError
from imports.scores import COLUMNS as SCORE_COLUMNS
from imports.services import apply_plan, read_and_plan
from irm.models import GlobalReportDimension, ParticipationAssessment, ThirdPartyScore
from tests import factories
from tests.imports.sheets import snapshot

pytestmark = pytest.mark.django_db


def sheet(columns, rows):
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([column.header for column in columns])
    for values in rows:
        writer.writerow([values.get(column.key, "") for column in columns])
    return text.getvalue().encode()


def errors(plan):
    return [(r.row, column, reason) for r in plan.rows for column, reason in r.errors]


@pytest.fixture
def seoul_plan():
    member = factories.make_member(name="Seoul, South Korea", commitment_prefix="SEO")
    return factories.make_action_plan(member, number=1)


def participation(**values):
    return {
        "member": "Seoul, South Korea",
        "plan_number": "1",
        "development_level": "Involve",
        "implementation_level": "Consult",
        "development_open": "Open",
        "implementation_open": "Invitation only",
        "forum_existed": "1",
        "forum_met_regularly": "0",
        "acted_contrary_to_process": "No",
        "standard_forum": "ND",
        **values,
    }


def test_participation_sheet_is_recognised_checked_and_written(seoul_plan):
    report = factories.make_report(seoul_plan, title="Seoul Final IRM Review 2017")
    data = sheet(PARTICIPATION_COLUMNS, [participation(report="Seoul Final IRM Review 2017")])
    plan = read_and_plan(data, "participation.csv")
    assert isinstance(plan, SheetPlan) and plan.sheet.kind == "participation"
    assert plan.counts()["new"] == 1
    apply_plan(plan, reason="Import #7")
    found = ParticipationAssessment.objects.get()
    assert (found.action_plan, found.report) == (seoul_plan, report)
    assert (found.development_level, found.implementation_level) == ("involve", "consult")
    assert (found.development_open, found.implementation_open) == (True, False)
    assert (found.forum_existed, found.forum_met_regularly) == (True, False)
    assert found.acted_contrary_to_process is False and found.standard_forum is None
    assert found.history.get().history_change_reason == "Import #7"

    again = read_and_plan(data, "participation.csv")
    assert again.counts()["unchanged"] == 1 and not again.has_changes
    changed = read_and_plan(
        sheet(PARTICIPATION_COLUMNS, [participation(development_level="Collaborate")])
    )
    assert changed.rows[0].changes == [
        ("Development Level", "Involve", "Collaborate"),
        ("IRM Report", "Seoul Final IRM Review 2017", "—"),  # present and blank: cleared
    ]


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"member": "Atlantis"}, "Country/Locality", "Unknown member"),
        ({"plan_number": "4"}, "Action Plan Number", "has no action plan 4"),
        ({"development_level": "Co-create"}, "Development Level", "is not one of"),
        ({"forum_existed": "maybe"}, "Forum Existed", "not 0, 1"),
        ({"report": "No such report"}, "IRM Report", "has no IRM report"),
        (
            {"forum_existed": "0", "forum_met_regularly": "1"},
            "Forum Met Regularly",
            "must have existed",
        ),
    ],
)
def test_participation_row_errors(seoul_plan, values, column, reason):
    before = snapshot()
    plan = read_and_plan(sheet(PARTICIPATION_COLUMNS, [participation(**values)]))
    [(row, found_column, found_reason)] = errors(plan)
    assert (row, found_column) == (2, column) and reason in found_reason
    with pytest.raises(ImportRejected):
        apply_plan(plan)
    assert snapshot() == before and not ParticipationAssessment.objects.exists()


def test_the_same_plan_twice_is_an_error(seoul_plan):
    plan = read_and_plan(sheet(PARTICIPATION_COLUMNS, [participation(), participation()]))
    assert errors(plan) == [(3, "Action Plan Number", "This plan is also on row 2.")]


def score(**values):
    return {
        "member": "Seoul, South Korea",
        "dimension": "Civic Space",
        "indicator": "Civic space rating",
        "source": "CIVICUS",
        "value": "72.5",
        "scale_min": "",
        "scale_max": "",
        "score_year": "2023",
        "score_url": "https://monitor.civicus.org/",
        **values,
    }


@pytest.fixture
def civic_space():
    return GlobalReportDimension.objects.get_or_create(
        name="Civic Space", defaults={"slug": "civic-space"}
    )[0]


def test_score_sheet_is_written_and_idempotent(seoul_plan, civic_space):
    data = sheet(SCORE_COLUMNS, [score(), score(score_year="2022", value="70")])
    plan = read_and_plan(data, "scores.csv")
    assert plan.sheet.kind == "scores" and plan.counts()["new"] == 2
    apply_plan(plan)
    latest = ThirdPartyScore.objects.get(year=2023)
    assert (latest.value, latest.scale_min, latest.scale_max) == (
        Decimal("72.50"),
        Decimal("0.00"),
        Decimal("100.00"),
    )
    assert latest.dimension == civic_space and latest.source == "CIVICUS"
    assert read_and_plan(data).counts()["unchanged"] == 2
    changed = read_and_plan(sheet(SCORE_COLUMNS, [score(value="75")]))
    assert changed.rows[0].changes == [("Value", "72.50", "75.00")]


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"dimension": "Happiness"}, "Dimension", "Unknown dimension"),
        ({"value": "high"}, "Value", "not a number"),
        ({"value": "7.125"}, "Value", "more than two decimals"),
        ({"value": "120"}, "Value", "outside the scale 0.00–100.00"),
        ({"scale_min": "10", "scale_max": "5", "value": "7"}, "Scale Max", "run upwards"),
        ({"score_year": "1980"}, "Year", "out of range"),
        ({"score_url": "not a link"}, "URL", "not a web address"),
        ({"value": ""}, "Value", "Required"),
    ],
)
def test_score_row_errors(seoul_plan, civic_space, values, column, reason):
    plan = read_and_plan(sheet(SCORE_COLUMNS, [score(**values)]))
    [(row, found_column, found_reason)] = errors(plan)
    assert (row, found_column) == (2, column) and reason in found_reason
    assert not ThirdPartyScore.objects.exists()


def test_a_sheet_missing_columns_names_its_kind():
    columns = [c for c in PARTICIPATION_COLUMNS if c.key != "plan_number"]
    with pytest.raises(SpreadsheetError, match="Action Plan Number.*participation sheet"):
        read_and_plan(sheet(columns, [participation()]))


def test_command_imports_a_score_sheet(seoul_plan, civic_space, tmp_path, capsys):
    path = tmp_path / "scores.csv"
    path.write_bytes(sheet(SCORE_COLUMNS, [score()]))
    call_command("import_ogp", str(path))
    assert "1 rows: 1 new" in capsys.readouterr().out
    assert ThirdPartyScore.objects.count() == 1
    path.write_bytes(sheet(SCORE_COLUMNS, [score(member="Atlantis")]))
    with pytest.raises(CommandError, match="1 rows have errors"):
        call_command("import_ogp", str(path))
