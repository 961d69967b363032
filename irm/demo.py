"""Demo data: Seoul exactly as OGP's member page shows it, plus a synthetic partnership.

`load_demo()` replaces the demo set inside one transaction: it deletes what an earlier run
loaded (Seoul, South Korea and every member whose lead agency website is on the reserved
``.example`` domain, with everything under them, and the demo posts), then loads it again, so
running it twice leaves the same rows. Records staff created for other members are left alone.

The synthetic part is deterministic: one `random.Random(seed)` drawn in a fixed order. At
scale 1 it holds about 75 national and 150 local members, 600 action plans (2011–2025) and
6,000 commitments with milestones, IRM reports and assessments of all three IRM eras,
participation assessments, posts and third-party scores; `scale=10` holds ten times as many
members, plans and commitments (copies of the pools with a number: "Kenya 2").

Rows are written with `bulk_create`, which bypasses django-simple-history: demo records have
no history until someone edits them. Each commitment's effective IRM values are set before it
is written, with the functions `irm.services.refresh_findings()` uses (`findings_for`,
`apply_findings`); `refresh=True` also runs `refresh_all_findings()` afterwards (slow: it
rewrites every commitment with bulk_update), which must change nothing.
"""

import random
import secrets
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import reset_queries, transaction
from django.db.models import Q
from django.utils.text import slugify

from commitments.models import ActionPlan, Commitment, Milestone, PolicyArea
from irm.models import (
    CommitmentAssessment,
    GlobalReportDimension,
    IrmReport,
    ParticipationAssessment,
    ThirdPartyScore,
)
from irm.services import ASSESSMENT_VALUE_FIELDS, apply_findings, findings_for, refresh_all_findings
from members.models import Contact, Member, Post, Region, Resource, ResourceType

DEFAULT_SEED = 2011
BATCH_SIZE = 1000
MEMBERS_PER_CHUNK = 25  # members whose plans, commitments… are generated and written together
LAST_PLAN_START = 2025
LAST_REPORT_YEAR = 2024  # the IRM has published up to here: later reviews are pending
STAR_RATE = 0.075  # of fully assessed old-era commitments: gives the "about 7%" global average
LOCALS_AT_SCALE_1 = 150  # locals at scale 1 (the pool holds more; a seeded sample is taken)

# Every synthetic link is on the reserved `.example` domain (RFC 2606); the demo set is found
# by it, so a reload never touches members staff created.
DEMO_URL_MARK = ".example/"
DEMO_SITE = "https://www.ogp.example"

REGIONS = {
    "af": "africa-and-the-middle-east",
    "am": "americas",
    "ap": "asia-and-the-pacific",
    "eu": "europe",
}

# --- Seoul, as /work/shared/seed/seoul-member-page.txt shows it ------------------------------

