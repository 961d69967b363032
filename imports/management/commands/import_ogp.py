"""Import OGP's commitment spreadsheet (CSV or XLSX): see docs/imports.md."""

import logging
import sys
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportRun, stored_name
from imports.reader import SpreadsheetError
from imports.services import KIND_TITLES, apply_run, kept_summary, read_and_plan, unexpected

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Import OGP's commitment spreadsheet (or a participation or third-party score sheet, "
        "recognised by its columns). Checks every row first; writes all of it or nothing. "
        "Exits with status 1 and lists the errors when the file is rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file in OGP's commitment sheet shape.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and show what would change; write nothing.",
        )
        parser.add_argument(
            "--report",
            default="",
            help="Title of an IRM report the sheet's IRM values belong to, for the indicators it "
            "assesses (created for each action plan if missing). Default: each column goes to "
            "the plan's report that assesses it.",
        )
        parser.add_argument(
            "--show", type=int, default=20, help="How many new/changed rows to list (default 20)."
        )

    def handle(self, *args, file, dry_run, report, show, **options):
        path = Path(file)
        try:
            stream = path.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        with stream:
            self.import_file(stream, path.name, dry_run, report, show)

    def import_file(self, stream, name, dry_run, report, show):
        self.progress("Reading and checking", name)
        try:
            plan = read_and_plan(stream, name, report)
        except SpreadsheetError as error:
            raise CommandError(f"{name} is rejected: {error}") from None
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}.") from None
        except Exception as error:
            logger.exception("import_ogp %s: reading or checking the file failed", name)
            raise CommandError(f"{name}: {unexpected(error)}") from None
        sheet = plan.sheet
        self.stderr.write(f"{KIND_TITLES[sheet.kind]}: {len(sheet.rows):,} rows")
        counts = plan.counts()
        if sheet.ignored:
            self.stdout.write("Columns ignored: " + ", ".join(sheet.ignored))
        if plan.errors:
            for row in plan.errors:
                for column, reason in row.errors:
                    self.stderr.write(
                        f"Row {row.row} ({row.identifier or '?'}), {column}: {reason}"
                    )
            self.stdout.write(self.summary(counts))
            raise CommandError(
                f"{name} is rejected: {len(plan.errors):,} rows have errors. Nothing was written."
            )
        for line in kept_summary(plan):
            self.stdout.write(line)
        shown = [row for row in plan.rows if row.status in ("new", "changed")][:show]
        for row in shown:
            self.stdout.write(f"Row {row.row} {row.identifier}: {row.status}")
            for note in row.notes:
                self.stdout.write(f"    {note}")
            for column, old, new in row.changes:
                self.stdout.write(f"    {column}: {old} → {new}")
        if dry_run:
            self.stdout.write(self.summary(counts) + " (dry run: nothing written)")
            return
        if not plan.has_changes:
            self.stdout.write(self.summary(counts) + " Nothing to write.")
            return
        run = ImportRun(filename=name[:255], report_title=report, source=ImportRun.Source.CLI)
        run.file.save(stored_name(name), File(stream), save=False)
        run.save()
        if not apply_run(run, progress=self.progress_bar, plan=plan):
            raise CommandError(f"{name}: {run.message}")
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(self.summary(counts) + f" Recorded as Import #{run.pk}.")
        )

    @staticmethod
    def summary(counts):
        return (
            f"{counts['rows']:,} rows: {counts['new']:,} new, {counts['changed']:,} changed, "
            f"{counts['unchanged']:,} unchanged, {counts['error']:,} with errors."
        )

    def progress(self, stage, detail):
        self.stderr.write(f"{stage} {detail}…")

    def progress_bar(self, stage, done, total):
        width = 30
        filled = width * done // total if total else width
        line = f"\rWriting {stage:<12} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if sys.stderr.isatty():
            self.stderr.write(line, ending="")
        elif done == total:
            self.stderr.write(line.lstrip("\r"))
