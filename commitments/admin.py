"""Staff admin for policy areas, action plans, commitments and milestones.

A commitment's `irm_*` values are computed from its assessments: they are shown read-only and
refreshed (`irm.services.refresh_findings`) whenever the admin saves something they depend on
(`refresh_after_save`). The IRM inlines of these pages (assessments, reports, participation)
are irm.admin's.
"""

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commitments import vocabularies
from commitments.models import (
    ActionPlan,
    Commitment,
    IdentifierPrefix,
    Milestone,
    PolicyArea,
    PolicyAreaAlias,
)
from commitments.prefixes import prefix_error
from commitments.search import SEARCH_MAX_LENGTH, text_search
from irm.admin import AssessmentInline, IrmReportInline, ParticipationInline
from irm.services import refresh_findings
from members.models import Member
from ogp.admin import (
    CascadeCheckedFormSet,
    CountColumn,
    HistoryAdmin,
    LookaheadPaginator,
    RelatedColumn,
    TabularInline,
    cache_choices,
)
from ogp.optimistic_lock import OptimisticLockAdmin, OptimisticLockForm

# A search that may be the start of a commitment identifier ("SEO", "SEO00").
IDENTIFIER_START = re.compile(r"[A-Za-z]{2,}[0-9]*")

# --- Policy areas ---------------------------------------------------------------------------


class PolicyAreaAliasInline(TabularInline):
    model = PolicyAreaAlias
    extra = 1


class PolicyAreaForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        parent, seen = cleaned.get("parent"), set()
        while parent is not None and self.instance.pk and parent.pk not in seen:
            if parent.pk == self.instance.pk:
                self.add_error(
                    "parent",
                    _(
                        "“%(parent)s” is this area or one of its sub-areas: choose a parent "
                        "outside this branch, or none."
                    )
                    % {"parent": cleaned["parent"]},
                )
                break
            seen.add(parent.pk)
            parent = parent.parent
        return cleaned