SOUTH_KOREA = {
    "name": "South Korea",
    "slug": "south-korea",
    "kind": Member.Kind.NATIONAL,
    "country_code": "KR",
    "member_since": 2011,
    "lead_agency": "Ministry of the Interior and Safety",
    "lead_agency_url": "https://www.mois.go.kr/eng/",
    "commitment_prefix": "KR",
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
    "commitment_prefix": "SEO",
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
_ATI = "access_to_information"
_CP = "civic_participation"
_PA = "public_accountability"
_TECH = "technology"
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
                {_CP, _TECH},
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
                {_ATI},
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
                {_TECH},
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
                {_CP, _PA},
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
                {_ATI, _PA},
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
                {_CP},
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
                {_PA},
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
                {_ATI, _TECH},
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

# --- Pools of the synthetic partnership -----------------------------------------------------

# (name, ISO 3166 code, region key, member since)
NATIONALS = [
    ("Kenya", "KE", "af", 2011),
    ("South Africa", "ZA", "af", 2011),
    ("Ghana", "GH", "af", 2011),
    ("Liberia", "LR", "af", 2011),
    ("Tanzania", "TZ", "af", 2011),
    ("Nigeria", "NG", "af", 2016),
    ("Morocco", "MA", "af", 2018),
    ("Tunisia", "TN", "af", 2014),
    ("Jordan", "JO", "af", 2011),
    ("Sierra Leone", "SL", "af", 2014),
    ("Côte d'Ivoire", "CI", "af", 2015),
    ("Burkina Faso", "BF", "af", 2016),
    ("Cabo Verde", "CV", "af", 2016),
    ("Malawi", "MW", "af", 2013),
    ("Senegal", "SN", "af", 2018),
    ("Seychelles", "SC", "af", 2019),
    ("Israel", "IL", "af", 2011),
    ("Benin", "BJ", "af", 2023),
    ("Argentina", "AR", "am", 2012),
    ("Brazil", "BR", "am", 2011),
    ("Canada", "CA", "am", 2011),
    ("Chile", "CL", "am", 2011),
    ("Colombia", "CO", "am", 2011),
    ("Costa Rica", "CR", "am", 2012),
    ("Dominican Republic", "DO", "am", 2011),
    ("Ecuador", "EC", "am", 2018),
    ("El Salvador", "SV", "am", 2011),
    ("Guatemala", "GT", "am", 2011),
    ("Honduras", "HN", "am", 2011),
    ("Jamaica", "JM", "am", 2016),
    ("Mexico", "MX", "am", 2011),
    ("Panama", "PA", "am", 2012),
    ("Paraguay", "PY", "am", 2011),
    ("Peru", "PE", "am", 2011),
    ("Uruguay", "UY", "am", 2011),
    ("United States", "US", "am", 2011),
    ("Australia", "AU", "ap", 2015),
    ("Indonesia", "ID", "ap", 2011),
    ("Philippines", "PH", "ap", 2011),
    ("Mongolia", "MN", "ap", 2013),
    ("New Zealand", "NZ", "ap", 2013),
    ("Sri Lanka", "LK", "ap", 2015),
    ("Pakistan", "PK", "ap", 2016),
    ("Papua New Guinea", "PG", "ap", 2015),
    ("Afghanistan", "AF", "ap", 2016),
    ("Kyrgyz Republic", "KG", "ap", 2017),
    ("Maldives", "MV", "ap", 2022),
    ("Albania", "AL", "eu", 2011),
    ("Armenia", "AM", "eu", 2011),
    ("Bosnia and Herzegovina", "BA", "eu", 2014),
    ("Bulgaria", "BG", "eu", 2011),
    ("Croatia", "HR", "eu", 2011),
    ("Czech Republic", "CZ", "eu", 2011),
    ("Denmark", "DK", "eu", 2011),
    ("Estonia", "EE", "eu", 2011),
    ("Finland", "FI", "eu", 2013),
    ("France", "FR", "eu", 2014),
    ("Georgia", "GE", "eu", 2011),
    ("Germany", "DE", "eu", 2016),
    ("Greece", "GR", "eu", 2011),
    ("Ireland", "IE", "eu", 2014),
    ("Italy", "IT", "eu", 2011),
    ("Latvia", "LV", "eu", 2011),
    ("Lithuania", "LT", "eu", 2011),
    ("Luxembourg", "LU", "eu", 2019),
    ("Moldova", "MD", "eu", 2011),
    ("Montenegro", "ME", "eu", 2011),
    ("Netherlands", "NL", "eu", 2011),
    ("North Macedonia", "MK", "eu", 2011),
    ("Norway", "NO", "eu", 2011),
    ("Portugal", "PT", "eu", 2017),
    ("Romania", "RO", "eu", 2011),
    ("Serbia", "RS", "eu", 2012),
    ("Slovakia", "SK", "eu", 2011),
    ("Spain", "ES", "eu", 2011),
    ("Sweden", "SE", "eu", 2011),
    ("Ukraine", "UA", "eu", 2011),
]

# (city or region, country, ISO code, region key). The country is named as its national member
# where there is one; a local of a country without a national member has no parent.
LOCALS = [
    ("Elgeyo Marakwet", "Kenya", "KE", "af"),
    ("Makueni", "Kenya", "KE", "af"),
    ("Nairobi City County", "Kenya", "KE", "af"),
    ("Kakamega", "Kenya", "KE", "af"),
    ("Nandi", "Kenya", "KE", "af"),
    ("Mombasa", "Kenya", "KE", "af"),
    ("Kisumu", "Kenya", "KE", "af"),
    ("Sekondi-Takoradi", "Ghana", "GH", "af"),
    ("Accra", "Ghana", "GH", "af"),
    ("Kumasi", "Ghana", "GH", "af"),
    ("Tamale", "Ghana", "GH", "af"),
    ("Kigoma-Ujiji", "Tanzania", "TZ", "af"),
    ("Dar es Salaam", "Tanzania", "TZ", "af"),
    ("Kaduna State", "Nigeria", "NG", "af"),
    ("Lagos State", "Nigeria", "NG", "af"),
    ("Anambra State", "Nigeria", "NG", "af"),
    ("Plateau State", "Nigeria", "NG", "af"),
    ("Kano State", "Nigeria", "NG", "af"),
    ("Nasarawa State", "Nigeria", "NG", "af"),
    ("Tangier-Tetouan-Al Hoceima", "Morocco", "MA", "af"),
    ("Rabat", "Morocco", "MA", "af"),
    ("Marrakech", "Morocco", "MA", "af"),
    ("La Marsa", "Tunisia", "TN", "af"),
    ("Sfax", "Tunisia", "TN", "af"),
    ("Sousse", "Tunisia", "TN", "af"),
    ("Freetown", "Sierra Leone", "SL", "af"),
    ("Bo", "Sierra Leone", "SL", "af"),
    ("Abidjan", "Côte d'Ivoire", "CI", "af"),
    ("Ouagadougou", "Burkina Faso", "BF", "af"),
    ("Bobo-Dioulasso", "Burkina Faso", "BF", "af"),
    ("Praia", "Cabo Verde", "CV", "af"),
    ("Lilongwe", "Malawi", "MW", "af"),
    ("Dakar", "Senegal", "SN", "af"),
    ("Saint-Louis", "Senegal", "SN", "af"),
    ("Monrovia", "Liberia", "LR", "af"),
    ("Kampala", "Uganda", "UG", "af"),
    ("Gulu", "Uganda", "UG", "af"),
    ("Kigali", "Rwanda", "RW", "af"),
    ("Addis Ababa", "Ethiopia", "ET", "af"),
    ("Lusaka", "Zambia", "ZM", "af"),
    ("Johannesburg", "South Africa", "ZA", "af"),
    ("Cape Town", "South Africa", "ZA", "af"),
    ("eThekwini", "South Africa", "ZA", "af"),
    ("Amman", "Jordan", "JO", "af"),
    ("Irbid", "Jordan", "JO", "af"),
    ("Beirut", "Lebanon", "LB", "af"),
    ("Nouakchott", "Mauritania", "MR", "af"),
    ("Buenos Aires", "Argentina", "AR", "am"),
    ("Córdoba", "Argentina", "AR", "am"),
    ("Mendoza", "Argentina", "AR", "am"),
    ("Santa Fe", "Argentina", "AR", "am"),
    ("Rosario", "Argentina", "AR", "am"),
    ("São Paulo", "Brazil", "BR", "am"),
    ("Rio de Janeiro", "Brazil", "BR", "am"),
    ("Recife", "Brazil", "BR", "am"),
    ("Porto Alegre", "Brazil", "BR", "am"),
    ("Osasco", "Brazil", "BR", "am"),
    ("Contagem", "Brazil", "BR", "am"),
    ("Ontario", "Canada", "CA", "am"),
    ("Quebec", "Canada", "CA", "am"),
    ("Montreal", "Canada", "CA", "am"),
    ("Toronto", "Canada", "CA", "am"),
    ("Santiago", "Chile", "CL", "am"),
    ("Peñalolén", "Chile", "CL", "am"),
    ("Renca", "Chile", "CL", "am"),
    ("Bogotá", "Colombia", "CO", "am"),
    ("Nariño", "Colombia", "CO", "am"),
    ("Medellín", "Colombia", "CO", "am"),
    ("Cali", "Colombia", "CO", "am"),
    ("San José", "Costa Rica", "CR", "am"),
    ("Santo Domingo", "Dominican Republic", "DO", "am"),
    ("Quito", "Ecuador", "EC", "am"),
    ("Cuenca", "Ecuador", "EC", "am"),
    ("San Salvador", "El Salvador", "SV", "am"),
    ("Quetzaltenango", "Guatemala", "GT", "am"),
    ("Tegucigalpa", "Honduras", "HN", "am"),
    ("Kingston", "Jamaica", "JM", "am"),
    ("Jalisco", "Mexico", "MX", "am"),
    ("Nuevo León", "Mexico", "MX", "am"),
    ("Oaxaca", "Mexico", "MX", "am"),
    ("Mexico City", "Mexico", "MX", "am"),
    ("Guadalajara", "Mexico", "MX", "am"),
    ("Panama City", "Panama", "PA", "am"),
    ("Asunción", "Paraguay", "PY", "am"),
    ("La Libertad", "Peru", "PE", "am"),
    ("Lima", "Peru", "PE", "am"),
    ("Arequipa", "Peru", "PE", "am"),
    ("Montevideo", "Uruguay", "UY", "am"),
    ("Austin", "United States", "US", "am"),
    ("Philadelphia", "United States", "US", "am"),
    ("Boston", "United States", "US", "am"),
    ("Detroit", "United States", "US", "am"),
    ("Seattle", "United States", "US", "am"),
    ("Los Angeles", "United States", "US", "am"),
    ("Bojonegoro", "Indonesia", "ID", "ap"),
    ("Banggai", "Indonesia", "ID", "ap"),
    ("Semarang", "Indonesia", "ID", "ap"),
    ("Jakarta", "Indonesia", "ID", "ap"),
    ("Bandung", "Indonesia", "ID", "ap"),
    ("Sumedang", "Indonesia", "ID", "ap"),
    ("West Nusa Tenggara", "Indonesia", "ID", "ap"),
    ("Quezon City", "Philippines", "PH", "ap"),
    ("South Cotabato", "Philippines", "PH", "ap"),
    ("Larena", "Philippines", "PH", "ap"),
    ("Iloilo City", "Philippines", "PH", "ap"),
    ("Naga City", "Philippines", "PH", "ap"),
    ("Ulaanbaatar", "Mongolia", "MN", "ap"),
    ("Punjab", "Pakistan", "PK", "ap"),
    ("Khyber Pakhtunkhwa", "Pakistan", "PK", "ap"),
    ("Colombo", "Sri Lanka", "LK", "ap"),
    ("Victoria", "Australia", "AU", "ap"),
    ("New South Wales", "Australia", "AU", "ap"),
    ("Melbourne", "Australia", "AU", "ap"),
    ("Wellington", "New Zealand", "NZ", "ap"),
    ("Auckland", "New Zealand", "NZ", "ap"),
    ("Bishkek", "Kyrgyz Republic", "KG", "ap"),
    ("Osh", "Kyrgyz Republic", "KG", "ap"),
    ("Kathmandu", "Nepal", "NP", "ap"),
    ("Dhaka", "Bangladesh", "BD", "ap"),
    ("Tokyo", "Japan", "JP", "ap"),
    ("Bangkok", "Thailand", "TH", "ap"),
    ("Kerala", "India", "IN", "ap"),
    ("Chennai", "India", "IN", "ap"),
    ("Port Moresby", "Papua New Guinea", "PG", "ap"),
    ("Kabul", "Afghanistan", "AF", "ap"),
    ("Malé", "Maldives", "MV", "ap"),
    ("Suva", "Fiji", "FJ", "ap"),
    ("Dili", "Timor-Leste", "TL", "ap"),
    ("Incheon", "South Korea", "KR", "ap"),
    ("Busan", "South Korea", "KR", "ap"),
    ("Suwon", "South Korea", "KR", "ap"),
    ("Paris", "France", "FR", "eu"),
    ("Grenoble", "France", "FR", "eu"),
    ("Lyon", "France", "FR", "eu"),
    ("Nouvelle-Aquitaine", "France", "FR", "eu"),
    ("Madrid", "Spain", "ES", "eu"),
    ("Basque Country", "Spain", "ES", "eu"),
    ("Catalonia", "Spain", "ES", "eu"),
    ("Aragon", "Spain", "ES", "eu"),
    ("Valencia", "Spain", "ES", "eu"),
    ("A Coruña", "Spain", "ES", "eu"),
    ("Scotland", "United Kingdom", "GB", "eu"),
    ("Wales", "United Kingdom", "GB", "eu"),
    ("Manchester", "United Kingdom", "GB", "eu"),
    ("Tbilisi", "Georgia", "GE", "eu"),
    ("Batumi", "Georgia", "GE", "eu"),
    ("Kutaisi", "Georgia", "GE", "eu"),
    ("Akhaltsikhe", "Georgia", "GE", "eu"),
    ("Iași", "Romania", "RO", "eu"),
    ("Cluj-Napoca", "Romania", "RO", "eu"),
    ("Kyiv", "Ukraine", "UA", "eu"),
    ("Khmelnytskyi", "Ukraine", "UA", "eu"),
    ("Lviv", "Ukraine", "UA", "eu"),
    ("Tirana", "Albania", "AL", "eu"),
    ("Elbasan", "Albania", "AL", "eu"),
    ("Yerevan", "Armenia", "AM", "eu"),
    ("Gyumri", "Armenia", "AM", "eu"),
    ("Sarajevo", "Bosnia and Herzegovina", "BA", "eu"),
    ("Banja Luka", "Bosnia and Herzegovina", "BA", "eu"),
    ("Sofia", "Bulgaria", "BG", "eu"),
    ("Zagreb", "Croatia", "HR", "eu"),
    ("Prague", "Czech Republic", "CZ", "eu"),
    ("Tallinn", "Estonia", "EE", "eu"),
    ("Helsinki", "Finland", "FI", "eu"),
    ("Hamburg", "Germany", "DE", "eu"),
    ("Berlin", "Germany", "DE", "eu"),
    ("North Rhine-Westphalia", "Germany", "DE", "eu"),
    ("Athens", "Greece", "GR", "eu"),
    ("Thessaloniki", "Greece", "GR", "eu"),
    ("Dublin", "Ireland", "IE", "eu"),
    ("Milan", "Italy", "IT", "eu"),
    ("Rome", "Italy", "IT", "eu"),
    ("Bologna", "Italy", "IT", "eu"),
    ("Riga", "Latvia", "LV", "eu"),
    ("Vilnius", "Lithuania", "LT", "eu"),
    ("Chișinău", "Moldova", "MD", "eu"),
    ("Podgorica", "Montenegro", "ME", "eu"),
    ("Amsterdam", "Netherlands", "NL", "eu"),
    ("Utrecht", "Netherlands", "NL", "eu"),
    ("Skopje", "North Macedonia", "MK", "eu"),
    ("Oslo", "Norway", "NO", "eu"),
    ("Lisbon", "Portugal", "PT", "eu"),
    ("Porto", "Portugal", "PT", "eu"),
    ("Belgrade", "Serbia", "RS", "eu"),
    ("Novi Sad", "Serbia", "RS", "eu"),
    ("Bratislava", "Slovakia", "SK", "eu"),
    ("Stockholm", "Sweden", "SE", "eu"),
    ("Vienna", "Austria", "AT", "eu"),
]

# Words of each top-level policy area (by slug): what commitments do, and a few sentences with
# the area's own vocabulary, so that full-text search finds meaningful matches.
TOPICS = {
    "access-to-information": {
        "objects": [
            "a single portal for freedom of information requests",
            "proactive disclosure of public decisions and meeting minutes",
            "an open data portal with machine-readable datasets",
            "an independent information commissioner",
            "open statistics on public services",
            "a public register of official documents",
        ],
        "details": [
            "Requests for information often go unanswered beyond the legal deadline of 20 days.",
            "Datasets are published as scanned documents that cannot be reused or searched.",
            "The commissioner will publish annual statistics on refusals and appeals.",
        ],
        "institutions": ["Ministry of Public Administration", "National Statistics Office"],
    },
    "anti-corruption-and-integrity": {
        "objects": [
            "a public register of beneficial owners",
            "electronic asset declarations for senior officials",
            "protection for whistleblowers in the public sector",
            "a mandatory lobbying register",
            "rules on conflicts of interest for ministers",
            "transparency of political party financing",
        ],
        "details": [
            "Anonymous shell companies have been used to hide bribery and kickbacks.",
            "Asset declarations are filed on paper and never verified against tax records.",
            "Investigative journalists exposed several cases of embezzlement in recent years.",
        ],
        "institutions": ["Anti-Corruption Commission", "Supreme Audit Institution"],
    },
    "open-contracting-and-procurement": {
        "objects": [
            "open contracting data for all public tenders",
            "an end-to-end electronic procurement system",
            "citizen monitoring of public works contracts",
            "red-flag indicators for procurement fraud",
        ],
        "details": [
            "Single-bid tenders account for a large share of the value of public contracts.",
            "Contract amendments and payments are not published after the award.",
            "The data will follow the Open Contracting Data Standard.",
        ],
        "institutions": ["Public Procurement Agency", "Ministry of Finance"],
    },
    "fiscal-openness": {
        "objects": [
            "a citizens' budget in plain language",
            "participatory budgeting in every district",
            "monthly budget execution reports",
            "open data on public debt and guarantees",
            "legislative oversight of the budget",
        ],
        "details": [
            "The executive budget proposal is published only after parliament approves it.",
            "Taxpayers cannot see how revenue is allocated to schools, clinics and roads.",
            "The Open Budget Survey rated budget transparency as limited.",
        ],
        "institutions": ["Ministry of Finance", "Parliamentary Budget Office"],
    },
    "extractive-industries": {
        "objects": [
            "disclosure of mining and oil contracts",
            "reporting of extractive revenues under the EITI Standard",
            "community monitoring of mining royalties",
        ],
        "details": [
            "Communities near mines receive little information about royalties and permits.",
            "Licences for oil, gas and minerals were granted without open bidding.",
        ],
        "institutions": ["Ministry of Mines and Energy", "Extractive Industries Secretariat"],
    },
    "civic-space": {
        "objects": [
            "a safer environment for civil society organisations",
            "protection of journalists and media workers",
            "guidelines on freedom of peaceful assembly",
            "simpler registration of non-profit organisations",
            "transparency of media ownership",
        ],
        "details": [
            "Civil society organisations report harassment and burdensome registration rules.",
            "Threats against reporters covering protests have increased.",
        ],
        "institutions": ["Ministry of Justice", "Office of the Ombudsman"],
    },
    "human-rights": {
        "objects": [
            "a national human rights action plan",
            "independent monitoring of detention conditions",
            "redress for victims of discrimination",
        ],
        "details": [
            "Complaints about discrimination are rarely investigated or resolved.",
            "The national human rights institution lacks resources and independence.",
        ],
        "institutions": ["National Human Rights Commission", "Ministry of Justice"],
    },
    "public-participation": {
        "objects": [
            "an online platform for citizen proposals",
            "citizen assemblies on local policy",
            "public consultation on draft laws",
            "a permanent multistakeholder forum",
            "participatory planning of public spaces",
        ],
        "details": [
            "Consultations are announced late and the government rarely explains its decisions.",
            "A citizen assembly chosen by lottery will deliberate and make recommendations.",
            "Residents can vote on proposals online or at neighbourhood meetings.",
        ],
        "institutions": ["Government Secretariat", "Office of the Prime Minister"],
    },
    "digital-governance": {
        "objects": [
            "a secure digital identity for public services",
            "a personal data protection framework",
            "open source software across government",
            "a register of algorithms used by public agencies",
            "digital public services for small businesses",
        ],
        "details": [
            "Automated decision-making systems are used without public scrutiny.",
            "Citizens must visit several offices because agencies do not share data.",
            "The algorithm register will explain the purpose, data and oversight of each system.",
        ],
        "institutions": ["Ministry of Digital Affairs", "E-Government Agency"],
    },
    "public-service-delivery": {
        "objects": [
            "feedback mechanisms for public services",
            "open data on hospital waiting times",
            "transparency in school funding",
            "a citizen charter for water and sanitation services",
            "real-time public transport information",
        ],
        "details": [
            "Patients and parents have no reliable way to report problems with services.",
            "Medicine stock-outs in clinics are discovered only after complaints.",
            "Grievances will be tracked publicly until they are resolved.",
        ],
        "institutions": ["Ministry of Health", "Ministry of Education"],
    },
    "justice": {
        "objects": [
            "open publication of court decisions",
            "legal aid for low-income citizens",
            "a justice sector data portal",
            "transparent appointment of judges",
        ],
        "details": [
            "Court backlogs leave thousands of cases pending for years.",
            "Judgments are not published, so citizens cannot know how the law is applied.",
        ],
        "institutions": ["Ministry of Justice", "Judicial Council"],
    },
    "inclusion": {
        "objects": [
            "gender-disaggregated public data",
            "accessible government websites for people with disabilities",
            "youth participation councils",
            "the inclusion of indigenous communities in decision-making",
            "gender-responsive budgeting",
        ],
        "details": [
            "Women, young people and people with disabilities are rarely heard in consultations.",
            "Indigenous communities have asked to be consulted in their own languages.",
        ],
        "institutions": ["Ministry of Women and Gender Equality", "Ministry of Youth"],
    },
    "legislation-regulation": {
        "objects": [
            "a legislative footprint for draft laws",
            "regulatory impact assessments open to comment",
            "a single public register of regulations",
        ],
        "details": [
            "Draft regulations are adopted without impact assessments or public comment.",
            "The legislative footprint will record who met lawmakers about each bill.",
        ],
        "institutions": ["Government Legislation Office", "Ministry of Economy"],
    },
    "open-parliaments": {
        "objects": [
            "open parliamentary data",
            "live streaming of committee meetings",
            "publication of legislators' voting records",
        ],
        "details": [
            "Committee hearings are closed and votes are not recorded by name.",
            "The parliament will publish bills, amendments and votes as open data.",
        ],
        "institutions": ["Parliament", "Parliamentary Secretariat"],
    },
    "capacity-building": {
        "objects": [
            "training of public officials on open government",
            "open government education in schools",
            "citizen digital literacy classes",
        ],
        "details": [
            "Civil servants are unsure how to apply transparency rules in their daily work.",
            "Older residents cannot use online services without help.",
        ],
        "institutions": ["School of Public Administration", "Ministry of Education"],
    },
    "private-sector": {
        "objects": [
            "support for youth start-ups",
            "an open business register",
            "responsible business conduct reporting",
        ],
        "details": [
            "Small firms and start-ups struggle to access public contracts and information.",
            "Company information is sold rather than published as open data.",
        ],
        "institutions": ["Ministry of Economy", "Chamber of Commerce"],
    },
    "climate": {
        "objects": [
            "open data on climate finance",
            "public participation in climate adaptation plans",
            "environmental impact assessments published online",
            "open air quality monitoring data",
        ],
        "details": [
            "Flooding and drought affect the poorest neighbourhoods first.",
            "Emissions and air pollution data are collected but not shared with residents.",
        ],
        "institutions": ["Ministry of Environment", "Environmental Protection Agency"],
    },
    "local-commitments": {
        "objects": [
            "open neighbourhood budgets",
            "a city open data portal",
            "transparent urban planning permits",
            "participatory mobility planning",
        ],
        "details": [
            "Residents learn about building permits only when construction starts.",
            "Neighbourhood councils want a say in how the city spends its budget.",
        ],
        "institutions": ["City Council", "Mayor's Office"],
    },
}
GENERIC_TOPIC = {
    "objects": ["reforms in {area}"],
    "details": ["Stakeholders asked for more openness in {area}."],
    "institutions": ["Government Secretariat"],
}
# A policy area's OGP values: which values commitments in it usually claim.
TOPIC_VALUES = {
    "access-to-information": {_ATI, _TECH},
    "anti-corruption-and-integrity": {_PA, _ATI},
    "open-contracting-and-procurement": {_ATI, _PA, _TECH},
    "fiscal-openness": {_ATI, _PA},
    "extractive-industries": {_ATI, _PA},
    "civic-space": {_CP},
    "human-rights": {_PA},
    "public-participation": {_CP},
    "digital-governance": {_TECH},
    "public-service-delivery": {_PA, _CP},
    "justice": {_PA, _ATI},
    "inclusion": {_CP},
    "legislation-regulation": {_CP, _ATI},
    "open-parliaments": {_ATI, _CP},
    "capacity-building": {_CP},
    "private-sector": {_ATI},
    "climate": {_ATI, _CP},
    "local-commitments": {_CP, _ATI},
}

VERBS = [
    "Establish",
    "Develop",
    "Strengthen",
    "Implement",
    "Create",
    "Expand",
    "Improve",
    "Institutionalise",
    "Promote",
    "Introduce",
]
PROBLEMS = [
    "Citizens in {place} say that information about {area} is scattered, outdated and hard to "
    "find.",
    "Civil society organisations have long asked for {obj}, but progress has been slow.",
    "A {year} survey found that fewer than half of residents trust how decisions on {area} are "
    "made.",
    "Oversight bodies lack timely data to detect irregularities in {area}.",
    "Rules on {area} are fragmented across several agencies and rarely enforced.",
    "Journalists and researchers struggle to obtain records on {area} without lengthy requests.",
]
STATUS_QUO = [
    "Currently, the {inst} publishes only partial information, mostly as PDF files.",
    "At present there is no legal duty to consult the public before such decisions are taken.",
    "A pilot launched in {year} covered only a few municipalities and was never evaluated.",
    "Data are collected by the {inst} but are not shared with the public or other agencies.",
    "Previous reforms were announced but lacked a budget and a clear timeline.",
]
OBJECTIVES = [
    "This commitment will {verb} {obj} so that citizens can follow and influence decisions.",
    "The goal is to {verb} {obj}, with clear responsibilities for the {inst}.",
    "Working with civil society, the {inst} will {verb} {obj} and report on progress every six "
    "months.",
]
AMBITIONS = [
    "If fully implemented, it would make {area} more transparent and accountable.",
    "Success will be measured by the number of people using the new tools and by independent "
    "monitoring.",
    "The reform is expected to reduce corruption risks and improve the quality of public services.",
    "It builds on lessons from the previous action plan and on international standards.",
    "Stakeholders expect it to strengthen trust between government and citizens.",
]
MILESTONES = [
    "Carry out a baseline assessment",
    "Draft the legal framework with stakeholders",
    "Hold public consultations with civil society",
    "Launch a pilot in selected {units}",
    "Train {n} public officials",
    "Publish the data in open formats",
    "Adopt the regulation",
    "Roll out the reform across all {units}",
    "Publish an independent evaluation and recommendations",
    "Publish the first progress report",
]
SUPPORTERS = [
    "Transparency International chapter",
    "Open Knowledge network",
    "Civil Society Open Government Forum",
    "University public policy centre",
    "Journalists' association",
    "National Youth Council",
    "Chamber of Commerce",
    "Women's rights coalition",
    "Association of Municipalities",
    "Data for Development lab",
    "Disability rights federation",
    "Budget watch coalition",
]
LEAD_AGENCIES_NATIONAL = [
    "Ministry of Public Administration",
    "Office of the Prime Minister",
    "Ministry of Justice",
    "Ministry of Finance",
    "Office of the President",
    "Ministry of Digital Affairs",
    "Ministry of the Interior",
    "Government Secretariat",
]
LEAD_AGENCIES_LOCAL = [
    "Mayor's Office",
    "City Council",
    "Governor's Office",
    "Department of Innovation",
    "Transparency Office",
]
FIRST_NAMES = [
    "Amina", "Carlos", "Sofia", "David", "Grace", "Mateo", "Nadia", "Oluwaseun", "Elena",
    "Tomas", "Priya", "Liam", "Fatima", "Jonas", "Mei", "Andrea", "Kwame", "Laura", "Ivan",
    "Ana", "Samuel", "Marta", "Hiroshi", "Leila", "Pedro", "Ingrid", "Nikola", "Zanele",
]  # fmt: skip
LAST_NAMES = [
    "Otieno", "Garcia", "Rossi", "Mensah", "Novak", "Silva", "Haddad", "Nguyen", "Kowalski",
    "Mendoza", "Okafor", "Jensen", "Petrova", "Santos", "Tanaka", "Dubois", "Khan", "Moreau",
    "Popescu", "Lopez", "Berg", "Ibrahim", "Costa", "Morales", "Fischer", "Banda", "Ortiz",
]  # fmt: skip
JOB_TITLES = [
    "OGP Point of Contact",
    "Open Government Coordinator",
    "Director of Transparency",
    "Policy Officer",
    "Head of Digital Government",
    "Senior Adviser",
]
POST_TITLES = [
    "{member} launches its new open government action plan",
    "How {member} is opening up {obj}",
    "Lessons from {member} on {area}",
    "{member} and civil society co-create reforms on {area}",
    "Open government champions: {member}",
    "What's next for {area} in {member}?",
]
# Third-party indicators per dimension slug: (indicator, source, scale min, scale max, link).
INDICATORS = {
    "anti-corruption": [
        ("Control of Corruption", "World Bank Worldwide Governance Indicators", -2.5, 2.5),
        ("Corruption Perceptions Index", "Transparency International", 0, 100),
    ],
    "civic-space": [
        ("Civic space rating", "CIVICUS Monitor", 1, 5),
        ("Freedom of Expression Index", "V-Dem Institute", 0, 1),
    ],
    "open-policy-making": [
        ("Consultation and transparency in rulemaking", "World Bank Regulatory Governance", 0, 5),
    ],
    "access-to-information": [
        ("Right to Information Rating", "Centre for Law and Democracy", 0, 150),
        ("Open Data Inventory", "Open Data Watch", 0, 100),
    ],
    "fiscal-openness": [
        ("Open Budget Index", "International Budget Partnership", 0, 100),
    ],
    "public-service-delivery": [
        ("E-Government Development Index", "UN DESA", 0, 1),
    ],
}
GENERIC_INDICATOR = ("Composite score", "Global Data Barometer", 0, 100)

# Weighted vocabularies of assessments: (code, weight).
SPECIFICITY = [("none", 4), ("low", 21), ("medium", 45), ("high", 30)]
IMPACT = [("none", 6), ("minor", 42), ("moderate", 38), ("transformative", 14)]
COMPLETION = [
    ("no_evidence", 3),
    ("not_started", 7),
    ("limited", 38),
    ("substantial", 33),
    ("complete", 17),
    ("withdrawn", 2),
]
EARLY_IF_COMPLETE = [
    ("worsened", 2),
    ("did_not_change", 26),
    ("marginal", 44),
    ("major", 23),
    ("outstanding", 5),
]
EARLY_IF_LIMITED = [("worsened", 2), ("did_not_change", 55), ("marginal", 40), ("major", 3)]
RESULTS_REFRESH = [("unclear", 20), ("modest", 55), ("substantial", 25)]
EARLY_REFRESH = [
    ("not_yet", 15),
    ("no_notable", 25),
    ("modest", 35),
    ("significant", 20),
    ("outstanding", 5),
]
LEVELS = [
    ("empower", 2),
    ("collaborate", 15),
    ("involve", 35),
    ("consult", 33),
    ("inform", 10),
    ("no_consultation", 5),
]


def _weighted(rng, pairs):
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights)[0]


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _alpha(number):
    """1 → "B", 2 → "C", …, 25 → "Z", 26 → "BA": a copy number written in capital letters."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(65 + digit) + letters
        if not number:
            return letters


class Prefixes:
    """Hands out unique commitment prefixes (2–8 capital letters)."""

    def __init__(self, taken=()):
        self.taken = set(taken)

    def claim(self, *candidates):
        for candidate in candidates:
            if 2 <= len(candidate) <= 8 and candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        base = candidates[0][:6]
        for number in range(1, 26 * 26):
            candidate = base + _alpha(number)
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        raise ValueError(f"No free commitment prefix for {candidates[0]}")


def _letters(text):
    return "".join(ch for ch in _ascii(text).upper() if "A" <= ch <= "Z")


# --- Writing --------------------------------------------------------------------------------


class Sink:
    """Writes lists of unsaved rows with bulk_create and counts them per model."""

    def __init__(self):
        self.counts = Counter()

    def write(self, model, rows):
        if rows:
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.label] += len(rows)
        return rows


def _raw_delete(queryset):
    # QuerySet.delete() would load every row and fire post_delete, on which simple_history
    # writes one history row per deleted record: minutes at 10×. These rows are demo data,
    # deleted leaf first, so plain DELETE statements are enough.
    return queryset._raw_delete(queryset.db)


def demo_members():
    """Members a load_demo run creates: Seoul, South Korea and the `.example` ones."""
    return Member.objects.filter(
        Q(slug__in=SEOUL_SET_SLUGS) | Q(lead_agency_url__contains=DEMO_URL_MARK)
    )


def demo_posts():
    return Post.objects.filter(
        Q(url__contains=DEMO_URL_MARK) | Q(slug=SEOUL_POST["slug"], date=SEOUL_POST["date"])
    )


def delete_demo_data():
    """Delete the demo set and everything under it, leaf tables first."""
    members = demo_members().values("pk")
    plans = ActionPlan.objects.filter(member__in=members).values("pk")
    commitments = Commitment.objects.filter(action_plan__in=plans).values("pk")
    # A local member staff added under a demo national member keeps its record, unlinked.
    Member.objects.filter(parent__in=members).exclude(pk__in=members).update(parent=None)
    _raw_delete(Milestone.objects.filter(commitment__in=commitments))
    _raw_delete(CommitmentAssessment.objects.filter(commitment__in=commitments))
    _raw_delete(Commitment.policy_areas.through.objects.filter(commitment__in=commitments))
    _raw_delete(ParticipationAssessment.objects.filter(action_plan__in=plans))
    _raw_delete(IrmReport.objects.filter(action_plan__in=plans))
    _raw_delete(Commitment.objects.filter(pk__in=commitments))
    _raw_delete(ActionPlan.objects.filter(pk__in=plans))
    _raw_delete(ThirdPartyScore.objects.filter(member__in=members))
    _raw_delete(Contact.objects.filter(member__in=members))
    _raw_delete(Resource.objects.filter(member__in=members))
    posts = demo_posts().values("pk")
    _raw_delete(Post.members.through.objects.filter(Q(post__in=posts) | Q(member__in=members)))
    _raw_delete(Post.objects.filter(pk__in=posts))
    _raw_delete(Member.objects.filter(pk__in=members))


# --- Reference data -------------------------------------------------------------------------


@dataclass
class Reference:
    regions: dict
    areas: list
    area_by_slug: dict
    topic_of: dict  # policy area pk -> top-level slug
    resource_types: dict
    dimensions: list

    @classmethod
    def load(cls):
        areas = list(PolicyArea.objects.order_by("pk"))
        regions = {region.slug: region for region in Region.objects.all()}
        if not areas or not set(REGIONS.values()) <= set(regions):
            raise LookupError("The regions or policy areas are missing: run `manage.py migrate`.")
        by_pk = {area.pk: area for area in areas}

        def top(area):
            seen = set()
            while area.parent_id and area.parent_id in by_pk and area.pk not in seen:
                seen.add(area.pk)
                area = by_pk[area.parent_id]
            return area.slug

        return cls(
            regions={key: regions[slug] for key, slug in REGIONS.items()},
            areas=areas,
            area_by_slug={area.slug: area for area in areas},
            topic_of={area.pk: top(area) for area in areas},
            resource_types={rt.slug: rt for rt in ResourceType.objects.all()},
            dimensions=list(GlobalReportDimension.objects.order_by("position", "pk")),
        )

    def topic(self, area):
        return TOPICS.get(self.topic_of[area.pk], GENERIC_TOPIC)

    def resource_type(self, slug):
        if slug not in self.resource_types:
            name = {"irm-report": "IRM Report", "report-comments": "Report Comments"}.get(
                slug, slug.replace("-", " ").title()
            )
            self.resource_types[slug], _ = ResourceType.objects.get_or_create(
                slug=slug, defaults={"name": name}
            )
        return self.resource_types[slug]


# --- Seoul ----------------------------------------------------------------------------------


def load_seoul(ref, sink):
    """South Korea and Seoul, Seoul's contact, resources, plans, IRM review and post."""
    asia = ref.regions["ap"]
    korea = Member(region=asia, published=True, **SOUTH_KOREA)
    sink.write(Member, [korea])
    seoul = Member(region=asia, parent=korea, published=True, **SEOUL)
    sink.write(Member, [seoul])
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
            )
            for title, teaser, year, type_slug, fmt, url in SEOUL_RESOURCES
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
            links += [_link(commitment, area) for area in areas]
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
        set_findings(commitment, [row for row in rows if row.commitment is commitment])
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


