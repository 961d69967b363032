"""Members side by side: `/compare/?members=a,b[,c,d]` and its CSV/JSON/XLSX export.

Each figure is the profile's, computed by the same functions (`irm.figures.plan_figures` and
`PlanFigures.figure_state`, `irm.display.figure_cells`, `irm.figures.global_reports`, the
participation reading of `members.views.PlanRow`); nothing here decides what a figure means.
A comparison runs a fixed number of queries, whatever the number of members and plans: the
members, their plans (with participation), the grouped plan figures, and the Global Report's
three.
"""

from dataclasses import dataclass, field

from django import forms
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments import exports
from commitments.fields import MemberField
from commitments.filters import reference_lists
from commitments.models import ActionPlan
from commitments.views import export_slot, export_throttled
from irm import display, figures
from irm.methods import FigureState
from irm.models import ParticipationAssessment
from members.models import Member
from members.views import PlanRow, participation_of
from ogp.page_cache import public_page
from ogp.throttling import Releasing, throttle
from ogp.translated import list_label
from opendata import writers

MIN_MEMBERS, MAX_MEMBERS = 2, 4
# The profile's names of the counts of "Commitment performance" (its table's headers).
PERFORMANCE_LABELS = {
    "major": gettext_lazy("Major"),
    "outstanding": gettext_lazy("Outstanding"),
    "starred": gettext_lazy("Starred commitments"),
}
PHASES = (
    ("development", gettext_lazy("Development")),
    ("implementation", gettext_lazy("Implementation")),
)


# --- Which members ------------------------------------------------------------------------------


def requested_slugs(query):
    """The slugs of `?members=` in their order: comma-separated, the parameter repeated or
    both (the directory's boxes send one value each)."""
    return [
        slug.strip()
        for value in query.getlist("members")
        for slug in value.split(",")
        if slug.strip()
    ]


def typed_members(query):
    """The slugs the "Compare with…" fields name (`?member=`, a name or a slug each, matched
    as the explorer's member filter matches them), and the problems with them."""
    values = [value for value in query.getlist("member") if value.strip()]
    if not values:
        return [], []
    field = MemberField(references=reference_lists(), required=False)
    try:
        return field.clean(values), []
    except forms.ValidationError as error:
        return [], list(error.messages)


def count_problems(slugs):
    """What is wrong with the list of slugs as a whole (too few, too many, given twice)."""
    problems = []
    if len(slugs) < MIN_MEMBERS:
        problems.append(
            _("Choose at least %(minimum)s members to compare (%(count)s given).")
            % {"minimum": MIN_MEMBERS, "count": len(slugs)}
        )
    if len(slugs) > MAX_MEMBERS:
        problems.append(
            _("Compare at most %(maximum)s members at a time (%(count)s given).")
            % {"maximum": MAX_MEMBERS, "count": len(slugs)}
        )
    seen, twice = set(), {}
    for slug in slugs[: MAX_MEMBERS + 1]:
        if slug in seen:
            twice[slug] = None
        seen.add(slug)
    problems.extend(
        _("“%(slug)s” is given more than once.") % {"slug": shown(slug)} for slug in twice
    )
    return problems


def shown(slug):
    """A slug as a message quotes it: a long one cut short."""
    return slug if len(slug) <= 60 else slug[:59] + "…"


def find_members(slugs):
    """The published members of `slugs`, in that order, and a problem per unknown slug: one
    query."""
    found = {
        member.slug: member
        for member in Member.objects.published().select_related("region").filter(slug__in=slugs)
    }
    unknown = [
        _("No published member has the key “%(slug)s” (the last part of its profile’s address).")
        % {"slug": shown(slug)}
        for slug in dict.fromkeys(slugs)
        if slug not in found
    ]
    return [found[slug] for slug in dict.fromkeys(slugs) if slug in found], unknown


def compare_url(slugs):
    return reverse("compare:compare") + "?" + urlencode({"members": ",".join(slugs)})


# --- The figures of each member -------------------------------------------------------------------


