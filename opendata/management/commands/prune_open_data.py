from django.core.management.base import BaseCommand, CommandError

from opendata import releases


class Command(BaseCommand):
    help = (
        "Remove the open data releases but the newest N (--keep N, at least 1). The release "
        "/data/ serves as the latest is never removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, required=True, help="How many of the newest releases to keep."
        )
        parser.add_argument("--dir", help="The releases' folder instead of OPEN_DATA_DIR.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say which releases would go; remove none."
        )

    def handle(self, *args, keep, dir=None, dry_run=False, **options):
        if keep < 1:
            raise CommandError(
                f"--keep must be at least 1 (got {keep}): the latest release is always kept."
            )
        removed = releases.prune(keep, dir, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        if removed:
            self.stdout.write(f"{verb} {len(removed)} release(s): {', '.join(removed)}")
        else:
            self.stdout.write("No release to remove.")
        kept = [i for i in releases.ids(dir) if i not in removed]
        self.stdout.write(self.style.SUCCESS(f"Kept {len(kept)}: {', '.join(kept) or '-'}"))
