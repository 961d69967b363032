"""Rows built for the explorer's filter, facet and export tests.

Each commitment exists to be matched (or missed) by particular filters; the comments say which.
The IRM columns are set with .update(), as irm.services.refresh_findings would store them.
"""

import datetime

from commitments.models import Commitment
from members.models import Member
from tests import factories as f


def build():
    areas = {
        slug: f.policy_area(slug)
        for slug in [
            "access-to-information",  # parent of open-data and right-to-information
            "open-data",
            "right-to-information",
            "fiscal-openness",
            "gender",
        ]
    }
    korea = f.make_member(name="South Korea", region=f.region("asia-and-the-pacific"))
    seoul = f.make_member(
        name="Seoul, South Korea",
        kind=Member.Kind.LOCAL,
        parent=korea,
        region=f.region("asia-and-the-pacific"),
    )
    kenya = f.make_member(
        name="Kenya", country_code="KE", region=f.region("africa-and-the-middle-east")
    )
    hidden_member = f.make_member(name="Hidden", published=False)

    korea_1 = f.make_action_plan(korea, submission_year=2016)
    korea_2 = f.make_action_plan(korea, submission_year=2018)
    seoul_1 = f.make_action_plan(seoul, start_year=2017, end_year=2019, submission_year=2017)
    kenya_1 = f.make_action_plan(kenya, start_year=2020, end_year=2022, submission_year=2020)
    hidden_plan = f.make_action_plan(korea, published=False)

    c = {}
    c["budget_data"] = f.make_commitment(
        korea_1,
        [areas["open-data"]],
        title="Open budget data portal",
        primary_policy_area=areas["open-data"],
        claims_access_to_information=True,
        start_date=datetime.date(2016, 9, 1),
        end_date=datetime.date(2018, 6, 30),
        lead_institution="Ministry of Interior and Safety",
    )
    c["gender_budget"] = f.make_commitment(
        korea_1,
        [areas["fiscal-openness"], areas["gender"]],
        title="Gender budgeting in ministries",
        primary_policy_area=areas["fiscal-openness"],
        claims_civic_participation=True,
    )
    c["fiscal_data"] = f.make_commitment(
        korea_2,
        [areas["open-data"], areas["fiscal-openness"]],
        title="Fiscal transparency platform",
        primary_policy_area=areas["fiscal-openness"],
    )
    c["seoul_rti"] = f.make_commitment(
        seoul_1,
        [areas["right-to-information"]],
        title="Disclosure of city decisions",
        primary_policy_area=areas["right-to-information"],
    )
    c["kenya_access"] = f.make_commitment(
        kenya_1,
        [areas["access-to-information"]],
        title="Access to information regulations",
        primary_policy_area=areas["access-to-information"],
    )
    c["kenya_whistle"] = f.make_commitment(
        kenya_1,
        title="Protect people who report wrongdoing",
        description="A whistleblower protection law, drafted with civil society.",
        lead_institution="Ministry of Justice",
    )
    # Never listed: unpublished commitment, plan or member.
    c["hidden_commitment"] = f.make_commitment(
        korea_1, [areas["open-data"]], title="Hidden budget draft", published=False
    )
    f.make_commitment(hidden_plan, [areas["open-data"]], title="Budget in a hidden plan")
    f.make_commitment(
        f.make_action_plan(hidden_member), [areas["open-data"]], title="Budget of a hidden member"
    )

    def store(key, **values):
        Commitment.objects.filter(pk=c[key].pk).update(**values)

    store(
        "budget_data",
        irm_state="assessed",
        irm_specificity="high",
        irm_relevant_access_to_information=True,
        irm_potential_impact="transformative",
        irm_ambitious=True,
        irm_completion="complete",
        irm_early_results="major",
        irm_starred=True,
        irm_focus="star",
    )
    store(
        "gender_budget",
        irm_state="assessed",
        irm_specificity="low",
        irm_relevant_civic_participation=True,
        irm_potential_impact="minor",
        irm_ambitious=False,
        irm_completion="limited",
        irm_early_results="marginal",
        irm_starred=False,
        irm_focus="design",
        irm_design_reason="verifiability",
    )
    store("fiscal_data", irm_state="pending", irm_focus="pending")
    store("seoul_rti", irm_state="no_data", irm_focus="no_data")
    store(
        "kenya_access",
        irm_state="assessed",
        irm_verifiable=True,
        irm_open_government_lens=True,
        irm_potential_results="substantial",
        irm_ambitious=True,
        irm_completion="substantial",
        irm_early_results_refresh="significant",
        irm_promising=True,
        irm_starred=False,
        irm_focus="implementation",
    )
    store("kenya_whistle", irm_state="pending", irm_focus="pending")
    for commitment in c.values():
        commitment.refresh_from_db()
    return {"areas": areas, "members": [korea, seoul, kenya], "commitments": c}


PUBLIC = [
    "budget_data",
    "gender_budget",
    "fiscal_data",
    "seoul_rti",
    "kenya_access",
    "kenya_whistle",
]
