"""Move each member's `commitment_prefix` into `commitments.IdentifierPrefix` rows.

The member's prefix becomes a prefix of all its plans. The letters of any of its commitments'
identifiers that differ from it (numbered before the prefix changed: the admin only checked
"starts with", the import only new commitments) become prefixes of the plans that hold them,
unless another member's commitments or prefix use the same letters. So every record valid
before stays valid. Backwards, a member takes back one of its prefixes (untied first), and
the prefix rows are deleted.
"""

import re

from django.core.validators import RegexValidator
from django.db import migrations, models

LETTERS = re.compile(r"([A-Z]{2,8})[0-9]{4}")


def to_prefix_rows(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Commitment = apps.get_model("commitments", "Commitment")
    IdentifierPrefix = apps.get_model("commitments", "IdentifierPrefix")
    main = dict(Member.objects.values_list("pk", "commitment_prefix"))
    IdentifierPrefix.objects.bulk_create(
        IdentifierPrefix(member_id=member_id, prefix=prefix) for member_id, prefix in main.items()
    )
    found = {}  # letters -> {member id: plan ids}
    rows = Commitment.objects.values_list("identifier", "action_plan_id", "action_plan__member_id")
    for identifier, plan_id, member_id in rows.iterator():
        match = LETTERS.fullmatch(identifier)
        if match and match.group(1) != main[member_id]:
            found.setdefault(match.group(1), {}).setdefault(member_id, set()).add(plan_id)
    taken = set(main.values())
    for letters, members in sorted(found.items()):
        if letters in taken or len(members) > 1:
            continue  # ambiguous: staff decide on the member's page
        ((member_id, plan_ids),) = members.items()
        prefix = IdentifierPrefix.objects.create(member_id=member_id, prefix=letters)
        prefix.action_plans.set(plan_ids)


def to_member_field(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    HistoricalMember = apps.get_model("members", "HistoricalMember")
    IdentifierPrefix = apps.get_model("commitments", "IdentifierPrefix")
    chosen = {}
    rows = IdentifierPrefix.objects.annotate(tied=models.Count("action_plans"))
    for member_id, prefix in rows.order_by("member_id", "tied", "prefix").values_list(
        "member_id", "prefix"
    ):
        chosen.setdefault(member_id, prefix)
    for member in Member.objects.all():
        if member.pk not in chosen:
            raise RuntimeError(f"Member {member.pk} has no identifier prefix to take back.")
        Member.objects.filter(pk=member.pk).update(commitment_prefix=chosen[member.pk])
    for member_id in HistoricalMember.objects.values_list("id", flat=True).distinct():
        HistoricalMember.objects.filter(id=member_id).update(
            commitment_prefix=chosen.get(member_id, "")
        )
    IdentifierPrefix.objects.all().delete()  # forwards makes them again


PREFIX = dict(
    max_length=8,
    validators=[RegexValidator("^[A-Z]{2,8}$", "Use 2 to 8 capital letters, e.g. SEO.")],
    help_text="Commitment identifiers start with it: SEO0001.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_member_since_optional"),
        ("commitments", "0009_identifier_prefix"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="member", name="members_member_prefix_not_blank"),
        migrations.AlterField(
            model_name="member",
            name="commitment_prefix",
            field=models.CharField(null=True, unique=True, **PREFIX),
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="commitment_prefix",
            field=models.CharField(null=True, db_index=True, **PREFIX),
        ),
        migrations.RunPython(to_prefix_rows, to_member_field),
        migrations.RemoveField(model_name="historicalmember", name="commitment_prefix"),
        migrations.RemoveField(model_name="member", name="commitment_prefix"),
    ]
