"""Seoul, as OGP's member page for Seoul shows it (the page the profile was built to reproduce)."""

from datetime import date

from commitments.models import ActionPlan, Commitment, IdentifierPrefix, Milestone
from demo.base import link, set_findings
from demo.pools import ATI, CP, PA, TECH
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Contact, Member, Post, Resource

SOUTH_KOREA = {
    "name": "South Korea",
    "slug": "south-korea",
    "kind": Member.Kind.NATIONAL,
    "country_code": "KR",
    "member_since": 2011,
    "lead_agency": "Ministry of the Interior and Safety",
    "lead_agency_url": "https://www.mois.go.kr/eng/",
    "policy_area_focus": "Access to Information, Public Participation, Open Data",
}
SEOUL = {
    "name": "Seoul, South Korea",
    "slug": "seoul-south-korea",
    "kind": Member.Kind.LOCAL,
    "country_code": "KR",
    "member_since": 2016,
    "summary": (
        "This action plan features commitments related to citizen participation improving the "
        "subway system, support youth start-ups and open data."
    ),
    "policy_area_focus": "Citizen Participation, Youth Startups, Citizen Digital Literacy",
    "lead_agency": "",
    "lead_agency_url": "https://english.seoul.go.kr/",
}
SEOUL_SET_SLUGS = (SOUTH_KOREA["slug"], SEOUL["slug"])
SEOUL_CONTACT = {
    "name": "Jihyun Kim",
    "job_title": "External Relations Officer",
    "organisation": "Seoul Metropolitan Government, Smart City Division",
    "email": "kimjihyun@seoul.go.kr",
    "email_published": True,
}
OGP_DOCUMENTS = "https://www.opengovpartnership.org/documents/"
# (title, teaser, year, resource type slug, format, link) in the order of the page.
SEOUL_RESOURCES = [
    (
        "IRM Report on Local Action Plans",
        "",
        2022,
        "irm-report",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "irm-report-on-local-action-plans/",
    ),
    (
        "Seoul Final IRM Review 2017 – For Public Comment",
        "In 2019, the Independent Reporting Mechanism (IRM) published its assessment report for "
        "Seoul's first action plan, prepared by the independent…",
        2019,
        "report-comments",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "seoul-final-irm-review-2017-for-public-comment/",
    ),
    (
        "Seoul Final IRM Review 2017 – For Public Comment",
        "",
        2019,
        "report-comments",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "seoul-final-irm-review-2017-for-public-comment-korean/",
    ),
    (
        "Seoul Action Plan 2018-2020",
        "",
        2018,
        "action-plan",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "seoul-action-plan-2018-2020/",
    ),
    (
        "Seoul, Korea Action Plan",
        "",
        2016,
        "action-plan",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "seoul-korea-action-plan/",
    ),
    (
        "Transparency International Korea Endorsement Letter",
        "",
        2016,
        "letter",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "transparency-international-korea-endorsement-letter/",
    ),
    (
        "Open Net Endorsement Letter",
        "",
        2016,
        "letter",
        Resource.Format.WEB_PAGE,
        OGP_DOCUMENTS + "open-net-endorsement-letter/",
    ),
]
SEOUL_POST = {
    "title": "Seoul and the OGP Ten",
    "slug": "seoul-and-the-ogp-ten",
    "date": date(2018, 4, 30),
    "excerpt": (
        "As the government of the Republic of Korea welcomes open government champions from all "
        "over Asia-Pacific and beyond for this year’s Asia-Pacific Regional Meeting, here are a "
        "few things to expect. This year, eighty percent of OGP participating countries and…"
    ),
    "url": "https://www.opengovpartnership.org/stories/seoul-and-the-ogp-ten/",
}
SEOUL_REPORT_TITLE = "Seoul Final IRM Review 2017"

