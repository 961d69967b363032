"""The admin's preview of a large file: it counts every row but keeps only what it shows."""

import pytest
from django.core.files.base import ContentFile

from imports import commitment_plan
from imports.base import PREVIEW_ROWS
from imports.commitment_sheet import read_spreadsheet
from imports.commitment_write import apply_import
from imports.models import ImportRun
from imports.services import plan_run, preview_data
from members.models import Member
from tests import factories
from tests.imports.sheets import csv_bytes, row, snapshot
from tests.imports.test_hostile_files import REFUSED

pytestmark = pytest.mark.django_db


def uploaded(data):
    run = ImportRun(filename="sheet.csv")
    run.file.save("sheet.csv", ContentFile(data), save=False)
    run.save()
    return run


def test_the_preview_of_3000_rows_keeps_at_most_preview_rows_rows_and_their_records():
    rows = [row(identifier=f"SEO{n:04d}", number="") for n in range(1, 3001)]
    run = uploaded(csv_bytes(rows))
    plan = plan_run(run)
    assert plan.counts() == {"rows": 3000, "new": 3000, "changed": 0, "unchanged": 0, "error": 0}
    assert (run.status, run.rows, run.new) == ("previewed", 3000, 3000)
    assert list(plan.sheet.rows) == []  # read from the file as planned, not kept
    assert len(plan.rows) <= PREVIEW_ROWS
    assert len(plan.new_commitments) <= PREVIEW_ROWS
    assert len(plan.new_assessments) <= PREVIEW_ROWS
    assert len(plan.areas) <= PREVIEW_ROWS
    assert len(run.preview["rows"]) == PREVIEW_ROWS
    assert run.preview["hidden"] == 3000 - PREVIEW_ROWS
    with pytest.raises(ValueError):
        apply_import(plan)  # a preview's plan holds no records: it is never written


@pytest.mark.parametrize("case", [*REFUSED, "no rows"])
def test_the_preview_reading_as_it_plans_still_refuses_the_file_as_a_whole(case):
    build, name, message = REFUSED.get(case, (lambda: csv_bytes([]), "plan.csv", "no rows"))
    before = snapshot()
    run = ImportRun(filename=name)
    run.file.save(name, ContentFile(build()), save=False)
    run.save()
    assert plan_run(run) is None
    assert (run.status, run.rows) == (ImportRun.Status.REJECTED, 0)
    assert message in run.message
    assert snapshot() == before


def sheet_across_batches():
    """Rows whose checks span batches: duplicates, new members, plans' years, regions."""
    return [
        row(identifier="SEO0001"),
        row(identifier="SEO0002", title="Changed title"),  # changed (imported below)
        row(identifier="BUS0001", member="Busan, South Korea"),  # new member
        row(identifier="SEO0001", title="Again"),  # duplicate
        row(identifier="SEO0009", member="Incheon, South Korea"),  # Seoul's prefix: refused
        row(identifier="XXX0001", member="Nowhere Land"),  # not a country: refused
        row(identifier="SEO0003", plan_number="2", year="2019"),  # new plan
        row(identifier="SEO0004", plan_number="2", year="2020"),  # that plan's year differs
        row(identifier="BUS0002", member="Busan, South Korea", year="2013", plan_number="2"),
        row(identifier="XXX0002", member="Nowhere Land"),  # refused on a later batch too
        row(identifier="SEO0005", region="Europe"),  # the member's region differs
        row(identifier="SEO0002", title="Twice"),  # duplicate, batches later
        row(identifier="SEO0006", theme="Unknown area"),
        row(identifier="SEO0007", completion="Often"),
        row(identifier="INC0001", member="Incheon, South Korea"),  # refused: the first row's
    ]


def outcome(plan):
    return {
        "counts": plan.counts(),
        "preview": preview_data(plan),
        "members": [(m.name, m.member_since) for m in plan.new_members],
        "prefixes": [(p.member.name, p.prefix) for p in plan.new_prefixes],
        "plans": [(p.member.name, p.number, p.start_year) for p in plan.new_plans],
        "reports": [r.title for r in plan.new_reports],
    }


@pytest.mark.parametrize("preview", [False, True])
def test_planning_in_batches_gives_the_same_plan_as_planning_at_once(monkeypatch, preview):
    seoul = factories.make_member(
        name="Seoul, South Korea",
        kind=Member.Kind.LOCAL,
        region=factories.region("asia-and-the-pacific"),
        commitment_prefix="SEO",
    )
    plan_one = factories.make_action_plan(seoul, number=1, start_year=2016, submission_year=2016)
    factories.make_commitment(plan_one, identifier="SEO0002", title="Old title")
    data = csv_bytes(sheet_across_batches())
    whole = commitment_plan.plan_import(read_spreadsheet(data), preview=preview)
    monkeypatch.setattr(commitment_plan, "BATCH", 2)
    batched = commitment_plan.plan_import(read_spreadsheet(data), preview=preview)
    assert outcome(batched) == outcome(whole)
    counts = whole.counts()
    assert (counts["new"], counts["changed"], counts["error"]) == (4, 1, 10)
    assert [m.member_since for m in whole.new_members] == [None]  # not inferred from its rows
