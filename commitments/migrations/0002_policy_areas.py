"""Seed the policy areas seen on OGP's commitment pages and glossary, with old names as aliases."""

from django.db import migrations
from django.utils.text import slugify

# (name, parent or None)
POLICY_AREAS = [
    ("Access to Information", None),
    ("Right to Information", "Access to Information"),
    ("Open Data", "Access to Information"),
    ("Anti Corruption and Integrity", None),
    ("Asset Disclosure", "Anti Corruption and Integrity"),
    ("Beneficial Ownership", "Anti Corruption and Integrity"),
    ("Conflicts of Interest", "Anti Corruption and Integrity"),
    ("Lobbying", "Anti Corruption and Integrity"),
    ("Money in Politics", "Anti Corruption and Integrity"),
    ("Political Finance", "Anti Corruption and Integrity"),
    ("Whistleblower Protection", "Anti Corruption and Integrity"),
    ("Audits and Controls", "Anti Corruption and Integrity"),
    ("Open Contracting and Procurement", None),
    ("Public Procurement", "Open Contracting and Procurement"),
    ("Fiscal Openness", None),
    ("Oversight of Budget/Fiscal Policies", "Fiscal Openness"),
    ("Public Participation in Budget/Fiscal Policy", "Fiscal Openness"),
    ("Publication of Budget/Fiscal Information", "Fiscal Openness"),
    ("Aid", "Fiscal Openness"),
    ("Extractive Industries", None),
    ("Civic Space", None),
    ("Media and Telecommunications", "Civic Space"),
    ("Human Rights", None),
    ("Public Participation", None),
    ("Democratizing Decision-Making", "Public Participation"),
    ("Social Accountability", "Public Participation"),
    ("Digital Governance", None),
    ("Data Stewardship and Privacy", "Digital Governance"),
    ("Public Service Delivery", None),
    ("Health", "Public Service Delivery"),
    ("Justice", None),
    ("Access to Justice", "Justice"),
    ("Inclusion", None),
    ("Gender", "Inclusion"),
    ("People with Disabilities", "Inclusion"),
    ("Youth", "Inclusion"),
    ("Legislation & Regulation", None),
    ("Regulation", "Legislation & Regulation"),
    ("Open Parliaments", None),
    ("Capacity Building", None),
    ("Private Sector", None),
    ("Climate", None),
    ("Local Commitments", None),
]

ALIASES = {
    "E-Government": "Digital Governance",
    "Anti-Corruption": "Anti Corruption and Integrity",
    "Anti Corruption": "Anti Corruption and Integrity",
    "Freedom of Information": "Right to Information",
    "Open Contracting": "Open Contracting and Procurement",
    "Environment and Climate": "Climate",
    "Legislation and Regulation": "Legislation & Regulation",
    "Fiscal Transparency": "Fiscal Openness",
    "Participation in Budget Processes": "Public Participation in Budget/Fiscal Policy",
}


def seed(apps, schema_editor):
    PolicyArea = apps.get_model("commitments", "PolicyArea")
    PolicyAreaAlias = apps.get_model("commitments", "PolicyAreaAlias")
    areas = {}
    for name, parent in POLICY_AREAS:
        area, _ = PolicyArea.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "parent": areas.get(parent)}
        )
        areas[name] = area
    for alias, name in ALIASES.items():
        PolicyAreaAlias.objects.update_or_create(name=alias, defaults={"policy_area": areas[name]})


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