# Seoul's plans: (number, title, start (year, month), end (year, month), submission year,
# summary, document link, commitments). Each commitment: (title, short title, policy area
# slugs (primary first), claimed values, assessment or None, milestones).
SEOUL_PLANS = [
    (
        1,
        "Seoul Action Plan 2016-2017",
        (2016, 12),
        (2017, 12),
        2016,
        "Seoul's first action plan, written as one of the fifteen pioneers of OGP's subnational "
        "programme, opens the city's decisions to citizens online and offline.",
        OGP_DOCUMENTS + "seoul-korea-action-plan/",
        [
            (
                "Democracy Seoul: an online platform where citizens propose and decide city "
                "policies",
                "Democracy Seoul",
                ["public-participation", "digital-governance"],
                {CP, TECH},
                {
                    "specificity": "high",
                    "relevant_access_to_information": False,
                    "relevant_civic_participation": True,
                    "relevant_public_accountability": False,
                    "relevant_technology": True,
                    "potential_impact": "moderate",
                    "completion": "complete",
                    "early_results": "major",
                },
                [
                    ("Launch the Democracy Seoul website", "complete"),
                    ("Answer every proposal with 5,000 or more citizen votes", "complete"),
                ],
            ),
            (
                "Disclose the city's original administrative documents on the Information "
                "Communication Plaza",
                "Information Communication Plaza",
                ["access-to-information", "open-data"],
                {ATI},
                {
                    "specificity": "medium",
                    "relevant_access_to_information": True,
                    "relevant_civic_participation": False,
                    "relevant_public_accountability": False,
                    "relevant_technology": True,
                    "potential_impact": "moderate",
                    "completion": "substantial",
                    "early_results": "marginal",
                },
                [
                    ("Publish approval documents of director level and above", "complete"),
                    ("Add a search by district and department", "in_progress"),
                ],
            ),
            (
                "Citizen digital literacy education for older and low-income residents",
                "Citizen digital literacy",
                ["capacity-building", "inclusion", "digital-governance"],
                {TECH},
                {
                    "specificity": "medium",
                    "relevant_access_to_information": False,
                    "relevant_civic_participation": False,
                    "relevant_public_accountability": False,
                    "relevant_technology": True,
                    "potential_impact": "minor",
                    "completion": "complete",
                    "early_results": "did_not_change",
                },
                [
                    ("Open digital classes in every district welfare centre", "complete"),
                    ("Train 200 digital literacy instructors", "complete"),
                ],
            ),
            (
                "Participatory budgeting with online citizen voting",
                "Participatory budgeting",
                ["public-participation-in-budgetfiscal-policy", "fiscal-openness"],
                {CP, PA},
                {
                    "specificity": "high",
                    "relevant_access_to_information": False,
                    "relevant_civic_participation": True,
                    "relevant_public_accountability": False,
                    "relevant_technology": False,
                    "potential_impact": "moderate",
                    "completion": "substantial",
                    "early_results": "marginal",
                },
                [
                    ("Hold the citizens' participatory budgeting general assembly", "complete"),
                    ("Let citizens vote on projects online", "complete"),
                    ("Publish how every selected project was carried out", "in_progress"),
                ],
            ),
            (
                "Open data on the city's contracts and spending",
                "Open contracts and spending",
                ["open-contracting-and-procurement", "open-data"],
                {ATI, PA},
                {
                    "specificity": "low",
                    "relevant_access_to_information": True,
                    "relevant_civic_participation": False,
                    "relevant_public_accountability": True,
                    "relevant_technology": False,
                    "potential_impact": "moderate",
                    "completion": "limited",
                    "early_results": "did_not_change",
                },
                [
                    ("Publish contract data in machine-readable formats", "in_progress"),
                    ("Publish spending data every month", "not_started"),
                ],
            ),
        ],
    ),
    (
        2,
        "Seoul Action Plan 2018-2020",
        (2018, 9),
        (2020, 8),
        2018,
        "This action plan features commitments related to citizen participation improving the "
        "subway system, support youth start-ups and open data.",
        OGP_DOCUMENTS + "seoul-action-plan-2018-2020/",
        [
            (
                "Citizen participation to improve the subway system",
                "Citizen participation in the subway",
                ["public-participation", "public-service-delivery"],
                {CP},
                None,
                [
                    ("Set up a citizen panel of subway users", "complete"),
                    ("Act on the panel's proposals and publish the answers", "in_progress"),
                ],
            ),
            (
                "Support youth start-ups through open public procurement",
                "Youth start-ups",
                ["youth", "private-sector", "open-contracting-and-procurement"],
                {PA},
                None,
                [
                    ("Open a start-up hub for young entrepreneurs", "complete"),
                    ("Publish procurement opportunities for start-ups", "in_progress"),
                ],
            ),
            (
                "Open data and citizen digital literacy for all",
                "Open data and digital literacy",
                ["open-data", "capacity-building"],
                {ATI, TECH},
                None,
                [
                    ("Publish 1,000 new datasets on the Seoul Open Data Plaza", "in_progress"),
                    ("Offer open data classes for citizens", "in_progress"),
                    ("Hold an open data hackathon", "not_started"),
                ],
            ),
        ],
    ),
]


