"""The published columns: every resource, its columns, their types, meaning and sources.

Each column is declared once here, with its name, Table Schema type, description, where its
value is read from (a `.values()` path, and a function that cleans the value) and, for a code,
its vocabulary. The bulk build (opendata.build) reads and writes the resources from it, the
Frictionless `datapackage.json` describes them from it, the API (api.serializers) takes its
field names from it, and the explorer's exports (commitments.exports.COLUMNS, described at
/data/dictionary/) show the commitments' columns with a few of their own. Values are the
API's: the same codes, and references by the same public identifiers (member slug, plan number,
commitment identifier, policy area slug, report id). How a column is declared (`Column`,
`Resource` and their helpers) is `opendata.schema`.
"""

from commitments.models import (
    ActionPlan,
    Commitment,
    Completion,
    DesignReason,
    EarlyResults,
    EarlyResultsRefresh,
    Focus,
    IrmState,
    Milestone,
    PolicyArea,
    PotentialImpact,
    PotentialResults,
    Specificity,
    split_lines,
)
from irm.methods import Method
from irm.models import PUBLISHED_FIGURES, IrmReport, ParticipationAssessment, PublishedFigures
from members.models import Member, Region, split_focus
from opendata.schema import (
    LIST_DELIMITER,
    Column,
    Resource,
    code,
    codes,
    rich_text,
    with_translations,
    yes_no,
)

# The figures a report prints at a glance (irm.models.PublishedFigures), with their labels.
PRINTED_FIGURES = [
    (name, str(PublishedFigures._meta.get_field(name).verbose_name)) for name in PUBLISHED_FIGURES
]


MEMBER_REF = Column(
    "member",
    "string",
    "The member's slug (see members).",
    source="action_plan__member__slug",
    required=True,
)
PLAN_NUMBER = Column(
    "action_plan_number",
    "integer",
    "The number of the member's action plan (see action-plans: member + number).",
    source="action_plan__number",
    required=True,
)

COMMITMENT_REF = Column(
    "commitment",
    "string",
    "Identifier of the commitment.",
    source="commitment__identifier",
    required=True,
)
UPDATED_AT = Column("updated_at", "datetime", "When the record last changed (UTC).", required=True)

PLAN_KEY = (["member", "action_plan_number"], "action-plans", ["member", "number"])

REGIONS = Resource(
    "regions",
    "Regions",
    "OGP's four regions.",
    with_translations(
        Region,
        [
            Column("slug", "string", "Identifier of the region.", required=True),
            Column("name", "string", "Name of the region.", required=True),
            Column("position", "integer", "Order of the region in lists.", required=True),
        ],
    ),
    ["slug"],
)

POLICY_AREAS = Resource(
    "policy-areas",
    "Policy areas",
    "The policy areas OGP tags commitments with; an area may sit under a parent area.",
    with_translations(
        PolicyArea,
        [
            Column("slug", "string", "Identifier of the policy area.", required=True),
            Column("name", "string", "Current name.", required=True),
            Column("parent", "string", "Slug of the parent area, if any.", source="parent__slug"),
            Column("description", "string", "What the area covers."),
            Column(
                "aliases",
                "list",
                f"Earlier or other names of the area, separated by '{LIST_DELIMITER}'.",
                computed=True,
            ),
        ],
    ),
    ["slug"],
    [(["parent"], "policy-areas", ["slug"])],
)

MEMBERS = Resource(
    "members",
    "Members",
    "National and local governments that are members of OGP (published ones only).",
    with_translations(
        Member,
        [
            Column("slug", "string", "Identifier of the member (used in URLs).", required=True),
            Column("name", "string", 'Name; a local member is "City, Country".', required=True),
            code("kind", Member.Kind, "National or local government.", required=True),
            Column("country_code", "string", "ISO 3166-1 alpha-2 country code.", required=True),
            Column(
                "region",
                "string",
                "Slug of the member's region.",
                source="region__slug",
                required=True,
            ),
            Column(
                "parent",
                "string",
                "For a local member: slug of its country's national member.",
                source="parent__slug",
            ),
            Column("member_since", "integer", "Year the member joined OGP; empty: not recorded."),
            code("status", Member.Status, "Membership status.", required=True),
            rich_text("summary", "About the member's current action plan."),
            Column(
                "policy_area_focus",
                "list",
                "The member's own statement of policy focus (not necessarily OGP policy areas), "
                f"separated by '{LIST_DELIMITER}'.",
                clean=split_focus,
            ),
            Column("lead_agency", "string", "Lead ministry or agency."),
            Column("lead_agency_url", "string", "Website of the lead agency."),
            Column(
                "commitment_prefixes",
                "list",
                "The prefixes of the member's commitment identifiers (the capitals before the "
                "four digits; a member that changed scheme has several), separated by "
                f"'{LIST_DELIMITER}'.",
                computed=True,
            ),
            UPDATED_AT,
        ],
    ),
    ["slug"],
    [(["region"], "regions", ["slug"]), (["parent"], "members", ["slug"])],
)