@dataclass
class Column:
    """One member of the comparison with its plans (`members.views.PlanRow`, as the profile
    reads them), its best plans, star share and Global Report findings."""

    member: Member
    rows: list  # PlanRow, by plan number
    findings: list  # irm.figures.DimensionFindings, one per dimension
    best: dict = field(init=False)
    stars: figures.StarShare = field(init=False)

    def __post_init__(self):
        by_plan = {row.plan.pk: row.figures for row in self.rows}
        self.best = figures.best_plans([row.plan for row in self.rows], by_plan)
        self.stars = figures.star_share(by_plan.values())
        self.by_number = {row.plan.number: row for row in self.rows}

    @property
    def commitments(self):
        return sum(row.figures.total for row in self.rows)

    @property
    def current(self):
        return self.rows[-1] if self.rows else None


def columns_of(members):
    """A Column per member, in the given order: five queries whatever their number."""
    plans = list(
        ActionPlan.objects.published()
        .filter(member__in=members)
        .select_related("participation")
        .order_by("member_id", "number")
    )
    by_member = {member.pk: member for member in members}
    for plan in plans:
        plan.member = by_member[plan.member_id]  # no query per plan for its URL
    plan_figures = figures.plan_figures(plans)
    findings = figures.global_reports(members)
    rows = {member.pk: [] for member in members}
    for plan in plans:
        rows[plan.member_id].append(
            PlanRow(plan, plan_figures[plan.pk], [], participation_of(plan))
        )
    return [Column(member, rows[member.pk], findings[member.pk]) for member in members]


# --- The table: figures as rows, members as columns -------------------------------------------


@dataclass
class Row:
    label: str  # a name (a dimension's) is an `ogp.translated.Label`, its fallback marked
    kind: str  # how its cells read: the template's partial of the same name
    cells: list  # one per member, in the columns' order; a "text" cell: its parts, " · "
    note: str = ""


@dataclass
class Section:
    title: str
    rows: list


@dataclass(frozen=True)
class NamedCell:
    """A cell of `irm.display.figure_cells` with the names of the counts it covers."""

    names: str
    cell: display.FigureCell


def named_cells(plan_figures):
    """The profile's "Commitment performance" cells of a plan (Major, Outstanding, Starred),
    each with the labels of the counts it covers (a state spanning several names them all)."""
    cells, position = [], 0
    for cell in display.figure_cells(plan_figures, figures.PEAK_FIGURES):
        covered = figures.PEAK_FIGURES[position : position + cell.colspan]
        position += cell.colspan
        cells.append(NamedCell(", ".join(str(PERFORMANCE_LABELS[n]) for n in covered), cell))
    return cells


@dataclass(frozen=True)
class PhaseCell:
    label: str
    level: str = ""  # the level's label; empty: not reported
    openness: str = ""  # "open", "closed", "reached" (not reported)


def participation_cell(row):
    """A plan's participation: its state when the IRM has not (or never will) assess it,
    else each phase's level and openness (`irm.display.phase_level`)."""
    if row is None:
        return None
    if row.participation is None:
        return {"state": row.participation_state, "label": row.participation_state_label}
    phases = []
    for phase, label in PHASES:
        reached = display.phase_level(row.participation, phase)
        if reached is None:
            phases.append(PhaseCell(label))
        else:
            level, openness = reached
            phases.append(PhaseCell(label, ParticipationAssessment.Level(level).label, openness))
    return {"state": "assessed", "phases": phases}


def performance_cell(row):
    """A plan's "Commitment performance" (None: the member has no plan of this number)."""
    return None if row is None else {"row": row, "cells": named_cells(row.figures)}