# --- Loading --------------------------------------------------------------------------------


def load_seoul(ref, sink):
    """South Korea and Seoul, Seoul's contact, resources, plans, IRM review and post."""
    asia = ref.regions["ap"]
    korea = Member(region=asia, published=True, **SOUTH_KOREA)
    sink.write(Member, [korea])
    seoul = Member(region=asia, parent=korea, published=True, **SEOUL)
    sink.write(Member, [seoul])
    sink.write(
        IdentifierPrefix,
        [IdentifierPrefix(member=korea, prefix="KR"), IdentifierPrefix(member=seoul, prefix="SEO")],
    )
    sink.write(Contact, [Contact(member=seoul, position=1, **SEOUL_CONTACT)])
    sink.write(
        Resource,
        [
            Resource(
                member=seoul,
                title=title,
                teaser=teaser,
                year=year,
                type=ref.resource_type(type_slug),
                format=fmt,
                url=url,
                position=position,
            )
            for position, (title, teaser, year, type_slug, fmt, url) in enumerate(
                SEOUL_RESOURCES, start=1
            )
        ],
    )
    plans, commitments, links, milestones, assessments = [], [], [], [], []
    report = None
    sequence = 0
    for number, title, start, end, submitted, summary, url, items in SEOUL_PLANS:
        plan = ActionPlan(
            member=seoul,
            number=number,
            title=title,
            start_year=start[0],
            start_month=start[1],
            end_year=end[0],
            end_month=end[1],
            submission_year=submitted,
            summary=summary,
            document_url=url,
            irm_coverage=ActionPlan.IrmCoverage.COVERED,
        )
        plans.append(plan)
        for position, (c_title, short, area_slugs, values, found, steps) in enumerate(items, 1):
            sequence += 1
            areas = [ref.area_by_slug[slug] for slug in area_slugs]
            commitment = Commitment(
                identifier=f"SEO{sequence:04d}",
                action_plan=plan,
                number=position,
                title=c_title,
                short_title=short,
                description=f"{c_title}. {summary}",
                lead_institution="Seoul Metropolitan Government",
                start_date=date(start[0], start[1], 1),
                end_date=date(end[0], end[1], 28),
                primary_policy_area=areas[0],
                **{f"claims_{value}": True for value in values},
            )
            commitments.append(commitment)
            links += [link(commitment, area) for area in areas]
            milestones += [
                Milestone(commitment=commitment, position=step, title=step_title, completion=done)
                for step, (step_title, done) in enumerate(steps, 1)
            ]
            if found:
                assessments.append((commitment, found))
    sink.write(ActionPlan, plans)
    report = IrmReport(
        action_plan=plans[0],
        type=IrmReport.Type.LOCAL_REVIEW,
        stage=IrmReport.Stage.FINAL,
        title=SEOUL_REPORT_TITLE,
        year=2019,
        url=OGP_DOCUMENTS + "seoul-final-irm-review-2017/",
    )
    sink.write(IrmReport, [report])
    rows = [CommitmentAssessment(commitment=c, report=report, **found) for c, found in assessments]
    for commitment in commitments:
        plan_reports = [report] if commitment.action_plan is plans[0] else []
        found = [row for row in rows if row.commitment is commitment]
        set_findings(commitment, found, plan_reports)
    sink.write(Commitment, commitments)
    sink.write(Commitment.policy_areas.through, links)
    sink.write(Milestone, milestones)
    sink.write(CommitmentAssessment, rows)
    sink.write(
        ParticipationAssessment,
        [
            ParticipationAssessment(
                action_plan=plans[0],
                report=report,
                development_level="involve",
                implementation_level="consult",
                development_open=True,
                implementation_open=True,
                forum_existed=True,
                forum_met_regularly=False,
                acted_contrary_to_process=False,
            )
        ],
    )
    post = Post(**SEOUL_POST)
    sink.write(Post, [post])
    sink.write(Post.members.through, [Post.members.through(post=post, member=seoul)])
    return korea, seoul