ACTION_PLANS = Resource(
    "action-plans",
    "Action plans",
    "The published action plans of published members; a plan is named by member + number.",
    with_translations(
        ActionPlan,
        [
            Column("member", "string", "Slug of the member.", source="member__slug", required=True),
            Column("number", "integer", "Ordinal number of the plan (1 = first).", required=True),
            Column("title", "string", "Title of the plan.", required=True),
            Column("start_year", "integer", "Year the plan starts.", required=True),
            Column("start_month", "integer", "Month the plan starts (1-12), if known."),
            Column("end_year", "integer", "Year the plan ends.", required=True),
            Column("end_month", "integer", "Month the plan ends (1-12), if known."),
            Column("submission_year", "integer", "Year of submission (the cycle).", required=True),
            Column(
                "submission_date",
                "date",
                "Day the plan was submitted, if known (its year is submission_year).",
            ),
            Column(
                "lead_institutions",
                "list",
                f"The institutions that lead the plan, separated by '{LIST_DELIMITER}'.",
                clean=split_lines,
            ),
            rich_text("summary", "Summary of the plan."),
            Column("document_url", "string", "Link to the plan's document."),
            code(
                "irm_coverage",
                ActionPlan.IrmCoverage,
                "Whether the IRM reviews the plan.",
                required=True,
            ),
            Column(
                "commitment_count", "integer", "Number of published commitments.", required=True
            ),
            UPDATED_AT,
        ],
    ),
    ["member", "number"],
    [(["member"], "members", ["slug"])],
)

