from django.core.management.base import BaseCommand

from opendata import build


class Command(BaseCommand):
    help = (
        "Build the bulk open data files (a CSV per resource, one JSON file, the Frictionless "
        "datapackage.json and SHA256SUMS) and publish them as a new dated release under "
        "settings.OPEN_DATA_DIR/releases/; /data/ serves it as the latest. Older releases stay "
        "until prune_open_data removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Build into this folder instead of OPEN_DATA_DIR.")

    def handle(self, *args, dir=None, **options):
        release_id, folder = build.build(dir)
        self.stdout.write(
            self.style.SUCCESS(f"Built the open data files: release {release_id} in {folder}")
        )
