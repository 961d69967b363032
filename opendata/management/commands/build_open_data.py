from django.core.management.base import BaseCommand

from opendata import build


class Command(BaseCommand):
    help = (
        "Build the bulk open data files (a CSV per resource, one JSON file and the Frictionless "
        "datapackage.json) into settings.OPEN_DATA_DIR; /data/ serves the latest build."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Build into this folder instead of OPEN_DATA_DIR.")

    def handle(self, *args, dir=None, **options):
        folder = build.build(dir)
        self.stdout.write(self.style.SUCCESS(f"Built the open data files in {folder}"))