def set_findings(commitment, assessments):
    """Set a new commitment's effective IRM values from its (unsaved) assessments.

    The same functions as irm.services.refresh_findings(), applied before the row is written:
    that service updates rows one batch at a time with bulk_update, which costs about 10 ms
    per commitment here (minutes at scale 10). `assessments` are in report order.
    """
    plan = commitment.action_plan
    covered = plan.irm_coverage == ActionPlan.IrmCoverage.COVERED
    rows = [
        {
            "report__year": row.report.year,
            "report__type": row.report.type,
            **{name: getattr(row, name) for name in ASSESSMENT_VALUE_FIELDS},
        }
        for row in assessments
    ]
    apply_findings(commitment, findings_for("pending" if covered else "no_data", rows))


def _link(commitment, area):
    return Commitment.policy_areas.through(commitment=commitment, policyarea=area)


# --- The synthetic partnership --------------------------------------------------------------


@dataclass
class Place:
    """A member to generate, before it is a row."""

    name: str
    code: str
    region: str
    since: int
    kind: str
    country: str = ""  # the national member's name for a local
    copy: int = 0


def choose_members(rng, scale):
    """The nationals and locals of this scale: seeded samples of the pools, or numbered copies."""
    national_count = max(1, round(len(NATIONALS) * scale))
    local_count = max(1, round(LOCALS_AT_SCALE_1 * scale))
    nationals = []
    for index in _pick(rng, len(NATIONALS), national_count):
        copy, base = divmod(index, len(NATIONALS))
        name, code, region, since = NATIONALS[base]
        label = name if not copy else f"{name} {copy + 1}"
        nationals.append(Place(label, code, region, since, Member.Kind.NATIONAL, copy=copy))
    locals_ = []
    for index in _pick(rng, len(LOCALS), local_count):
        copy, base = divmod(index, len(LOCALS))
        city, country, code, region = LOCALS[base]
        since = _weighted(rng, [(2016, 10), (2020, 35), (2021, 15), (2022, 20), (2024, 20)])
        label = f"{city}, {country}" if not copy else f"{city} {copy + 1}, {country}"
        country_label = country if not copy else f"{country} {copy + 1}"
        locals_.append(
            Place(label, code, region, since, Member.Kind.LOCAL, country=country_label, copy=copy)
        )
    return nationals, locals_


