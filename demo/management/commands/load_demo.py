from django.core.management.base import BaseCommand, CommandError

from demo.base import DEFAULT_SEED
from demo.loader import load_demo, reset_demo_users

MAX_SCALE = 50


def scale_value(text):
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--scale must be a number, not {text!r}") from None
    if not 0 < value <= MAX_SCALE:
        raise CommandError(f"--scale must be above 0 and at most {MAX_SCALE}, not {text}")
    return value


class Command(BaseCommand):
    help = (
        "Load the demo data: Seoul exactly as OGP's member page shows it, plus a synthetic, "
        "seeded partnership (about 75 national and 150 local members, 600 action plans and "
        "6,000 commitments with milestones, IRM reports and assessments of all three eras, "
        "participation, posts and third-party scores). Idempotent: the demo set loaded before "
        "(Seoul, South Korea and the members with a website on the .example domain) is deleted "
        "and loaded again in one transaction; other records are left alone. Rows are written "
        "with bulk_create, so demo records have no django-simple-history entries until someone "
        "edits them. Also creates or resets the demo staff logins admin (superuser), editor "
        "(Editors) and researcher (IRM researchers) and prints their password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=scale_value,
            default=1.0,
            help="How many times the default partnership to load: 10 for benchmarks. "
            "Fractions (0.1) load a smaller sample; Seoul is always complete.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the generator; the same seed loads the same data (default "
            f"{DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--password",
            default="",
            help="Password of the demo logins (default: a new random one, printed).",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Also run irm.services.refresh_all_findings() at the end (the loader already "
            "sets the effective IRM values with the same rules; this is slow and changes nothing).",
        )
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create or reset the demo logins."
        )

    def handle(self, *args, scale, seed, password, refresh, no_users, **options):
        def log(message):
            self.stdout.write(message)
            self.stdout.flush()

        try:
            counts = load_demo(scale=scale, seed=seed, refresh=refresh, log=log)
        except LookupError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(
            f"{count} {label.split('.')[-1]}"
            for label, count in sorted(counts.items())
            if label != "seconds"
        )
        self.stdout.write(f"Wrote {summary}.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded in {counts['seconds']} s (scale {scale:g}).")
        )
        if no_users:
            return
        password, usernames = reset_demo_users(password or None)
        self.stdout.write("")
        self.stdout.write("Sign in to the admin (/admin/ on the running site) as:")
        for username in usernames:
            self.stdout.write(f"  username {username!r:14} password {password!r}")
