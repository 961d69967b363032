"""What every sheet's import shares: row results, plans, cell checks and the write of a plan.

Above the reader (imports.reader), below the sheets (imports.commitment_*, imports.participation,
imports.scores). Every sheet checks every row before anything is written (a `Plan` of
`RowResult`s), one row error rejects the file (`ImportRejected`), and the write is one
transaction in which every record created or changed gets a history entry.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.reader import CONTROL, MAX_CELL, Column, FormulaCell, normalise
from members.models import Member

BATCH = 900  # rows per query; under SQLite's limit on query parameters.
# bulk_update() (ours and refresh_findings()') writes one CASE per column: its cost grows with
# the square of the batch, so small batches are much faster (benchmarks/import_ogp.py).
UPDATE_BATCH = 100
PREVIEW_ROWS = 1000  # rows of each status a preview keeps for display; counts cover every row
MISSING = {"", "nd", "na", "n/a"}
FLAGS = {"1": True, "0": False, "yes": True, "no": False, "true": True, "false": False}


class ImportRejected(Exception):
    """The plan has row errors: nothing was written."""


@dataclass
class RowResult:
    row: int
    identifier: str
    status: str = "unchanged"  # new / changed / unchanged / error
    changes: list = field(default_factory=list)  # (column header, old, new)
    notes: list = field(default_factory=list)  # "New member …", "New action plan …"
    errors: list = field(default_factory=list)  # (column header, reason)
    headers: dict = field(default=None, repr=False)  # column key -> Column of the sheet

    def error(self, key, message):
        columns = self.headers or {}
        self.errors.append((columns[key].header if key in columns else key, message))


@dataclass
class Plan:
    """What importing a sheet would do: one RowResult per row, and the records to write.

    A preview's plan (`preview`) keeps only the rows a preview shows: the first PREVIEW_ROWS
    rows of each status but "unchanged"; its counts cover every row (`keep()`).
    """

    sheet: object
    rows: list
    preview: bool = False
    tally: dict = None  # the statuses of every row, when the rows were added by keep()

    @property
    def errors(self):
        """The rows with errors (of a preview's plan, those it keeps)."""
        return [row for row in self.rows if row.errors]

    def counts(self):
        if self.tally is not None:
            return {"rows": sum(self.tally.values()), **self.tally}
        counts = {"rows": len(self.rows), "new": 0, "changed": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def keep(self, results):
        """Add planned rows: count them, and keep them (a preview's plan: those it shows)."""
        if self.tally is None:
            self.tally = dict.fromkeys(("new", "changed", "unchanged", "error"), 0)
        for result in results:
            shown = result.status != "unchanged" and self.tally[result.status] < PREVIEW_ROWS
            if shown or not self.preview:
                self.rows.append(result)
            self.tally[result.status] += 1

    @property
    def has_changes(self):
        counts = self.counts()
        return bool(counts["new"] or counts["changed"])

    def refuse_errors(self):
        """Raise ImportRejected if any row has an error: a plan is written whole or not at all."""
        if self.counts()["error"]:
            raise ImportRejected(
                _("%(count)s rows have errors: nothing was written.")
                % {"count": self.counts()["error"]}
            )


def mark_errors(rows):
    """Give every row with an error the status "error" (the last step of every plan)."""
    for result in rows:
        if result.errors:
            result.status = "error"


# --- Cell checks -----------------------------------------------------------------------------


def batches(items, size=BATCH):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def vocabulary(choices, **synonyms):
    """{normalised code or label: code} of a TextChoices, with extra synonyms."""
    table = {}
    for value, label in choices.choices:
        table[normalise(value)] = value
        table[normalise(str(label))] = value
    for synonym, value in synonyms.items():
        table[normalise(synonym.replace("_", " "))] = value
    return table


def check_cells(result, values, columns, column_map):
    """Formulas, overlong and missing required cells, for any kind of sheet. Returns texts."""
    clean = {}
    for key in columns:
        text, column = values[key], column_map[key]
        if isinstance(text, FormulaCell):
            result.error(key, _("A formula is not accepted: paste the values instead."))
            continue
        if control := CONTROL.search(text):
            result.error(
                key,
                _("Holds a control character (U+%(code)s): remove it.")
                % {"code": f"{ord(control.group()):04X}"},
            )
            continue
        if len(text) >= MAX_CELL:
            # Excel and openpyxl stop at 32,767 characters: such a cell may have been cut.
            result.error(key, _("At or over Excel's limit of 32,767 characters: it may be cut."))
            continue
        if len(text) > column.max_length:
            result.error(
                key, _("Longer than %(limit)s characters.") % {"limit": f"{column.max_length:,}"}
            )
            continue
        if column.required and not text:
            result.error(key, _("Required."))
            continue
        clean[key] = text
    return clean


def integer(result, values, key, low, high):
    text = values.get(key, "")
    try:
        number = int(text)
    except ValueError:
        result.error(
            key, _("“%(text)s” is not a whole number.") % {"text": text} if text else _("Required.")
        )
        return None
    if not low <= number <= high:
        result.error(
            key,
            _("%(number)s is out of range (%(low)s–%(high)s).")
            % {"number": number, "low": low, "high": high},
        )
        return None
    return number


def flag(result, clean, key):
    """1/0 (yes/no, true/false) → True/False; ND, NA, blank → None; else a row error."""
    text = normalise(clean[key])
    if text in MISSING:
        return None
    if text in FLAGS:
        return FLAGS[text]
    result.error(key, _("“%(text)s” is not 0, 1, ND, NA or blank.") % {"text": clean[key]})
    return None


def choice(result, clean, key, choices, table):
    """A code of `choices` (by code, label or synonym in `table`); ND, NA, blank → "".

    Anything else is a row error, and None.
    """
    text = normalise(clean[key])
    if text in MISSING:
        return ""
    if text in table:
        return table[text]
    labels = ", ".join(str(label) for label in choices.labels)
    result.error(
        key,
        _("“%(text)s” is not one of: %(labels)s, ND, NA or blank.")
        % {"text": clean[key], "labels": labels},
    )
    return None


def short(value, limit=120):
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display(value):
    """A value as a preview shows it (old → new)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


# --- Sheets of records keyed by member (participation, third-party scores) -------------------


@dataclass
class SheetPlan(Plan):
    """What importing a participation or score sheet would do: records of one model."""

    model: type = None
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (object, changed fields)
    after_write: object = None  # called with the records written and the time, in the write

    def add(self, result, obj, changed):
        """Count a row's record as new, or as changed when `changed` names fields."""
        if obj.pk is None:
            result.status = "new"
            self.new.append(obj)
        elif changed:
            result.status = "changed"
            self.changed.append((obj, changed))


def sheet_rows(sheet, columns):
    """(RowResult, checked cells) of every row of a sheet of these columns."""
    headers = {column.key: column for column in columns}
    for number, values in sheet.rows:
        result = RowResult(row=number, identifier="", headers=headers)
        yield result, check_cells(result, values, sheet.columns, headers)


def members_by_name():
    return {normalise(member.name): member for member in Member.objects.all()}


# The column that names a row's member, by name ("Seoul, South Korea"), in every sheet.
MEMBER_COLUMN = Column("member", "Country/Locality", required=True, max_length=200)


def member_sheet_rows(sheet, columns):
    """The rows of a sheet keyed by member (participation, scores): (rows, the members by
    normalised name, the sorted ids of the members the rows name)."""
    members = members_by_name()
    rows = list(sheet_rows(sheet, columns))
    named = {normalise(clean.get("member", "")) for _result, clean in rows}
    return rows, members, sorted(members[name].pk for name in named if name in members)


def member_of(result, clean, members):
    """The member a row names, or None with the row's error."""
    member = members.get(normalise(clean["member"]))
    if member is None:
        result.error("member", _("Unknown member “%(name)s”.") % {"name": clean["member"]})
    return member


def diff(result, obj, values, headers):
    """Set values on obj; record old → new on the row. Returns the changed field names."""
    changed = []
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            if obj.pk:
                model_field = obj._meta.get_field(name)
                result.changes.append(
                    (headers[name].header, _shown(old, model_field), _shown(value, model_field))
                )
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _shown(value, model_field):
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    return display(value)


def apply_sheet(plan, user=None, reason="Import", progress=None):
    """Write a checked participation or score plan, all of it or nothing."""
    plan.refuse_errors()
    history = {
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
    model = plan.model
    with transaction.atomic():
        for batch in batches(plan.new, 500):
            model.objects.bulk_create(batch)
            model.history.bulk_history_create(batch, **history)
        fields = sorted({name for _obj, names in plan.changed for name in names})
        for batch in batches([obj for obj, _names in plan.changed], UPDATE_BATCH):
            model.objects.bulk_update(batch, fields)
            model.history.bulk_history_create(batch, update=True, **history)
        if plan.after_write is not None:
            written = [*plan.new, *(obj for obj, _names in plan.changed)]
            plan.after_write(written, history["default_date"])
    if progress:
        progress(model._meta.verbose_name_plural, len(plan.new) + len(plan.changed), len(plan.rows))
    return plan.counts()