def _pick(rng, pool_size, count):
    """`count` indexes: whole pools as many times as they fit, then a seeded sample, in order."""
    whole, rest = divmod(count, pool_size)
    indexes = list(range(whole * pool_size))
    indexes += [whole * pool_size + i for i in sorted(rng.sample(range(pool_size), rest))]
    return indexes


@dataclass
class Truth:
    """What the generator decided about one commitment before writing its assessments."""

    completion: str = ""


class Generator:
    def __init__(self, ref, sink, rng, log):
        self.ref, self.sink, self.rng, self.log = ref, sink, rng, log
        self.slugs = set(Member.objects.values_list("slug", flat=True))
        self.names = set(Member.objects.values_list("name", flat=True))
        self.prefixes = Prefixes(Member.objects.values_list("commitment_prefix", flat=True))
        self.nationals_by_code = {}

    # Members -----------------------------------------------------------------------------

    def members(self, nationals, locals_, korea):
        rng = self.rng
        self.nationals_by_code[("KR", 0)] = korea
        rows = []
        for place in nationals:
            prefix = self.prefixes.claim(
                place.code if not place.copy else place.code + _alpha(place.copy)
            )
            member = self._member(place, prefix, parent=None)
            self.nationals_by_code[(place.code, place.copy)] = member
            rows.append(member)
        self.sink.write(Member, rows)
        local_rows = []
        for place in locals_:
            city = _letters(place.name.split(",")[0])
            prefix = self.prefixes.claim(
                city[:3], place.code + city[:2], city[:4], place.code + city[:3]
            )
            parent = self.nationals_by_code.get((place.code, place.copy))
            if parent is None and place.copy:
                parent = self.nationals_by_code.get((place.code, 0))
            local_rows.append(self._member(place, prefix, parent=parent))
        self.sink.write(Member, local_rows)
        members = rows + local_rows
        # A few members are drafts (unpublished): at least one, to prove they stay hidden.
        hidden = [m for m in members if rng.random() < 0.02] or [rng.choice(members)]
        for member in hidden:
            member.published = False
        Member.objects.bulk_update(hidden, ["published"])
        return [korea, *members]

    def _member(self, place, prefix, parent):
        rng = self.rng
        slug = slugify(place.name)
        while slug in self.slugs:
            slug += "-x"
        self.slugs.add(slug)
        national = place.kind == Member.Kind.NATIONAL
        agencies = LEAD_AGENCIES_NATIONAL if national else LEAD_AGENCIES_LOCAL
        return Member(
            name=place.name,
            slug=slug,
            kind=place.kind,
            country_code=place.code,
            parent=parent,
            region=self.ref.regions[place.region],
            member_since=place.since,
            status=_weighted(
                rng,
                [("active", 92), ("inactive", 4), ("under_review", 3), ("contrary_to_process", 1)],
            ),
            lead_agency=rng.choice(agencies),
            lead_agency_url=f"https://www.{slug}.gov.example/",
            commitment_prefix=prefix,
            published=True,
        )

    # Plans and everything under them -------------------------------------------------------

    def plan_years(self, member):
        """(start, end, start month) of each plan of a member, oldest first."""
        rng = self.rng
        years = []
        if member.kind == Member.Kind.NATIONAL:
            start = member.member_since + rng.choice([0, 1, 1])
            while start <= LAST_PLAN_START:
                length = _weighted(rng, [(2, 80), (3, 5), (4, 15 if start >= 2020 else 0)])
                years.append((start, start + length, rng.choice([None, 1, 7, 9, 12])))
                start += length + (1 if rng.random() < 0.1 else 0)
        else:
            start = member.member_since + 1
            while start <= LAST_PLAN_START and len(years) < 3:
                length = 1 if start == 2017 else rng.choice([2, 2, 3])
                years.append((start, start + length, rng.choice([None, 1, 12])))
                start += length + rng.choice([0, 0, 1])
                if rng.random() < 0.45:
                    break
        return years

    def chunk(self, members):
        """Plans, reports, commitments, milestones, assessments… of some members."""
        rng = self.rng
        plans, reports, commitments, links, milestones = [], [], [], [], []
        assessments, participation, resources, contacts, scores = [], [], [], [], []
        for member in members:
            place = member.name.split(",")[0] if member.kind == Member.Kind.LOCAL else member.name
            contacts += self.contacts(member)
            scores += self.scores(member)
            sequence = 0
            member_plans = []
            for number, (start, end, month) in enumerate(self.plan_years(member), 1):
                themes = rng.sample(self.ref.areas, rng.randint(3, 5))
                plan = ActionPlan(
                    member=member,
                    number=number,
                    title=f"{place} Action Plan {start}-{end}",
                    start_year=start,
                    start_month=month,
                    end_year=end,
                    end_month=month,
                    submission_year=start if month != 1 else start - 1,
                    summary=self.summary(themes),
                    document_url=f"{DEMO_SITE}/documents/{member.slug}-action-plan-{start}-{end}/",
                    irm_coverage=(
                        ActionPlan.IrmCoverage.NOT_COVERED
                        if rng.random() < 0.06
                        else ActionPlan.IrmCoverage.COVERED
                    ),
                    published=rng.random() > 0.015,
                )
                plan.submission_year = max(plan.submission_year, 2011)
                plans.append(plan)
                member_plans.append((plan, themes))
                plan_reports = self.reports(member, plan, place)
                reports += plan_reports
                resources += self.plan_resources(member, plan, plan_reports)
                size = (
                    rng.randint(5, 20)
                    if member.kind == Member.Kind.NATIONAL
                    else (rng.randint(3, 7))
                )
                for position in range(1, size + 1):
                    sequence += 1
                    commitment, truth = self.commitment(
                        member, plan, themes, place, sequence, position
                    )
                    commitments.append(commitment)
                    links += [_link(commitment, area) for area in commitment._areas]
                    found = self.assess(commitment, plan_reports, truth)
                    set_findings(commitment, found)
                    assessments += found
                    milestones += self.milestones(commitment, truth, member)
                if plan_reports:
                    participation.append(self.participation(plan, plan_reports))
            if member_plans:
                current, themes = member_plans[-1]
                member.summary = current.summary
                member.policy_area_focus = (
                    ", ".join(area.name for area in themes[:3]) if rng.random() < 0.75 else ""
                )
        sink = self.sink
        sink.write(ActionPlan, plans)
        sink.write(IrmReport, reports)
        sink.write(Commitment, commitments)
        sink.write(Commitment.policy_areas.through, links)
        sink.write(Milestone, milestones)
        sink.write(CommitmentAssessment, assessments)
        sink.write(ParticipationAssessment, participation)
        sink.write(Resource, resources)
        sink.write(Contact, contacts)
        sink.write(ThirdPartyScore, scores)
        Member.objects.bulk_update(members, ["summary", "policy_area_focus"], batch_size=500)
        return commitments

    def summary(self, themes):
        names = [area.name.lower() for area in themes]
        return (
            "This action plan features commitments related to "
            f"{', '.join(names[:-1])} and {names[-1]}."
        )

    def reports(self, member, plan, place):
        """The IRM reports of a plan, by era; none when not covered or not yet due."""
        if plan.irm_coverage == ActionPlan.IrmCoverage.NOT_COVERED:
            return []
        start, end = plan.start_year, plan.end_year
        if member.kind == Member.Kind.LOCAL:
            kinds = [(IrmReport.Type.LOCAL_REVIEW, end + 1)]
        elif start <= 2016:
            kinds = [(IrmReport.Type.PROGRESS, start + 1), (IrmReport.Type.END_OF_TERM, end + 1)]
        elif start <= 2019:
            results = (
                IrmReport.Type.IMPLEMENTATION
                if start <= 2018
                else IrmReport.Type.TRANSITIONAL_RESULTS
            )
            kinds = [(IrmReport.Type.DESIGN, start + 1), (results, end + 1)]
        else:
            kinds = [
                (IrmReport.Type.ACTION_PLAN_REVIEW, start + 1),
                (IrmReport.Type.RESULTS, end + 1),
            ]
        rows = []
        for kind, year in kinds:
            if year > LAST_REPORT_YEAR:
                break
            label = IrmReport.Type(kind).label.split(" (")[0]
            rows.append(
                IrmReport(
                    action_plan=plan,
                    type=kind,
                    stage=IrmReport.Stage.FINAL,
                    title=f"{place} {label} {start}-{end}",
                    year=year,
                    url=f"{DEMO_SITE}/documents/{member.slug}-{slugify(label)}-{start}-{end}/",
                )
            )
        return rows

    def plan_resources(self, member, plan, reports):
        rng = self.rng
        rows = [
            Resource(
                member=member,
                title=plan.title,
                year=plan.submission_year,
                type=self.ref.resource_type("action-plan"),
                format=_weighted(rng, [(Resource.Format.PDF, 70), (Resource.Format.WEB_PAGE, 30)]),
                url=plan.document_url,
            )
        ]
        rows += [
            Resource(
                member=member,
                title=report.title,
                year=report.year,
                type=self.ref.resource_type("irm-report"),
                format=Resource.Format.PDF,
                url=report.url,
            )
            for report in reports
        ]
        if plan.end_year <= LAST_REPORT_YEAR and rng.random() < 0.3:
            rows.append(
                Resource(
                    member=member,
                    title=f"{plan.title} Self-Assessment Report",
                    year=plan.end_year,
                    type=self.ref.resource_type("self-assessment"),
                    format=Resource.Format.PDF,
                    url=f"{plan.document_url}self-assessment/",
                )
            )
        return rows

    def commitment(self, member, plan, themes, place, sequence, position):
        rng = self.rng
        primary = rng.choice(themes) if rng.random() < 0.8 else rng.choice(self.ref.areas)
        areas = [primary]
        for _ in range(_weighted(rng, [(0, 25), (1, 35), (2, 25), (3, 15)])):
            extra = rng.choice(themes + self.ref.areas[:8])
            if extra not in areas:
                areas.append(extra)
        if member.kind == Member.Kind.LOCAL and rng.random() < 0.2:
            local = self.ref.area_by_slug.get("local-commitments")
            if local and local not in areas:
                areas.append(local)
        topic = self.ref.topic(primary)
        area_name = primary.name.lower()
        obj = rng.choice(topic["objects"]).format(area=area_name)
        verb = rng.choice(VERBS)
        inst = rng.choice(topic["institutions"])
        words = {
            "obj": obj,
            "area": area_name,
            "place": place,
            "inst": inst,
            "year": plan.start_year - rng.randint(1, 4),
            "verb": verb.lower(),
        }
        sentences = [
            rng.choice(PROBLEMS),
            rng.choice(topic["details"]),
            rng.choice(STATUS_QUO),
            rng.choice(OBJECTIVES),
            rng.choice(AMBITIONS),
        ]
        if rng.random() < 0.5:
            sentences.pop(2)
        title = f"{verb} {obj}"
        if rng.random() < 0.25:
            title += f" in {place}"
        values = set(TOPIC_VALUES.get(self.ref.topic_of[primary.pk], {_CP}))
        for value in (_ATI, _CP, _PA, _TECH):
            if rng.random() < 0.15:
                values ^= {value}
        start = date(plan.start_year, plan.start_month or rng.randint(1, 6), 1)
        end = date(plan.end_year, plan.end_month or rng.randint(6, 12), rng.randint(1, 28))
        commitment = Commitment(
            identifier=f"{member.commitment_prefix}{sequence:04d}",
            action_plan=plan,
            number=position,
            title=title[:500],
            short_title=obj[:1].upper() + obj[1:200],
            description=" ".join(s.format(**words) for s in sentences),
            lead_institution=inst,
            supporting_institutions=", ".join(rng.sample(SUPPORTERS, rng.randint(0, 3))),
            start_date=start,
            end_date=max(end, start),
            status=_weighted(rng, [("active", 96), ("inactive", 4)]),
            primary_policy_area=primary,
            published=rng.random() > 0.01,
            **{f"claims_{value}": True for value in values},
        )
        commitment._areas = areas
        return commitment, Truth()

    def assess(self, commitment, reports, truth):
        """One assessment per report of the plan, with the fields of the report's era."""
        rng = self.rng
        if not reports or rng.random() < 0.02:
            return []  # a commitment the IRM has not assessed (yet): pending
        if reports[0].era == "2021":
            return self._assess_refresh(commitment, reports, truth)
        return self._assess_original(commitment, reports, truth)

    def _assess_original(self, commitment, reports, truth):
        rng = self.rng
        design_year = reports[0].year
        starred = rng.random() < STAR_RATE
        specificity = rng.choice(["medium", "high"]) if starred else _weighted(rng, SPECIFICITY)
        relevance = {
            "relevant_access_to_information": commitment.claims_access_to_information,
            "relevant_civic_participation": commitment.claims_civic_participation,
            "relevant_public_accountability": commitment.claims_public_accountability,
            "relevant_technology": commitment.claims_technology,
        }
        for name in relevance:
            if rng.random() < 0.12:
                relevance[name] = not relevance[name]
        core = [k for k in relevance if k != "relevant_technology"]
        if starred and not any(relevance[k] for k in core):
            relevance[rng.choice(core)] = True
        impact = "transformative" if starred else _weighted(rng, IMPACT)
        completion = (
            rng.choice(["substantial", "complete"]) if starred else _weighted(rng, COMPLETION)
        )
        if not starred and _would_star(specificity, relevance, impact, completion, design_year):
            completion = "limited"  # keep the share of stars where the generator put it
        truth.completion = completion
        design = {"specificity": specificity, **relevance, "potential_impact": impact}
        results = {"completion": completion, "early_results": _early(rng, completion)}
        if len(reports) == 1:  # a local review says everything at once
            return [
                CommitmentAssessment(commitment=commitment, report=reports[0], **design, **results)
            ]
        midterm = _lower_completion(rng, completion)
        rows = [
            CommitmentAssessment(
                commitment=commitment,
                report=reports[0],
                **design,
                **({"completion": midterm} if reports[0].type == "progress" else {}),
            )
        ]
        rows += [
            CommitmentAssessment(commitment=commitment, report=r, **results) for r in reports[1:]
        ]
        return rows

    def _assess_refresh(self, commitment, reports, truth):
        rng = self.rng
        verifiable = rng.random() < 0.9
        lens = (rng.random() < 0.88) if verifiable else None
        results = _weighted(rng, RESULTS_REFRESH) if lens else ""
        review = {"verifiable": verifiable, "open_government_lens": lens}
        if results:
            review["potential_results"] = results
            review["promising"] = results == "substantial" or (
                results == "modest" and rng.random() < 0.3
            )
        completion = _weighted(rng, COMPLETION)
        truth.completion = completion
        outcome = {"completion": completion, "early_results_refresh": _weighted(rng, EARLY_REFRESH)}
        if completion in {"not_started", "no_evidence", "withdrawn"}:
            outcome["early_results_refresh"] = "not_yet"
        if reports[0].type == IrmReport.Type.LOCAL_REVIEW:
            review.pop("promising", None)
            return [
                CommitmentAssessment(commitment=commitment, report=reports[0], **review, **outcome)
            ]
        rows = [CommitmentAssessment(commitment=commitment, report=reports[0], **review)]
        rows += [
            CommitmentAssessment(commitment=commitment, report=r, **outcome) for r in reports[1:]
        ]
        return rows

    def milestones(self, commitment, truth, member):
        rng = self.rng
        count = rng.randint(2, 5)
        units = "municipalities" if member.kind == Member.Kind.NATIONAL else "neighbourhoods"
        titles = rng.sample(MILESTONES, count)
        span = (commitment.end_date - commitment.start_date).days
        done = {
            "complete": count,
            "substantial": count - 1,
            "limited": 1,
            "not_started": 0,
            "withdrawn": 0,
            "no_evidence": 0,
        }.get(truth.completion, rng.randint(0, count - 1))
        rows = []
        for position, template in enumerate(titles, 1):
            first = commitment.start_date.toordinal() + span * (position - 1) // count
            last = commitment.start_date.toordinal() + span * position // count
            if truth.completion == "no_evidence":
                state = Milestone.Completion.NO_EVIDENCE
            elif position <= done:
                state = Milestone.Completion.COMPLETE
            elif position == done + 1 and truth.completion != "not_started":
                state = Milestone.Completion.IN_PROGRESS
            else:
                state = Milestone.Completion.NOT_STARTED
            rows.append(
                Milestone(
                    commitment=commitment,
                    position=position,
                    title=template.format(units=units, n=rng.choice([50, 100, 200, 500])),
                    start_date=date.fromordinal(first),
                    end_date=date.fromordinal(last),
                    completion=state,
                )
            )
        return rows

    def participation(self, plan, reports):
        rng = self.rng
        development = _weighted(rng, LEVELS)
        has_results = any(
            r.type in IrmReport.RESULTS_TYPES or r.type == "local_review" for r in reports
        )
        forum = rng.random() < 0.75
        standards = {}
        if plan.start_year >= 2022:
            standards = {
                name: rng.random() < 0.7
                for name in (
                    "standard_forum",
                    "standard_repository",
                    "standard_inclusive",
                    "standard_reasoned_response",
                    "standard_implementation",
                )
            }
        return ParticipationAssessment(
            action_plan=plan,
            report=reports[0],
            development_level=development,
            implementation_level=_weighted(rng, LEVELS) if has_results else "",
            development_open=rng.random() < 0.8,
            implementation_open=(rng.random() < 0.75) if has_results else None,
            forum_existed=forum,
            forum_met_regularly=(rng.random() < 0.7) if forum else None,
            acted_contrary_to_process=development in {"inform", "no_consultation"}
            and rng.random() < 0.6,
            **standards,
        )

    def contacts(self, member):
        rng = self.rng
        domain = f"{member.slug}.gov.example"
        rows = []
        for position in range(1, rng.randint(1, 2) + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                Contact(
                    member=member,
                    name=f"{first} {last}",
                    job_title=rng.choice(JOB_TITLES),
                    organisation=member.lead_agency,
                    email=f"{first}.{last}@{domain}".lower(),
                    email_published=rng.random() < 0.7,
                    position=position,
                )
            )
        return rows

    def scores(self, member):
        """Third-party scores of a member in each dimension, around one governance level."""
        rng = self.rng
        level = rng.random()
        rows = []
        for dimension in self.ref.dimensions:
            indicators = INDICATORS.get(dimension.slug, [GENERIC_INDICATOR])
            for indicator, source, low, high in indicators:
                share = min(1.0, max(0.0, level + rng.uniform(-0.15, 0.15)))
                rows.append(
                    ThirdPartyScore(
                        member=member,
                        dimension=dimension,
                        indicator=indicator,
                        source=source,
                        value=Decimal(f"{low + (high - low) * share:.2f}"),
                        scale_min=Decimal(str(low)),
                        scale_max=Decimal(str(high)),
                        year=rng.choice([2017, 2018, 2019]),
                        url=f"{DEMO_SITE}/data/{slugify(source)}/",
                    )
                )
        return rows

    def posts(self, members, count):
        rng = self.rng
        published = [m for m in members if m.published and m.slug not in SEOUL_SET_SLUGS]
        posts, tags, seen = [], [], set()
        for _ in range(count):
            tagged = rng.sample(published, min(len(published), rng.randint(1, 3)))
            area = rng.choice(self.ref.areas)
            topic = self.ref.topic(area)
            words = {
                "member": tagged[0].name,
                "obj": rng.choice(topic["objects"]).format(area=area.name.lower()),
                "area": area.name.lower(),
                "place": tagged[0].name,
                "inst": rng.choice(topic["institutions"]),
                "year": 2020,
            }
            title = rng.choice(POST_TITLES).format(**words)
            when = date.fromordinal(
                rng.randint(date(2012, 1, 1).toordinal(), date(2025, 12, 31).toordinal())
            )
            slug = slugify(title)[:280]
            while (when, slug) in seen:
                slug += "-2"
            seen.add((when, slug))
            post = Post(
                title=title[0].upper() + title[1:],
                slug=slug,
                date=when,
                excerpt=" ".join(
                    s.format(**words) for s in (rng.choice(PROBLEMS), rng.choice(AMBITIONS))
                ),
                url=f"{DEMO_SITE}/stories/{slug}/",
                published=rng.random() > 0.05,
            )
            posts.append(post)
            tags += [Post.members.through(post=post, member=m) for m in tagged]
        self.sink.write(Post, posts)
        self.sink.write(Post.members.through, tags)


