"""Planning the import of a commitment sheet: check every row, work out what would change.

`plan_import()` runs, for each batch of rows, the steps of `CommitmentPlanner` in order: check
each row's cells, find duplicates, load what the rows name, then members, action plans, and per
row its commitment, IRM report and assessment. It reads the database in a fixed number of
queries per batch of rows and writes nothing; imports.commitment_write.apply_import() writes
the plan.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from commitments.models import (
    Commitment,
    IdentifierPrefix,
    PolicyArea,
    PolicyAreaAlias,
)
from commitments.prefixes import prefix_error, prefixes_of, remember_prefixes
from imports.base import BATCH, RowResult, batches, diff, mark_errors, short
from imports.commitment_members import MemberAndPlanSteps
from imports.commitment_sheet import (
    COLUMN,
    CREATED_TITLES,
    DESIGN_TYPES,
    IRM_FIELDS,
    REPORT_ROUTES,
    TEXT_FIELDS,
    ImportPlan,
    PlanReports,
    clean_row,
    display_value,
)
from imports.reader import CONTROL, normalise
from irm.models import CommitmentAssessment, IrmReport
from members.models import LAST_YEAR, Member, Region


def plan_import(sheet, report_title=None, preview=False):
    """Check every row and work out what an import would do. Writes nothing.

    The rows are planned in batches (BATCH rows), each batch through every step; what the
    steps share across rows (identifiers seen, members, action plans, reports) stays on the
    planner. With `preview`, the plan is a summary: every row is counted, but only the rows a
    preview shows (Plan.keep()) and no records to write are kept, so that its memory does not
    grow with the file; such a plan cannot be written.
    """
    planner = CommitmentPlanner(sheet, report_title, preview)
    planner.load_reference()
    for batch in batches(planner.checked_rows(), BATCH):
        planner.plan_batch(batch)
    return planner.plan


class CommitmentPlanner(MemberAndPlanSteps):
    """The steps of plan_import(), each one a method, sharing what the earlier ones found (the
    members and action plans steps are `MemberAndPlanSteps`, imports.commitment_members)."""

    def __init__(self, sheet, report_title=None, preview=False):
        self.sheet = sheet
        self.report_title = (report_title or "").strip()
        self.columns = sheet.columns
        self.preview = preview
        self.batch = []  # (RowResult, cleaned values) of the rows being planned
        self.plan = ImportPlan(
            sheet=sheet, report_title=self.report_title, rows=[], preview=preview
        )
        self.first_row = {}  # identifier -> the row that has it first
        self.refused_members = {}  # normalised name -> why that new member cannot be created
        self.member_region, self.plan_year, self.plans, self.new_plan_keys = {}, {}, {}, {}
        self.loaded_members, self.loaded_plans = set(), set()  # their plans, reports are loaded
        self.irm_columns = [key for key in IRM_FIELDS if key in self.columns]
        self.reports = {}
        self.candidates = defaultdict(list)

    def rows(self):
        return iter(self.batch)

    def checked_rows(self):
        """The checks of each row that need no database, row by row."""
        for number, values in self.sheet.rows:
            identifier = CONTROL.sub("\ufffd", values.get("identifier", "").upper())
            result = RowResult(row=number, identifier=identifier, headers=COLUMN)
            yield result, clean_row(result, values, self.columns)

    def plan_batch(self, batch):
        """Every step for a batch of checked rows; then the plan keeps them (Plan.keep())."""
        self.batch = batch
        self.find_duplicates()
        self.check_areas()
        self.load_records()
        self.plan_members()
        self.plan_new_members()
        self.plan_action_plans()
        self.load_reports()
        self.plan_commitments()
        results = [result for result, _clean in batch]
        mark_errors(results)
        self.plan.keep(results)
        if self.preview:
            self.plan.drop_records()

    def check_areas(self):
        """Each row's policy areas by name (or alias), on every row with the column, so that a
        row shows this error with its others."""
        if "theme" not in self.columns:
            return
        for result, clean in self.rows():
            if "theme" not in clean:
                continue
            clean["areas"] = set()
            for name in re.split(r"[;,]", clean["theme"]):
                if not name.strip():
                    continue
                pk = self.area_ids.get(normalise(name))
                if pk is None:
                    result.error(
                        "theme", _("Unknown policy area “%(name)s”.") % {"name": name.strip()}
                    )
                else:
                    clean["areas"].add(pk)

    def find_duplicates(self):
        """Duplicates inside the file."""
        for result, clean in self.rows():
            identifier = clean.get("identifier")
            if not identifier:
                continue
            if identifier in self.first_row:
                result.error(
                    "identifier",
                    _("Duplicate: %(identifier)s is also on row %(row)s.")
                    % {"identifier": identifier, "row": self.first_row[identifier]},
                )
            else:
                self.first_row[identifier] = result.row

    def load_reference(self):
        """Reference data: regions, members, policy areas and their aliases (once)."""
        regions = {normalise(region.name): region for region in Region.objects.all()}
        regions.update({normalise(region.slug): region for region in regions.values()})
        self.regions = regions
        self.members = {normalise(m.name): m for m in Member.objects.select_related("region")}
        # Every prefix of every member names its member (prefixes are unique across members).
        rules = IdentifierPrefix.objects.rules()
        self.prefixes = {}
        for member in self.members.values():
            remember_prefixes(member, rules.get(member.pk, []))
            self.prefixes.update(dict.fromkeys((p for p, _plans in prefixes_of(member)), member))
        self.slugs = {member.slug for member in self.members.values()}
        self.area_names = dict(PolicyArea.objects.values_list("pk", "name"))
        self.area_ids = {normalise(name): pk for pk, name in self.area_names.items()}
        for name, pk in PolicyAreaAlias.objects.values_list("name", "policy_area_id"):
            self.area_ids.setdefault(normalise(name), pk)

    def load_records(self):
        """The commitments the batch names (a fixed number of queries per batch)."""
        identifiers = [
            clean["identifier"]
            for result, clean in self.rows()
            if clean.get("identifier") and self.first_row[clean["identifier"]] == result.row
        ]
        self.existing = {}
        self.assessed = set()  # commitments that stay in their plan (commitments.models.move_error)
        links = defaultdict(dict)
        through = Commitment.policy_areas.through
        for batch in batches(identifiers):
            for commitment in Commitment.objects.filter(identifier__in=batch).select_related(
                "action_plan__member"
            ):
                self.existing[commitment.identifier] = commitment
            rows = Commitment.objects.filter(identifier__in=batch).assessed()
            self.assessed.update(rows.values_list("pk", flat=True))
            for link_id, commitment_id, area_id in through.objects.filter(
                commitment__identifier__in=batch
            ).values_list("pk", "commitment_id", "policyarea_id"):
                links[commitment_id][area_id] = link_id
        self.plan.existing_links.update(links)

    def load_reports(self):
        """The reports and assessments of the plans and commitments, for files with IRM values."""
        self.assessments = {}
        if not self.irm_columns:
            return
        plan_ids = {
            c["plan_obj"].pk for _r, c in self.rows() if c.get("plan_obj") and c["plan_obj"].pk
        } - self.loaded_plans
        self.loaded_plans |= plan_ids
        for batch in batches(sorted(plan_ids)):
            for report in IrmReport.objects.filter(action_plan_id__in=batch):
                self.candidates[report.action_plan_id].append(report)
        ids = [c.pk for c in self.existing.values()]
        for batch in batches(ids):
            for assessment in CommitmentAssessment.objects.filter(commitment_id__in=batch):
                self.assessments[(assessment.commitment_id, assessment.report_id)] = assessment

    def plan_reports(self, action_plan):
        """The plan's reports as the columns see them (PlanReports), once per plan."""
        key = id(action_plan)
        if key in self.reports:
            return self.reports[key]
        reports = self.candidates.get(action_plan.pk, []) if action_plan.pk else []
        info = PlanReports.of(reports, action_plan.start_year, self.report_title)
        if info.title and info.named is None:
            routes = REPORT_ROUTES[info.method]
            info.named_type = next(
                (routes[key][0] for key in self.irm_columns if key in routes), ""
            )
            same_type = info.by_type.get(info.named_type)
            if same_type is not None:
                info.problem = _(
                    "%(plan)s already has a %(type)s, “%(report)s”: name that report, or "
                    "leave the IRM report blank (each column then goes to its report)."
                ) % {
                    "plan": action_plan,
                    "type": same_type.get_type_display(),
                    "report": same_type.title,
                }
        self.reports[key] = info
        return info

    def report_for(self, result, action_plan, key):
        """The report that takes a value of column `key` of this plan's row (REPORT_ROUTES):
        an existing one, or one this import creates. None, with the row's error, when the
        plan's method does not use the column or the named report cannot be created."""
        info = self.plan_reports(action_plan)
        if not info.uses(key):
            result.error(
                key,
                _(
                    "%(plan)s is assessed under the %(method)s method, which does not use "
                    "this indicator: leave the cell blank or ND."
                )
                % {"plan": action_plan, "method": info.method.label},
            )
            return None
        if info.problem:  # the named report is missing and cannot be created
            if ("IRM report", info.problem) not in result.errors:
                result.errors.append(("IRM report", info.problem))
            return None
        report = info.report(key)
        if report is not None:
            return report
        report_type = info.new_type(key)
        named = bool(info.title) and info.named is None and report_type == info.named_type
        if report_type in DESIGN_TYPES:
            year = action_plan.submission_year + 1
        else:
            year = action_plan.end_year + 1
        title = (
            info.title
            if named
            else (f"{action_plan.member.name} {CREATED_TITLES[report_type]} {action_plan.years}")
        )
        report = IrmReport(
            action_plan=action_plan,
            type=report_type,
            stage=IrmReport.Stage.FINAL,
            title=title[:300],
            year=min(year, LAST_YEAR),
        )
        info.add(report)
        self.plan.new_reports.append(report)
        result.notes.append(_("New IRM report: %(title)s") % {"title": report.title})
        return report

    def plan_commitments(self):
        """Per row: its commitment (checks, then new or changed), its reports, its assessments."""
        for result, clean in self.rows():
            if result.errors or "plan_obj" not in clean:
                continue
            commitment, areas = self.check_commitment(result, clean)
            action_plan = clean["plan_obj"]
            values = defaultdict(dict)  # report -> {column: value} of the row's cells with data
            reports = {}
            blank = []
            for key in self.irm_columns:
                if clean[key] in (None, ""):
                    blank.append(key)
                    continue
                report = self.report_for(result, action_plan, key)
                if report is not None:
                    reports[id(report)] = report
                    values[id(report)][key] = clean[key]
            if result.errors:
                result.status = "error"
                continue
            commitment = self.plan_commitment(result, clean, commitment, areas)
            for key, report in reports.items():
                self.plan_assessment(result, commitment, report, values[key])
            if commitment.pk:
                self.keep_recorded(result, commitment, action_plan, blank)
            if result.status != "new" and result.changes:
                result.status = "changed"

    def keep_recorded(self, result, commitment, action_plan, blank):
        """A blank or ND cell keeps the value its report recorded: say so on the row."""
        info = self.plan_reports(action_plan)
        kept = []
        for key in blank:
            report = info.report(key) if info.uses(key) else None
            assessment = self.assessments.get((commitment.pk, report.pk)) if report else None
            if assessment is not None and getattr(assessment, key) not in (None, ""):
                kept.append(COLUMN[key].header)
        if kept:
            result.notes.append(
                _("Kept: the sheet has no data for %(columns)s; the recorded values stay.")
                % {"columns": ", ".join(kept)}
            )
            self.plan.note_kept(result.row, kept)

    def check_commitment(self, result, clean):
        """The row's policy areas and existing commitment; errors if it may not go there."""
        member, action_plan = clean["member_obj"], clean["plan_obj"]
        identifier = clean["identifier"]
        areas = clean.get("areas")
        commitment = self.existing.get(identifier)
        if commitment is not None and commitment.action_plan.member_id != member.pk:
            result.error(
                "member",
                _(
                    "%(identifier)s belongs to %(member)s; "
                    "moving a commitment to another member is not done by import."
                )
                % {"identifier": identifier, "member": commitment.action_plan.member.name},
            )
        elif (
            commitment is not None
            and commitment.pk in self.assessed
            and commitment.action_plan_id != action_plan.pk
        ):
            result.error(
                "plan_number",
                _(
                    "%(identifier)s has IRM assessments on reports of action plan %(number)s, "
                    "so it stays in that plan: the reports are about it. Delete its "
                    "assessments in the admin first to move it."
                )
                % {"identifier": identifier, "number": commitment.action_plan.number},
            )
        elif (commitment is None or commitment.action_plan_id != action_plan.pk) and (
            error := prefix_error(identifier, member, action_plan)
        ):
            result.error("identifier", error)  # as Commitment.clean: a new one, or moved
        return commitment, areas

    def plan_commitment(self, result, clean, commitment, areas):
        """A new commitment, or the changes to an existing one. Returns the commitment."""
        plan, action_plan = self.plan, clean["plan_obj"]
        identifier = clean["identifier"]
        if commitment is None:
            commitment = Commitment(identifier=identifier, action_plan=action_plan)
            for key in ["number", *TEXT_FIELDS]:
                if key in clean:
                    setattr(commitment, key, clean[key])
            plan.new_commitments.append(commitment)
            result.status = "new"
            if areas:
                plan.areas[identifier] = (commitment, areas)
            result.notes.append(
                _("New commitment “%(title)s” in %(plan)s; policy areas: %(areas)s.")
                % {
                    "title": short(commitment.title),
                    "plan": action_plan.title,
                    "areas": display_value("theme", areas or set(), self.area_names),
                }
            )
            return commitment
        changed = []
        if commitment.action_plan_id != action_plan.pk or action_plan.pk is None:
            result.changes.append(
                (COLUMN["plan_number"].header, commitment.action_plan.number, action_plan.number)
            )
            commitment.action_plan = action_plan
            changed.append("action_plan")
        for key in ["number", *TEXT_FIELDS]:
            if key in clean and getattr(commitment, key) != clean[key]:
                result.changes.append(
                    (COLUMN[key].header, short(getattr(commitment, key)), short(clean[key]))
                )
                setattr(commitment, key, clean[key])
                changed.append(key)
        if areas is not None:
            old = set(plan.existing_links.get(commitment.pk, {}))
            if old != areas:
                result.changes.append(
                    (
                        COLUMN["theme"].header,
                        display_value("theme", old, self.area_names),
                        display_value("theme", areas, self.area_names),
                    )
                )
                plan.areas[identifier] = (commitment, areas)
        if changed:
            plan.changed_commitments[identifier] = (commitment, changed)
        return commitment

    def plan_assessment(self, result, commitment, report, values):
        """The commitment's assessment in the report: new, or its changed values. `values`
        holds the row's cells with data only: a blank or ND cell never clears a value."""
        plan = self.plan
        assessment = (
            self.assessments.get((commitment.pk, report.pk))
            if commitment.pk and report.pk
            else None
        )
        if assessment is None:
            assessment = CommitmentAssessment(commitment=commitment, report=report)
            for key, value in values.items():
                setattr(assessment, key, value)
                if result.status != "new":
                    result.changes.append((COLUMN[key].header, "—", display_value(key, value)))
            if result.status == "new":
                result.notes.append(
                    _("Assessed in “%(report)s” — %(values)s.")
                    % {
                        "report": report.title,
                        "values": "; ".join(
                            f"{COLUMN[key].header}: {display_value(key, value)}"
                            for key, value in values.items()
                        ),
                    }
                )
            plan.new_assessments.append(assessment)
            return
        changed = diff(result, assessment, values, COLUMN)
        if changed:
            plan.changed_assessments.append((assessment, changed))
