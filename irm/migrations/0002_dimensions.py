"""Seed the Global Report's selected dimensions of open government and their policy areas."""

from django.db import migrations

DIMENSIONS = [
    (
        "Anti-Corruption",
        "anti-corruption",
        [
            "anti-corruption-and-integrity",
            "asset-disclosure",
            "beneficial-ownership",
            "conflicts-of-interest",
            "lobbying",
            "money-in-politics",
            "political-finance",
            "whistleblower-protection",
            "audits-and-controls",
            "open-contracting-and-procurement",
            "public-procurement",
        ],
    ),
    ("Civic Space", "civic-space", ["civic-space", "media-and-telecommunications", "human-rights"]),
    (
        "Open Policy Making",
        "open-policy-making",
        [
            "public-participation",
            "democratizing-decision-making",
            "social-accountability",
            "legislation-regulation",
            "regulation",
            "open-parliaments",
        ],
    ),
    (
        "Access to Information",
        "access-to-information",
        ["access-to-information", "right-to-information", "open-data"],
    ),
    (
        "Fiscal Openness",
        "fiscal-openness",
        [
            "fiscal-openness",
            "oversight-of-budgetfiscal-policies",
            "public-participation-in-budgetfiscal-policy",
            "publication-of-budgetfiscal-information",
            "aid",
            "extractive-industries",
        ],
    ),
    (
        "Public Service Delivery",
        "public-service-delivery",
        ["public-service-delivery", "health", "digital-governance"],
    ),
]


def seed(apps, schema_editor):
    Dimension = apps.get_model("irm", "GlobalReportDimension")
    PolicyArea = apps.get_model("commitments", "PolicyArea")
    for position, (name, slug, area_slugs) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        dimension.policy_areas.set(PolicyArea.objects.filter(slug__in=area_slugs))


class Migration(migrations.Migration):
    dependencies = [("irm", "0001_initial"), ("commitments", "0002_policy_areas")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