def hide_one_at_least(rng, seoul):
    """Make sure the demo has an unpublished action plan and commitment of a published member,
    so that every public page can be seen to hide them (small scales may draw none)."""
    visible = ~Q(member=seoul) & Q(member__published=True) & Q(member__in=demo_members())
    if not ActionPlan.objects.filter(visible, published=False).exists():
        plans = list(ActionPlan.objects.filter(visible).order_by("pk").values_list("pk", flat=True))
        ActionPlan.objects.filter(pk=rng.choice(plans)).update(published=False)
    commitments = Commitment.objects.filter(
        action_plan__published=True, action_plan__in=ActionPlan.objects.filter(visible)
    )
    if not commitments.filter(published=False).exists():
        ids = list(commitments.order_by("pk").values_list("pk", flat=True))
        Commitment.objects.filter(pk=rng.choice(ids)).update(published=False)


def _would_star(specificity, relevance, impact, completion, year):
    impacts = {"moderate", "transformative"} if year < 2015 else {"transformative"}
    return (
        specificity in {"medium", "high"}
        and any(
            relevance[k]
            for k in (
                "relevant_access_to_information",
                "relevant_civic_participation",
                "relevant_public_accountability",
            )
        )
        and impact in impacts
        and completion in {"substantial", "complete"}
    )


