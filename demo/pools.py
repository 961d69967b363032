"""The pools the synthetic partnership is drawn from: places, words, weights."""

# OGP values, as the commitments' claims_* fields name them.
ATI = "access_to_information"
CP = "civic_participation"
PA = "public_accountability"
TECH = "technology"


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
    "access-to-information": {ATI, TECH},
    "anti-corruption-and-integrity": {PA, ATI},
    "open-contracting-and-procurement": {ATI, PA, TECH},
    "fiscal-openness": {ATI, PA},
    "extractive-industries": {ATI, PA},
    "civic-space": {CP},
    "human-rights": {PA},
    "public-participation": {CP},
    "digital-governance": {TECH},
    "public-service-delivery": {PA, CP},
    "justice": {PA, ATI},
    "inclusion": {CP},
    "legislation-regulation": {CP, ATI},
    "open-parliaments": {ATI, CP},
    "capacity-building": {CP},
    "private-sector": {ATI},
    "climate": {ATI, CP},
    "local-commitments": {CP, ATI},
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