COMMITMENTS = Resource(
    "commitments",
    "Commitments",
    "The published commitments, with the effective findings of the IRM (field by field, the "
    "latest report that set each value).",
    with_translations(
        Commitment,
        [
            Column("identifier", "string", "Unique identifier, e.g. SEO0001.", required=True),
            MEMBER_REF,
            PLAN_NUMBER,
            Column("number", "integer", "Number of the commitment within its action plan."),
            Column("title", "string", "Title.", required=True),
            Column("short_title", "string", "Short title."),
            rich_text("description", "The action plan's text of the commitment."),
            Column("lead_institution", "string", "Lead institution."),
            Column("supporting_institutions", "string", "Supporting institutions (free text)."),
            Column("start_date", "date", "Start date, if known."),
            Column("end_date", "date", "End date, if known."),
            code("status", Commitment.Status, "Status of the commitment."),
            Column(
                "policy_areas",
                "list",
                f"Slugs of the commitment's policy areas, separated by '{LIST_DELIMITER}'.",
                computed=True,
            ),
            Column(
                "primary_policy_area",
                "string",
                "Slug of the primary policy area, if any.",
                source="primary_policy_area__slug",
            ),
            Column(
                "primary_sector",
                "string",
                "The commitment's primary sector as OGP's data names it (free text, not a policy "
                "area).",
            ),
            Column(
                "claims_access_to_information",
                "boolean",
                "The plan claims this OGP value.",
                required=True,
            ),
            Column(
                "claims_civic_participation",
                "boolean",
                "The plan claims this OGP value.",
                required=True,
            ),
            Column(
                "claims_public_accountability",
                "boolean",
                "The plan claims this OGP value.",
                required=True,
            ),
            Column(
                "claims_technology",
                "boolean",
                "The plan claims technology and innovation.",
                required=True,
            ),
            code("irm_state", IrmState, "Whether the IRM has findings.", required=True),
            code(
                "irm_method",
                Method,
                "The plan's IRM method (2011, 2018, 2021): whether stars exist, which scale the "
                "early results use.",
            ),
            code("irm_specificity", Specificity, "Specificity (2011-2020 method)."),
            yes_no("irm_verifiable", "Verifiable (2021+ method)."),
            yes_no("irm_relevant_access_to_information", "Relevant to access to information."),
            yes_no("irm_relevant_civic_participation", "Relevant to civic participation."),
            yes_no("irm_relevant_public_accountability", "Relevant to public accountability."),
            yes_no("irm_relevant_technology", "Relevant to technology and innovation."),
            yes_no("irm_open_government_lens", "Has an open government lens (2021+ method)."),
            code("irm_potential_impact", PotentialImpact, "Potential impact (2011-2020 method)."),
            code(
                "irm_potential_results", PotentialResults, "Potential for results (2021+ method)."
            ),
            code("irm_completion", Completion, "Completion."),
            code("irm_early_results", EarlyResults, "Did it open government? (2011-2020 method)."),
            code("irm_early_results_refresh", EarlyResultsRefresh, "Early results (2021+ method)."),
            yes_no("irm_promising", "Promising (2021+ action plan reviews)."),
            Column(
                "irm_no_data",
                "list",
                "Indicators (assessment column names) a report said it has no data for and no "
                f"report gave a value, separated by '{LIST_DELIMITER}': \"No IRM data\", where an "
                'empty value alone means "not reported".',
            ),
            yes_no(
                "irm_starred",
                "Starred commitment (2011-2020 methods): yes or no; empty while undecided (pending "
                "IRM review, completion not yet assessed, no IRM data) and under the 2021+ method, "
                "which awards no stars.",
            ),
            yes_no(
                "irm_potentially_starred",
                "Potentially starred (the star rule's design half: verifiable, relevant, ambitious "
                "enough; 2011-2020 methods): yes or no; empty while undecided and under 2021+.",
            ),
            yes_no("irm_ambitious", "High ambition: transformative impact or substantial results."),
            code(
                "irm_focus",
                Focus,
                "Bucket of 'How to get more starred commitments'.",
                required=True,
            ),
            code(
                "irm_design_reason", DesignReason, "For 'focus on design': the first failing rule."
            ),
            UPDATED_AT,
        ],
    ),
    ["identifier"],
    [
        PLAN_KEY,
        (["primary_policy_area"], "policy-areas", ["slug"]),
    ],
)

MILESTONES = Resource(
    "milestones",
    "Milestones",
    "The ordered milestones of each published commitment.",
    with_translations(
        Milestone,
        [
            COMMITMENT_REF,
            Column("position", "integer", "Order within the commitment.", required=True),
            Column("title", "string", "Title.", required=True),
            Column("start_date", "date", "Start date, if known."),
            Column("end_date", "date", "End date, if known."),
            code("completion", Milestone.Completion, "Completion.", required=True),
        ],
    ),
    ["commitment", "position"],
    [(["commitment"], "commitments", ["identifier"])],
)

IRM_REPORTS = Resource(
    "irm-reports",
    "IRM reports",
    "The published reports of the Independent Reporting Mechanism on published action plans.",
    [
        Column("id", "integer", "Identifier of the report.", required=True),
        MEMBER_REF,
        PLAN_NUMBER,
        code("type", IrmReport.Type, "Type of report.", required=True),
        Column(
            "era",
            "string",
            "IRM method in force: 2011 (2011-2017), 2018 (2018-2020), 2021 (IRM Refresh).",
            enum=codes(Method),
            required=True,
            computed=True,
        ),
        code("stage", IrmReport.Stage, "Draft for public comment or final.", required=True),
        Column("title", "string", "Title.", required=True),
        Column("year", "integer", "Year of the report.", required=True),
        Column("document_url", "string", "Link to the report.", source="url"),
        *(
            Column(
                f"published_{name}",
                "integer",
                f"As the report printed it at a glance: {label}. Empty when not printed.",
                source=f"published_figures__{name}",
            )
            for name, label in PRINTED_FIGURES
        ),
    ],
    ["id"],
    [PLAN_KEY],
)