def sections(columns):
    """The comparison table's sections, each a list of rows whose cells are (member, value),
    one per member in the columns' order."""
    numbers = sorted({number for column in columns for number in column.by_number})
    dimensions = [finding.dimension for finding in columns[0].findings] if columns else []

    def row(label, kind, read, note=""):
        return Row(label, kind, [(column.member, read(column)) for column in columns], note)

    def per_plan(kind, cell):
        """A row per action plan number: `cell` of each member's plan of that number."""
        return [
            row(
                _("Action Plan %(number)s") % {"number": number},
                kind,
                lambda c, number=number: cell(c.by_number.get(number)),
            )
            for number in numbers
        ]

    def codes(finding):
        return [(code, display.GLOBAL_REPORT_KEY_TEXTS[code]) for code in finding.codes]

    overview = Section(
        _("Action plans and commitments"),
        [
            row(
                _("Kind and region"),
                "text",
                lambda c: [c.member.get_kind_display(), list_label(c.member.region, "name")],
            ),
            row(_("Action plans"), "number", lambda c: len(c.rows)),
            row(
                _("Commitments"),
                "number",
                lambda c: c.commitments,
                _("Published commitments of every action plan."),
            ),
            row(_("Current action plan"), "current", lambda c: c.current),
        ],
    )
    best = [
        row(
            _("%(figure)s: most in one action plan") % {"figure": PERFORMANCE_LABELS[name]},
            "best",
            lambda c, name=name: c.best[name],
        )
        for name in figures.PEAK_FIGURES
    ]
    stars = row(
        _("Star share"),
        "stars",
        lambda c: c.stars,
        _(
            "Starred commitments among those the IRM could star (whose star is decided), as "
            "the profile’s global average counts them."
        ),
    )
    return [
        overview,
        Section(_("Commitment performance"), best + per_plan("performance", performance_cell)),
        Section(_("Starred commitments"), [stars]),
        Section(
            _("Public participation: level of public influence"),
            per_plan("participation", participation_cell),
        ),
        Section(
            _("OGP Global Report: IRM-based findings"),
            [
                row(
                    list_label(dimension, "name"),
                    "codes",
                    lambda c, i=index: codes(c.findings[i]),
                )
                for index, dimension in enumerate(dimensions)
            ],
        ),
        Section(
            _("Third-party scores"),
            [
                row(
                    list_label(dimension, "name"),
                    "scores",
                    lambda c, i=index: c.findings[i].scores,
                )
                for index, dimension in enumerate(dimensions)
            ],
        ),
    ]


# --- The page ----------------------------------------------------------------------------------


def compare_state(query):
    """(members, problems) of a query string: the members found, in order, and what is wrong
    with it (empty when they can be compared)."""
    slugs = requested_slugs(query)
    typed, problems = typed_members(query)
    slugs += typed
    problems += count_problems(slugs)
    if not slugs or len(slugs) > MAX_MEMBERS:
        return [], problems  # too many to look up: the message says so
    members, unknown = find_members(slugs)
    return members, problems + unknown


@public_page
def compare(request):
    query = request.GET
    if "members" not in query and "member" not in query:
        members, problems = [], []  # the page itself: nothing asked yet
    else:
        members, problems = compare_state(query)
    if not problems and query.getlist("member"):
        # A member added by a form: the comparison's own address, the one people cite.
        return redirect(compare_url([member.slug for member in members]))
    columns = columns_of(members) if members and not problems else []
    for column in columns:
        column.remove_url = compare_url(
            [other.member.slug for other in columns if other is not column]
        )
    chosen = [member.slug for member in members] if problems else []
    context = {
        "problems": problems,
        "columns": columns,
        "sections": sections(columns) if columns else [],
        "slugs": ",".join(column.member.slug for column in columns) or ",".join(chosen),
        "chosen": members if problems else [],
        "can_add": len(columns or chosen) < MAX_MEMBERS,
        "typed": " ".join(query.getlist("member"))[:200],
        "max_members": MAX_MEMBERS,
        "global_report_codes": display.GLOBAL_REPORT_KEY,
        "export_query": urlencode({"members": ",".join(c.member.slug for c in columns)}),
    }
    return render(request, "members/compare.html", context, status=400 if problems else 200)


# --- The export: one row per member and figure ----------------------------------------------------

EXPORT_COLUMNS = (
    "member",
    "member_name",
    "figure",
    "action_plan",
    "dimension",
    "indicator",
    "source",
    "year",
    "value",
    "base",
    "state",
)


def export_rows(columns):
    """The comparison as rows of EXPORT_COLUMNS, member by member: see docs/data-dictionary.md
    ("The comparison export")."""
    for column in columns:
        yield from member_rows(column)


