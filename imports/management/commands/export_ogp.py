"""Export the commitments in OGP's spreadsheet shape (re-importing the file changes nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports import roundtrip


class Command(BaseCommand):
    help = "Write every commitment to FILE (.csv or .xlsx) in OGP's commitment sheet shape."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write: a .csv or .xlsx path.")
        parser.add_argument(
            "--report",
            default="",
            help="Title of the IRM report whose values fill the IRM columns. "
            "Default: each column from the plan's report that assesses it (as import_ogp "
            "without --report).",
        )

    def handle(self, *args, file, report, **options):
        path = Path(file)
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError("The file name must end in .csv or .xlsx.")
        writer = roundtrip.write_xlsx if suffix == ".xlsx" else roundtrip.write_csv
        rows = 0

        def counted():
            nonlocal rows
            for row in roundtrip.export_rows(report):
                rows += 1
                yield row

        try:
            with path.open("wb") as stream:
                writer(stream, counted())
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows - 1:,} commitments to {path}."))
