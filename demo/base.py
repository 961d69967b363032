"""What the demo loaders share: constants, the reference data, writing rows."""

from collections import Counter
from dataclasses import dataclass

from commitments.models import Commitment, PolicyArea
from demo.pools import GENERIC_TOPIC, TOPICS
from irm.findings import unassessed_state
from irm.methods import plan_method
from irm.models import GlobalReportDimension
from irm.services import ASSESSMENT_VALUE_FIELDS, apply_findings, findings_for
from members.models import Region, ResourceType

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


def set_findings(commitment, assessments, reports):
    """Set a new commitment's effective IRM values from its (unsaved) assessments, in a plan
    with these (unsaved) IRM reports, in report order.

    The same functions as irm.services.refresh_findings(), applied before the row is written:
    that service updates rows one batch at a time with bulk_update, which costs about 10 ms
    per commitment here (minutes at scale 10). `assessments` are in report order.
    """
    plan = commitment.action_plan
    rows = [
        {
            "report__year": row.report.year,
            "report__type": row.report.type,
            **{name: getattr(row, name) for name in ASSESSMENT_VALUE_FIELDS},
        }
        for row in assessments
    ]
    method = plan_method(
        [(report.type, report.year) for report in reports if report.published], plan.start_year
    )
    apply_findings(commitment, findings_for(unassessed_state(plan.irm_coverage), rows, method))


def link(commitment, area):
    return Commitment.policy_areas.through(commitment=commitment, policyarea=area)


def weighted(rng, pairs):
    """A code drawn from (code, weight) pairs."""
    codes, weights = zip(*pairs, strict=True)
    return rng.choices(codes, weights)[0]