def _early(rng, completion):
    if completion in {"substantial", "complete"}:
        return _weighted(rng, EARLY_IF_COMPLETE)
    if completion == "limited":
        return _weighted(rng, EARLY_IF_LIMITED)
    if completion == "not_started":
        return "did_not_change"
    return ""  # withdrawn or no evidence: the report could not say


def _lower_completion(rng, completion):
    order = ["not_started", "limited", "substantial", "complete"]
    if completion not in order:
        return completion
    return order[rng.randint(0, order.index(completion))]


# --- Entry points ---------------------------------------------------------------------------


def load_demo(*, scale=1.0, seed=DEFAULT_SEED, refresh=False, log=print):
    """Replace the demo set (see the module docstring). Returns the row counts written."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    began = time.perf_counter()

    def say(message):
        log(f"[{time.perf_counter() - began:6.1f}s] {message}")

    rng = random.Random(seed)
    sink = Sink()
    with transaction.atomic():
        delete_demo_data()
        say("deleted the previous demo data")
        ref = Reference.load()
        korea, seoul = load_seoul(ref, sink)
        say("Seoul, South Korea: 2 action plans, 8 commitments, 7 resources, 1 post")
        generator = Generator(ref, sink, rng, say)
        nationals, locals_ = choose_members(rng, scale)
        members = generator.members(nationals, locals_, korea)
        sink.write(ThirdPartyScore, generator.scores(seoul))
        say(f"members: {len(nationals) + 1} national, {len(locals_) + 1} local")
        written = 0
        for first in range(0, len(members), MEMBERS_PER_CHUNK):
            chunk = members[first : first + MEMBERS_PER_CHUNK]
            written += len(generator.chunk(chunk))
            reset_queries()  # with DEBUG on, the logged INSERTs would otherwise pile up
            say(
                f"members {first + len(chunk)}/{len(members)}: "
                f"{sink.counts['commitments.ActionPlan']} action plans, {written} commitments, "
                f"{sink.counts['commitments.Milestone']} milestones, "
                f"{sink.counts['irm.CommitmentAssessment']} assessments"
            )
        generator.posts(members, max(1, round(80 * scale)))
        hide_one_at_least(rng, seoul)
        say(f"posts: {sink.counts['members.Post']}")
        if refresh:  # the values are already set (set_findings); this only checks the service
            refreshed = refresh_all_findings()
            say(f"effective IRM values refreshed for {refreshed} commitments")
    counts = dict(sink.counts)
    counts["seconds"] = round(time.perf_counter() - began, 1)
    return counts


DEMO_USERS = [
    # (username, superuser, group)
    ("admin", True, None),
    ("editor", False, "Editors"),
    ("researcher", False, "IRM researchers"),
]


def reset_demo_users(password=None):
    """Create or reset the demo staff logins; returns (password, usernames)."""
    password = password or secrets.token_urlsafe(9)
    User = get_user_model()
    with transaction.atomic():
        for username, superuser, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.email = f"{username}@ogp.example"
            user.is_active = True
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.set([group])
            else:
                user.groups.clear()
    return password, [username for username, _, _ in DEMO_USERS]