ASSESSMENTS = Resource(
    "assessments",
    "Commitment assessments",
    "What each published IRM report found about each commitment it assessed. Empty = the "
    "report did not say.",
    [
        Column("id", "integer", "Identifier of the assessment.", required=True),
        COMMITMENT_REF,
        Column("report", "integer", "Id of the IRM report.", source="report_id", required=True),
        code("report_type", IrmReport.Type, "Type of the report.", "report__type", required=True),
        code(
            "report_stage",
            IrmReport.Stage,
            "Draft for public comment or final.",
            "report__stage",
            required=True,
        ),
        Column(
            "report_year",
            "integer",
            "Year of the report (reports are merged in year order, then by id).",
            source="report__year",
            required=True,
        ),
        Column("report_title", "string", "Title of the report.", "report__title", required=True),
        Column(
            "report_method",
            "string",
            "IRM method of the report: 2011 (2011-2017), 2018 (2018-2020), 2021 (IRM Refresh).",
            enum=codes(Method),
            required=True,
            computed=True,
        ),
        code("specificity", Specificity, "Specificity (2011-2020)."),
        yes_no("relevant_access_to_information", "Relevant to access to information."),
        yes_no("relevant_civic_participation", "Relevant to civic participation."),
        yes_no("relevant_public_accountability", "Relevant to public accountability."),
        yes_no("relevant_technology", "Relevant to technology and innovation."),
        code("potential_impact", PotentialImpact, "Potential impact (2011-2020)."),
        code("early_results", EarlyResults, "Did it open government? (2011-2020)."),
        yes_no("verifiable", "Verifiable (2021+)."),
        yes_no("open_government_lens", "Open government lens (2021+)."),
        code("potential_results", PotentialResults, "Potential for results (2021+)."),
        code("early_results_refresh", EarlyResultsRefresh, "Early results (2021+)."),
        yes_no("promising", "Promising (2021+)."),
        code("completion", Completion, "Completion."),
        Column(
            "no_data",
            "list",
            "Indicators (column names above) the report says it has no data for. "
            f"Separated by '{LIST_DELIMITER}'; empty when it said so for none.",
        ),
        Column(
            "effective_fields",
            "list",
            "The fields whose value in this assessment is the commitment's effective value "
            "(its irm_<field> column): for each field, the latest report that set it. "
            f"Separated by '{LIST_DELIMITER}'; empty when a later report set every value.",
            computed=True,
        ),
    ],
    ["id"],
    [
        (["commitment"], "commitments", ["identifier"]),
        (["report"], "irm-reports", ["id"]),
    ],
)

PARTICIPATION = Resource(
    "participation",
    "Participation assessments",
    "How the public took part in each published action plan, as the IRM found (one per plan).",
    [
        MEMBER_REF,
        PLAN_NUMBER,
        Column(
            "report",
            "integer",
            "Id of the IRM report that found it, if published.",
            source="report_id",
        ),
        code(
            "development_level",
            ParticipationAssessment.Level,
            "Public influence (IAP2) in development.",
        ),
        code(
            "implementation_level",
            ParticipationAssessment.Level,
            "Public influence (IAP2) during implementation.",
        ),
        yes_no("development_open", "Development open to any interested party."),
        yes_no("implementation_open", "Implementation open to any interested party."),
        yes_no("forum_existed", "A multistakeholder forum existed."),
        yes_no("forum_met_regularly", "The forum met regularly."),
        yes_no("acted_contrary_to_process", "The member acted contrary to OGP process."),
        yes_no("standard_forum", "Standard 1: a forum meets at least every six months."),
        yes_no("standard_repository", "Standard 2: an OGP website and repository exist."),
        yes_no("standard_inclusive", "Standard 3: inclusive participation."),
        yes_no("standard_reasoned_response", "Standard 4: a reasoned response to input."),
        yes_no("standard_implementation", "Standard 5: participation during implementation."),
    ],
    ["member", "action_plan_number"],
    [
        PLAN_KEY,
        (["report"], "irm-reports", ["id"]),
    ],
)

RESOURCES = [
    REGIONS,
    POLICY_AREAS,
    MEMBERS,
    ACTION_PLANS,
    COMMITMENTS,
    MILESTONES,
    IRM_REPORTS,
    ASSESSMENTS,
    PARTICIPATION,
]
JSON_FILE = "ogp-open-data.json"
DATAPACKAGE = "datapackage.json"
