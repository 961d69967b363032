"""The member and action plan steps of planning a commitment sheet (`CommitmentPlanner`, in
imports.commitment_plan): each row's member, found by name or new (with its prefix, country and
slug checked), its region, and its action plan, found by number or new, with its year."""

from collections import defaultdict

import pycountry
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, IdentifierPrefix
from commitments.prefixes import IDENTIFIER, remember_prefixes
from imports.base import batches
from imports.commitment_sheet import COLUMN
from imports.reader import normalise
from members.models import LAST_YEAR, Member


def country_code(name):
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


class MemberAndPlanSteps:
    """The steps of `CommitmentPlanner` that find or make the rows' members and action plans;
    they read and fill what the planner holds (`members`, `prefixes`, `plans`, the plan)."""

    def plan_members(self):
        """Members: existing by name, or new ones (plan_new_members) named by rows."""
        self.row_member = {}
        self.new_member_rows = defaultdict(list)
        for result, clean in self.rows():
            region = None
            if "region" in clean:  # checked on every row, so that a row shows all its errors
                region = self.regions.get(normalise(clean["region"]))
                if region is None:
                    result.error(
                        "region", _("Unknown region “%(name)s”.") % {"name": clean["region"]}
                    )
            if result.errors:
                continue
            name = clean["member"]
            member = self.members.get(normalise(name))
            if member is None:
                self.new_member_rows[normalise(name)].append((result, clean, region))
            self.row_member[result.row] = (member, region)

    def plan_new_members(self):
        """A new member from the first row that names it, unless its name, prefix or slug is
        unusable (then every row naming it has the error)."""
        members, prefixes, slugs = self.members, self.prefixes, self.slugs
        for key, group in self.new_member_rows.items():
            if key in self.refused_members:  # refused on an earlier batch's rows
                for row_result, _clean, _region in group:
                    row_result.error(*self.refused_members[key])
                    self.row_member.pop(row_result.row, None)
                continue
            result, clean, region = group[0]
            name = " ".join(clean["member"].split())
            prefix = IDENTIFIER.fullmatch(clean["identifier"]).group(1)
            member = Member(
                name=name,
                slug=slugify(name)[:200],
                region=region,
                # "Member since" is the year it joined OGP, which the sheet does not say (its
                # earliest plan may be later): left blank for staff to fill in.
                member_since=None,
                published=False,
            )
            problem = None
            if "," in name:
                member.kind = Member.Kind.LOCAL
                country = name.rsplit(",", 1)[1].strip()
                parent = members.get(normalise(country))
                if parent is not None and parent.kind == Member.Kind.NATIONAL:
                    member.parent = parent
                    member.country_code = parent.country_code
                else:
                    member.country_code = country_code(country)
            else:
                member.kind = Member.Kind.NATIONAL
                member.country_code = country_code(name)
            if not member.country_code:
                problem = (
                    "member",
                    _(
                        "New member “%(name)s”: its country is not a known country name. "
                        "Create the member in the admin first."
                    )
                    % {"name": name},
                )
            elif prefix in prefixes:
                problem = (
                    "identifier",
                    _(
                        "New member “%(name)s” would take the prefix %(prefix)s, "
                        "which belongs to %(owner)s."
                    )
                    % {"name": name, "prefix": prefix, "owner": prefixes[prefix].name},
                )
            elif not member.slug or member.slug in slugs:
                problem = (
                    "member",
                    _("New member “%(name)s”: its URL slug is already taken.") % {"name": name},
                )
            if problem:
                self.refused_members[key] = problem
                for row_result, _clean, _region in group:
                    row_result.error(*problem)
                    self.row_member.pop(row_result.row, None)
                continue
            members[key] = member
            prefixes[prefix] = member
            remember_prefixes(member, [(prefix, frozenset())])  # a prefix of all its plans
            slugs.add(member.slug)
            self.plan.new_members.append(member)
            self.plan.new_prefixes.append(IdentifierPrefix(member=member, prefix=prefix))
            result.notes.append(
                _("New member: %(name)s (prefix %(prefix)s, unpublished)")
                % {"name": name, "prefix": prefix}
            )
            for row_result, _clean, _region in group:
                self.row_member[row_result.row] = (member, _region)

    def plan_action_plans(self):
        """Member regions, action plans and their years."""
        plan = self.plan
        member_region, plan_year, plans = self.member_region, self.plan_year, self.plans
        member_ids = {m.pk for m, _r in self.row_member.values() if m.pk} - self.loaded_members
        self.loaded_members |= member_ids
        for batch in batches(sorted(member_ids)):
            for action_plan in ActionPlan.objects.filter(member_id__in=batch):
                plans[(action_plan.member_id, action_plan.number)] = action_plan
        new_plan_keys = self.new_plan_keys
        for result, clean in self.rows():
            if result.errors or result.row not in self.row_member:
                continue
            member, region = self.row_member[result.row]
            clean["member_obj"] = member
            if id(member) in member_region:
                if member_region[id(member)] != region:
                    result.error(
                        "region",
                        _("%(member)s is in %(region)s on another row.")
                        % {"member": member.name, "region": member_region[id(member)].name},
                    )
                    continue
            else:
                member_region[id(member)] = region
                if member.pk and member.region_id != region.pk:
                    result.changes.append(("Region", member.region.name, region.name))
                    member.region = region
                    plan.changed_members.append(member)
            plan_key = (id(member), clean["plan_number"])
            action_plan = plans.get((member.pk, clean["plan_number"])) if member.pk else None
            if action_plan is None:
                action_plan = new_plan_keys.get(plan_key)
            if action_plan is None:
                year = clean["year"]
                action_plan = ActionPlan(
                    member=member,
                    number=clean["plan_number"],
                    title=f"{member.name} Action Plan {clean['plan_number']}",
                    start_year=year,
                    end_year=min(year + 2, LAST_YEAR),
                    submission_year=year,
                )
                new_plan_keys[plan_key] = action_plan
                plan.new_plans.append(action_plan)
                result.notes.append(_("New action plan: %(title)s") % {"title": action_plan.title})
            clean["plan_obj"] = action_plan
            if plan_key in plan_year:
                if plan_year[plan_key] != clean["year"]:
                    result.error(
                        "year",
                        _(
                            "Action plan %(number)s of %(member)s has the year %(year)s "
                            "on another row."
                        )
                        % {
                            "number": clean["plan_number"],
                            "member": member.name,
                            "year": plan_year[plan_key],
                        },
                    )
                    continue
            else:
                plan_year[plan_key] = clean["year"]
                if action_plan.pk and action_plan.submission_year != clean["year"]:
                    result.changes.append(
                        (COLUMN["year"].header, action_plan.submission_year, clean["year"])
                    )
                    action_plan.submission_year = clean["year"]
                    if action_plan.start_year > clean["year"]:
                        action_plan.start_year = clean["year"]
                    plan.changed_plans.append(action_plan)