def member_rows(column):
    """The rows of one member of the comparison."""
    measured = FigureState.MEASURED.value
    member = column.member

    def row(figure, value=None, *, plan=None, dimension=None, base=None, state=None, **more):
        return [
            member.slug,
            member.name,
            figure,
            plan,
            dimension,
            more.get("indicator"),
            more.get("source"),
            more.get("year"),
            value,
            base,
            state,
        ]

    yield row("action_plans", len(column.rows))
    yield row("commitments", column.commitments)
    for name in figures.PEAK_FIGURES:
        best = column.best[name]
        if best.value is None:
            states = "; ".join(str(state) for state, _label in best.states)
            yield row(f"best_{name}", state=states or None)
        for plan in best.plans:
            yield row(f"best_{name}", best.value, plan=plan.number, state=measured)
    yield row("star_share", column.stars.starred, base=column.stars.star_decided)
    for plan_row in column.rows:
        number, plan_figures = plan_row.plan.number, plan_row.figures
        yield row("plan_commitments", plan_figures.total, plan=number)
        for name in figures.PEAK_FIGURES:
            state = plan_figures.figure_state(name)
            yield row(name, plan_figures.measured(name), plan=number, state=str(state))
        participation = plan_row.participation
        for phase, _label in PHASES:
            if participation is None:
                yield row(f"{phase}_level", plan=number, state=str(plan_row.participation_state))
                continue
            reached = display.phase_level(participation, phase)
            level, openness = reached if reached else (None, "")
            yield row(
                f"{phase}_level",
                level,
                plan=number,
                state="assessed" if reached else "not_reported",
            )
            yield row(
                f"{phase}_open",
                {"open": True, "closed": False}.get(openness),
                plan=number,
                state="assessed" if openness in ("open", "closed") else "not_reported",
            )
    for finding in column.findings:
        slug = finding.dimension.slug
        yield row("global_report_codes", " ".join(finding.codes), dimension=slug)
        for score in finding.scores:
            yield row(
                "third_party_score",
                float(score.value),
                dimension=slug,
                base=float(score.scale_max),
                indicator=score.indicator,
                source=score.source,
                year=score.year,
            )


# The kinds of EXPORT_COLUMNS, for the XLSX's column widths (opendata.writers.column_width).
EXPORT_KINDS = (
    "text",
    "text",
    "code",
    "integer",
    "code",
    "text",
    "text",
    "integer",
    "text",
    "number",
    "code",
)


@throttle("export", "EXPORT_THROTTLE_RATE", export_throttled)
def export(request, export_format):
    if export_format not in exports.FORMATS:
        raise Http404
    query = request.GET
    members, problems = compare_state(query)
    if problems:
        return JsonResponse(
            {
                "error": _("Invalid comparison."),
                "details": [{"parameter": "members", "message": str(p)} for p in problems],
            },
            status=400,
        )
    content_type, extension = exports.FORMATS[export_format]
    page = request.build_absolute_uri(compare_url([member.slug for member in members]))
    dictionary_url = request.build_absolute_uri(reverse("commitments:data-dictionary"))
    provenance = exports.provenance(
        title=_("OGP members compared"),
        filters=_("Members: %(names)s") % {"names": ", ".join(m.name for m in members)},
        url=page,
    )
    meta = {
        "source": request.build_absolute_uri(),
        "page": page,
        "generated_at": provenance["generated_at"],
        "data_dictionary": dictionary_url,
        "members": [member.slug for member in members],
        "provenance": provenance,
    }
    release, busy = export_slot(request)
    if busy:
        return busy
    try:
        # The queries run now: one that fails is an error answer, not a 200 with a broken file.
        rows = list(export_rows(columns_of(members)))
    except BaseException:
        release()
        raise
    writer = exports.table_writer(
        export_format, EXPORT_COLUMNS, meta, "comparison", kinds=EXPORT_KINDS
    )
    chunks = writers.stream(writer, rows)
    response = StreamingHttpResponse(Releasing(chunks, release), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(extension, "comparison")}"'
    )
    return exports.provenance_headers(response, provenance, dictionary_url)