@admin.register(PolicyArea)
class PolicyAreaAdmin(HistoryAdmin):
    form = PolicyAreaForm
    list_display = ["name", "slug", "parent", "commitment_count"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name__unaccented__icontains", "aliases__name__unaccented__icontains"]
    ordering = ["name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PolicyAreaAliasInline]

    commitment_count = CountColumn(Commitment.policy_areas.through, "policyarea", _("commitments"))


@admin.register(PolicyAreaAlias)
class PolicyAreaAliasAdmin(HistoryAdmin):
    list_display = ["name", "policy_area"]
    search_fields = ["name", "policy_area__name"]
    list_filter = ["policy_area"]
    ordering = ["name"]
    list_select_related = ["policy_area"]
    autocomplete_fields = ["policy_area"]


# --- Commitments ----------------------------------------------------------------------------


DATE_ORDER_MESSAGE = _("It ends (%(end)s) before it starts (%(start)s): correct one of the dates.")


def check_order(form, start, end, message):
    """Say what to fix when `end` comes before `start` (a check constraint would otherwise
    answer with its bare name). The message may use %(start)s and %(end)s."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first and end not in form.errors:
        form.add_error(end, message % {"start": first, "end": last})


class MilestoneForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        check_order(self, "start_date", "end_date", DATE_ORDER_MESSAGE)
        return cleaned


class ActionPlanForm(OptimisticLockForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        start_month, end_month = cleaned.get("start_month"), cleaned.get("end_month")
        if start is None or end is None or "end_year" in self.errors:
            return cleaned
        if end < start:
            self.add_error(
                "end_year",
                _("The plan ends in %(end)s, before it starts (%(start)s): correct a year.")
                % {"start": start, "end": end},
            )
        elif end == start and start_month and end_month and end_month < start_month:
            self.add_error(
                "end_month",
                _("The plan starts and ends in %(year)s: the end month must not come first.")
                % {"year": start},
            )
        return cleaned


def commitment_errors(cleaned, policy_areas=None):
    """The rules a commitment form checks beyond the model's, as {field: message} (the
    identifier's prefix is `Commitment.clean`'s, through `commitments.prefixes.prefix_error`)."""
    errors = {}
    primary = cleaned.get("primary_policy_area")
    if primary is not None and policy_areas is not None and primary not in policy_areas:
        errors["primary_policy_area"] = _(
            "The primary policy area must be one of the commitment's policy areas: "
            "add “%(area)s” to the policy areas, or choose another primary area."
        ) % {"area": primary}
    return errors


class CommitmentForm(OptimisticLockForm):
    def clean(self):
        cleaned = super().clean()
        policy_areas = cleaned.get("policy_areas") if "policy_areas" in self.fields else None
        if policy_areas is not None:
            policy_areas = list(policy_areas)
        for field, message in commitment_errors(cleaned, policy_areas).items():
            self.add_error(field, message)
        check_order(self, "start_date", "end_date", DATE_ORDER_MESSAGE)
        return cleaned


class CommitmentInlineForm(OptimisticLockForm):
    """The compact row of a commitment under its action plan. Policy areas are not edited
    here: a primary policy area chosen here is also added to the commitment's policy areas.
    A row changed here after someone saved that commitment elsewhere is refused."""

    class Meta:
        model = Commitment
        fields = ["identifier", "title", "status", "primary_policy_area"]

    def clean(self):
        # The formset's foreign-key field gives the parent action plan as `action_plan`.
        cleaned = super().clean()
        for field, message in commitment_errors(cleaned).items():
            self.add_error(field, message)
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        primary = self.instance.primary_policy_area_id
        if primary is not None:
            self.instance.policy_areas.add(primary)


class MilestoneInline(TabularInline):
    model = Milestone
    form = MilestoneForm
    fields = ["position", "title", "start_date", "end_date", "completion"]
    extra = 1


@admin.register(Commitment)
class CommitmentAdmin(OptimisticLockAdmin, HistoryAdmin):
    form = CommitmentForm
    list_display = [
        "identifier",
        "title",
        "member",
        "plan_number",
        "status",
        "primary_policy_area",
        "irm_state",
        "irm_starred",
        "published",
    ]
    list_display_links = ["identifier", "title"]
    list_filter = [
        "published",
        "status",
        "irm_state",
        "irm_focus",
        "irm_starred",
        "irm_completion",
        "irm_early_results",
        "action_plan__member__kind",
        "action_plan__member__region",
        "primary_policy_area",
    ]
    # The explorer's search (commitments.search.text_search: its indexed full-text document,
    # accents and case aside), or the member's name: get_search_results.
    search_fields = ["identifier", "title", "short_title", "action_plan__member__name"]
    search_paginator = LookaheadPaginator  # 5 pages ahead, not all counted: "more than 500"
    search_help_text = _(
        "Words of the identifier, title, institutions or text, or the member’s name; accents "
        "and case aside."
    )
    ordering = ["identifier"]
    list_select_related = ["action_plan__member", "primary_policy_area"]
    list_per_page = 100
    autocomplete_fields = ["action_plan", "primary_policy_area", "policy_areas"]
    readonly_fields = ["created_at", "updated_at", *vocabularies.IRM_FIELDS]
    inlines = [MilestoneInline, AssessmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "action_plan",
                    ("identifier", "number"),
                    "title",
                    "short_title",
                    "status",
                    "published",
                ]
            },
        ),
        (
            _("Policy areas"),
            {"fields": ["policy_areas", "primary_policy_area", "primary_sector"]},
        ),
        (
            _("Text"),
            {
                "fields": [
                    "description",
                    "lead_institution",
                    "supporting_institutions",
                    ("start_date", "end_date"),
                    "source_url",
                ]
            },
        ),
        (
            _("OGP values claimed"),
            {
                "fields": [
                    (
                        "claims_access_to_information",
                        "claims_civic_participation",
                        "claims_public_accountability",
                        "claims_technology",
                    )
                ]
            },
        ),
        (
            _("IRM findings (computed from the assessments; read-only)"),
            {
                "fields": [
                    ("irm_state", "irm_method", "irm_focus", "irm_design_reason"),
                    ("irm_starred", "irm_potentially_starred", "irm_ambitious"),
                    ("irm_specificity", "irm_verifiable"),
                    (
                        "irm_relevant_access_to_information",
                        "irm_relevant_civic_participation",
                        "irm_relevant_public_accountability",
                        "irm_relevant_technology",
                        "irm_open_government_lens",
                    ),
                    ("irm_potential_impact", "irm_potential_results"),
                    ("irm_completion", "irm_early_results", "irm_early_results_refresh"),
                    "irm_promising",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    actions = ["refresh_irm_values"]

    @admin.action(
        description=_("Recompute the IRM values of the selected commitments"),
        permissions=["change"],
    )
    def refresh_irm_values(self, request, queryset):
        count = refresh_findings(queryset)
        self.message_user(request, _("IRM values recomputed for %(n)d commitments.") % {"n": count})

    @admin.display(description=_("member"), ordering="action_plan__member__name")
    def member(self, obj):
        return obj.action_plan.member

    @admin.display(description=_("plan"), ordering="action_plan__number")
    def plan_number(self, obj):
        return obj.action_plan.number

    def refresh_after_save(self, request, obj):
        refresh_findings(Commitment.objects.filter(pk=obj.pk))

    def get_search_results(self, request, queryset, search_term):
        """The explorer's search (its full-text index on PostgreSQL, accents and case aside:
        "coruna" finds "A Coruña"), or the commitments of the members whose name holds the
        text, or, for a word like "SEO" or "SEO00", the identifiers it begins."""
        text = search_term.strip()[:SEARCH_MAX_LENGTH]
        if not text:
            return queryset, False
        # Read first (two small queries), so that the search is one OR of indexed conditions
        # (the full-text GIN index, the plan and primary keys): an OR with a subquery or a
        # LIKE would make PostgreSQL read every row's document.
        members = Member.objects.filter(name__unaccented__icontains=text)
        plans = ActionPlan.objects.filter(member__in=members).order_by()  # no join to sort
        also = Q(action_plan_id__in=list(plans.values_list("pk", flat=True)))
        if IDENTIFIER_START.fullmatch(text):
            starting = Commitment.objects.filter(identifier__startswith=text.upper())
            also |= Q(pk__in=list(starting.values_list("pk", flat=True)))
        return text_search(queryset, text, also), False


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    form = MilestoneForm
    list_display = ["title", "commitment_identifier", "position", "completion", "end_date"]
    list_filter = ["completion"]
    search_fields = ["title", "^commitment__identifier"]
    ordering = ["commitment_id", "position"]  # the (commitment, position) unique index
    list_select_related = ["commitment"]
    autocomplete_fields = ["commitment"]

    commitment_identifier = RelatedColumn("commitment__identifier", _("commitment"))


# --- Action plans ---------------------------------------------------------------------------


class CommitmentInline(TabularInline):
    model = Commitment
    form = CommitmentInlineForm
    fields = ["identifier", "title", "status", "primary_policy_area"]
    show_change_link = True
    extra = 1

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return [*fields, "lock_version"]  # hidden: the row's version (OptimisticLockForm)
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "primary_policy_area" and formfield is not None:
            # No add/change/delete/view icons under each row of the compact table.
            for flag in ("can_add_related", "can_change_related", "can_delete_related"):
                setattr(formfield.widget, flag, False)
            formfield.widget.can_view_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A plain select whose (short) list of areas is read once for all the rows; an
        # autocomplete widget would look up each row's value with a query of its own.
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "primary_policy_area":
            formfield = cache_choices(formfield, request, "policy-area")
        return formfield

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("primary_policy_area")


@admin.register(ActionPlan)
class ActionPlanAdmin(OptimisticLockAdmin, HistoryAdmin):
    form = ActionPlanForm
    list_display = [
        "title",
        "member",
        "number",
        "years",
        "submission_year",
        "irm_coverage",
        "published",
        "commitment_count",
    ]
    list_filter = ["published", "irm_coverage", "member__kind", "member__region", "submission_year"]
    search_fields = ["title", "member__name", "=member__identifier_prefixes__prefix"]
    ordering = ["member__name", "number"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    readonly_fields = ["created_at", "updated_at", "figures_check"]
    inlines = [CommitmentInline, IrmReportInline, ParticipationInline]
    fieldsets = [
        (None, {"fields": ["member", "number", "title", "published"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_year", "start_month"),
                    ("end_year", "end_month"),
                    ("submission_date", "submission_year"),
                ],
                "description": _(
                    "With a submission date, the year may be left blank: the date sets it."
                ),
            },
        ),
        (
            _("About"),
            {
                "fields": [
                    "summary",
                    "lead_institutions",
                    "document_url",
                    "irm_coverage",
                    "figures_check",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    commitment_count = CountColumn(Commitment, "action_plan", _("commitments"))

    @admin.display(description=_("years"), ordering="start_year")
    def years(self, obj):
        return obj.years

    @admin.display(description=_("published figures"))
    def figures_check(self, obj):
        """A link to the plan page for staff, where the figures the IRM printed (on the
        plan's reports) are compared with those computed here."""
        if obj.pk is None:
            return "–"
        url = reverse("members:action-plan-check", args=[obj.member.slug, obj.number])
        return format_html(
            '<a href="{}">{}</a>', url, _("Compare with the figures the IRM published")
        )

    def refresh_after_save(self, request, obj):
        # Coverage and the plan's reports decide its commitments' IRM state; new commitments
        # start from the right state too.
        refresh_findings(Commitment.objects.filter(action_plan=obj))


# --- Identifier prefixes (edited on the member's page) --------------------------------------


class IdentifierPrefixFormSet(CascadeCheckedFormSet):
    """A member's prefixes: a change that would leave a commitment, valid until now, with no
    prefix of its plan (`prefix_error`) is refused, naming one of them."""

    def clean(self):
        super().clean()
        member = self.instance
        if member.pk is None or not self.has_changed() or any(self.errors):
            return
        rules = [
            (
                form.cleaned_data["prefix"],
                frozenset(p.pk for p in form.cleaned_data["action_plans"]),
            )
            for form in self.forms
            if form.cleaned_data.get("prefix") and not self._should_delete_form(form)
        ]
        before = IdentifierPrefix.objects.filter(member=member).rules().get(member.pk, [])
        commitments = Commitment.objects.filter(action_plan__member=member).select_related(
            "action_plan"
        )
        lost = []
        for commitment in commitments.only("identifier", "action_plan__number").order_by(
            "identifier"
        ):
            plan = commitment.action_plan
            valid = prefix_error(commitment.identifier, member, plan, before) is None
            if valid and prefix_error(commitment.identifier, member, plan, rules) is not None:
                lost.append(commitment)
        if lost:
            first = lost[0]
            raise ValidationError(
                ngettext(
                    "%(count)d commitment would no longer have a prefix of its action plan "
                    "(%(identifier)s, action plan %(number)s): keep its prefix, or tie it to "
                    "that plan.",
                    "%(count)d commitments would no longer have a prefix of their action plan "
                    "(e.g. %(identifier)s, action plan %(number)s): keep their prefixes, or tie "
                    "them to those plans.",
                    len(lost),
                )
                % {
                    "count": len(lost),
                    "identifier": first.identifier,
                    "number": first.action_plan.number,
                },
                code="prefix_in_use",
            )


class IdentifierPrefixInline(TabularInline):
    """On the member's page: its prefixes, each tied to the plans it numbers (none: all)."""

    model = IdentifierPrefix
    formset = IdentifierPrefixFormSet
    fields = ["prefix", "action_plans"]
    min_num = 1  # with validate_min (get_formset): a member keeps one prefix at least
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("action_plans")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, validate_min=True, **kwargs)
        field = formset.form.base_fields["action_plans"]
        plans = ActionPlan.objects.filter(member=obj) if obj is not None and obj.pk else None
        field.queryset = ActionPlan.objects.none() if plans is None else plans.order_by("number")
        field.label_from_instance = lambda plan: (
            _("Action plan %(number)s (%(years)s)")
            % {
                "number": plan.number,
                "years": plan.years,
            }
        )
        field.choices = list(field.choices)  # read once for every row
        widget = field.widget
        for flag in ("can_add_related", "can_change_related", "can_delete_related"):
            setattr(widget, flag, False)
        widget.can_view_related = False
        return formset
