"""A small dataset with published and unpublished records of every kind, shared by the API and
open data tests (built once per test class)."""

import datetime
from types import SimpleNamespace

from commitments.models import ActionPlan
from irm.models import IrmReport, PublishedFigures
from irm.services import refresh_all_findings
from tests import factories as f


def build_dataset():
    areas = SimpleNamespace(
        access=f.policy_area("access-to-information"),
        open_data=f.policy_area("open-data"),
        gender=f.policy_area("gender"),
    )
    korea = f.make_member(
        name="South Korea", country_code="KR", region=f.region("asia-and-the-pacific")
    )
    seoul = f.make_member(
        name="Seoul, South Korea",
        kind="local",
        country_code="KR",
        parent=korea,
        region=f.region("asia-and-the-pacific"),
        policy_area_focus="Citizen Participation, Youth Startups",
    )
    kenya = f.make_member(
        name="Kenya", country_code="KE", region=f.region("africa-and-the-middle-east")
    )
    hidden = f.make_member(name="Hidden Member", published=False)

    seoul_1 = f.make_action_plan(seoul, start_month=9, end_month=8)
    seoul_2 = f.make_action_plan(seoul, irm_coverage=ActionPlan.IrmCoverage.NOT_COVERED)
    f.make_prefix(seoul, "SMG", [seoul_2])  # a second identifier scheme, for its second plan
    korea_1 = f.make_action_plan(korea)
    kenya_1 = f.make_action_plan(
        kenya,
        submission_date=datetime.date(2016, 6, 30),
        lead_institutions="Ministry of ICT\nThe National Treasury",
    )
    kenya_draft = f.make_action_plan(kenya, published=False)
    hidden_1 = f.make_action_plan(hidden)

    c = SimpleNamespace()
    c.seoul_a = f.make_commitment(
        seoul_1,
        policy_areas=[areas.access, areas.open_data],
        primary_policy_area=areas.open_data,
        claims_access_to_information=True,
        lead_institution="Seoul Metropolitan Government",
    )
    c.seoul_b = f.make_commitment(seoul_1, policy_areas=[areas.gender])
    c.seoul_c = f.make_commitment(seoul_2, policy_areas=[areas.gender])
    c.korea_a = f.make_commitment(korea_1, policy_areas=[areas.open_data])
    c.kenya_a = f.make_commitment(kenya_1, policy_areas=[areas.access], claims_technology=True)
    c.kenya_b = f.make_commitment(
        kenya_1, title="Open budgets for counties", status="", primary_sector="Public finance"
    )
    c.kenya_unpublished = f.make_commitment(kenya_1, published=False)
    c.kenya_draft = f.make_commitment(kenya_draft, policy_areas=[areas.access])
    c.hidden = f.make_commitment(hidden_1, policy_areas=[areas.access])
    for commitment in (c.seoul_a, c.kenya_a):
        f.make_milestone(commitment)
        f.make_milestone(commitment, completion="complete")

    r = SimpleNamespace()
    r.seoul = f.make_report(seoul_1, type=IrmReport.Type.LOCAL_REVIEW, year=2017)
    r.kenya = f.make_report(kenya_1)
    r.kenya_draft_report = f.make_report(
        kenya_1,
        type=IrmReport.Type.PROGRESS,
        year=2017,
        title="Kenya Progress Report 2016-2017 (unpublished)",
        published=False,
    )
    r.hidden = f.make_report(hidden_1)
    f.make_assessment(
        c.seoul_a,
        r.seoul,
        specificity="high",
        relevant_access_to_information=True,
        potential_impact="transformative",
        completion="complete",
        early_results="major",
    )
    f.make_assessment(
        c.kenya_a, r.kenya, specificity="low", completion="limited", no_data=["early_results"]
    )
    PublishedFigures.objects.create(report=r.kenya, commitments=3, starred=0, complete=1)
    f.make_assessment(c.kenya_b, r.kenya_draft_report, specificity="medium")
    f.make_assessment(c.hidden, r.hidden, specificity="high")
    f.make_participation(seoul_1, report=r.seoul, development_level="involve", forum_existed=True)
    f.make_participation(kenya_1, report=r.kenya_draft_report, development_level="consult")
    f.make_participation(hidden_1, development_level="inform")
    refresh_all_findings()
    return SimpleNamespace(
        areas=areas,
        members=SimpleNamespace(korea=korea, seoul=seoul, kenya=kenya, hidden=hidden),
        plans=SimpleNamespace(
            seoul_1=seoul_1,
            seoul_2=seoul_2,
            korea_1=korea_1,
            kenya_1=kenya_1,
            kenya_draft=kenya_draft,
            hidden_1=hidden_1,
        ),
        commitments=c,
        reports=r,
    )
