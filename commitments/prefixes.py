"""Identifier prefixes: the capitals that start a member's commitment identifiers, and the
one rule of which prefix numbers which action plan (`prefix_error`)."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Member

IDENTIFIER = re.compile(r"([A-Z]{2,8})([0-9]{4})")


class IdentifierPrefixQuerySet(models.QuerySet):
    def rules(self):
        """{member id: [(prefix, frozenset of the ids of the plans it numbers)]}, in one query;
        an empty set: the prefix numbers every plan of its member."""
        found = {}
        rows = self.order_by("member_id", "prefix").values_list(
            "member_id", "prefix", "action_plans"
        )
        for member_id, prefix, plan_id in rows:
            plans = found.setdefault(member_id, {}).setdefault(prefix, set())
            if plan_id is not None:
                plans.add(plan_id)
        return {
            member_id: [(prefix, frozenset(plans)) for prefix, plans in prefixes.items()]
            for member_id, prefixes in found.items()
        }


class IdentifierPrefix(models.Model):
    """The capitals that start a member's commitment identifiers ("SEO" in SEO0001).

    A member may have several: members change scheme (an older plan numbered ABC0001, a newer
    one XXAB0002), and the older records keep their identifiers. A prefix tied to action plans
    numbers those plans only; one tied to none numbers every plan of its member. Unique across
    members, so that a prefix names its member (the import reads it so). It is in
    `commitments`, not in `members`, because it is tied to action plans (`members.models`
    imports no other app).
    """

    member = models.ForeignKey(
        Member,
        verbose_name=_("Member"),
        on_delete=models.CASCADE,
        related_name="identifier_prefixes",
    )
    prefix = models.CharField(
        _("Prefix"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Use 2 to 8 capital letters, e.g. SEO."))],
        error_messages={"unique": _("Another member already has this prefix.")},
        help_text=_("2 to 8 capitals: identifiers are the prefix and four digits, SEO0001."),
    )
    action_plans = models.ManyToManyField(
        "commitments.ActionPlan",
        verbose_name=_("Action plans"),
        blank=True,
        related_name="identifier_prefixes",
        help_text=_("The plans it numbers; none: every plan of the member."),
    )

    history = HistoricalRecords(m2m_fields=[action_plans])
    objects = IdentifierPrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("identifier prefix")
        verbose_name_plural = _("identifier prefixes")
        ordering = ["member", "prefix"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(prefix=""),
                name="commitments_identifierprefix_not_blank",
                violation_error_message=_("Give the prefix, e.g. SEO."),
            ),
        ]

    def __str__(self):
        return self.prefix


def remember_prefixes(member, rules):
    """Keep a member's prefix rules (as `IdentifierPrefixQuerySet.rules` gives them) on it, so
    that `prefixes_of` asks no query: the import reads every member's at once."""
    member._identifier_prefixes = list(rules)


def prefixes_of(member):
    """The member's prefix rules, [(prefix, plan ids)], read once per member object (a plan's
    admin page checks each of its commitments against the same member)."""
    if not hasattr(member, "_identifier_prefixes"):
        rules = IdentifierPrefix.objects.filter(member=member).rules() if member.pk else {}
        remember_prefixes(member, rules.get(member.pk, []))
    return member._identifier_prefixes


def prefix_error(identifier, member, action_plan, rules=None):
    """Why `identifier` cannot number a commitment of the member's `action_plan` (saved or
    not), or None: its letters before the four digits must be exactly one of the member's
    prefixes that numbers this plan. `rules` are the member's prefixes (`prefixes_of`), or the
    ones a change would leave. The one rule of the admin (`Commitment.clean`, and the member's
    prefixes) and of the import (imports.commitment_plan). A malformed identifier is the
    field validator's."""
    rules = prefixes_of(member) if rules is None else rules
    match = IDENTIFIER.fullmatch(identifier or "")
    if match is None:
        return None
    letters = match.group(1)
    allowed = [prefix for prefix, plans in rules if not plans or action_plan.pk in plans]
    if letters in allowed:
        return None
    values = {
        "identifier": identifier,
        "member": member.name,
        "number": action_plan.number,
        "letters": letters,
    }
    if not allowed:
        if not rules:
            return (
                _(
                    "%(identifier)s: %(member)s has no identifier prefix yet; add one on the "
                    "member's page."
                )
                % values
            )
        return (
            _(
                "%(identifier)s: no prefix of %(member)s numbers action plan %(number)s; on the "
                "member's page, tie a prefix to this plan or add one."
            )
            % values
        )
    values["allowed"] = _(" or ").join(f"“{prefix}”" for prefix in allowed)
    values["example"] = f"{allowed[0]}{match.group(2)}"
    if any(letters == prefix for prefix, _plans in rules):
        return (
            _(
                "%(identifier)s: the prefix %(letters)s of %(member)s numbers other action plans; "
                "identifiers in action plan %(number)s start with %(allowed)s, e.g. %(example)s."
            )
            % values
        )
    return (
        _(
            "%(identifier)s: identifiers of %(member)s in action plan %(number)s start with "
            "exactly %(allowed)s, then four digits, e.g. %(example)s."
        )
        % values
    )
