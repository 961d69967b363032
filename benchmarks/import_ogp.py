"""Benchmark: import OGP's commitment sheet of N rows into an empty site, then again.

    .venv/bin/python benchmarks/import_ogp.py --rows 5000
    DATABASE_URL=postgres://app:app@127.0.0.1:5432/bench .venv/bin/python benchmarks/import_ogp.py

Builds a synthetic sheet (real country names as members, 6 policy areas a row, ~1 KB of text a
row, IRM values on every row), then times reading, checking and writing, counts queries and
reports the process's peak memory (ru_maxrss). Without DATABASE_URL it uses a fresh SQLite file
in a temporary folder; with it, the named PostgreSQL database (its tables are recreated by the
test runner's machinery: run it on a scratch database).
"""

import argparse
import csv
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_sheet(rows, title="Commitment {n}: open the register of public contracts"):
    import pycountry

    from tests.imports.sheets import csv_bytes, row

    themes = [
        "Open Data; Youth; Gender; Health; Justice; Climate",
        "Fiscal Openness; E-Government; Public Participation; Access to Information",
        "Anti-Corruption; Beneficial Ownership; Lobbying; Open Contracting",
    ]
    impacts = ["None", "Minor", "Moderate", "Transformative"]
    completion = ["Not Started", "Limited", "Substantial", "Complete", "ND"]
    countries = [c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name]
    per_member = 250
    values = []
    for n in range(rows):
        member_index, position = divmod(n, per_member)
        plan_number = position // 25 + 1
        prefix = "".join(chr(65 + (member_index // 26**i) % 26) for i in range(3)) + "X"
        values.append(
            row(
                identifier=f"{prefix}{position + 1:04d}",
                member=countries[member_index % len(countries)],
                region="Europe",
                theme=themes[n % 3],
                year=str(2011 + plan_number),
                plan_number=str(plan_number),
                number=str(position % 25 + 1),
                title=title.format(n=n),
                description=("The government will publish every contract. " * 25).strip(),
                potential_impact=impacts[n % 4],
                completion=completion[n % 5],
            )
        )
    return csv_bytes(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--passes", type=int, default=3, help="1: only the first import.")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="Report the peak of Python allocations during each pass (slower).",
    )
    parser.add_argument(
        "--xlsx", action="store_true", help="Also time reading the same sheet as XLSX."
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ.setdefault("SQLITE_PATH", str(workdir / "bench.sqlite3"))
    os.environ.setdefault("DJANGO_INSECURE_DEV_KEY", "1")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ogp.settings"
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from commitments import imports
    from commitments.models import Commitment

    data = build_sheet(args.rows)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    def timed(label, function, *a, **kw):
        nonlocal queries
        queries = 0
        start, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            result = function(*a, **kw)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"  {label:<28} {seconds:7.2f} s wall {cpu:7.2f} s CPU {queries:6,} queries")
        return result, seconds, queries

    vendor = connection.vendor
    print(f"{args.rows:,} rows ({len(data) / 2**20:.1f} MB CSV) on {vendor}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    changed = build_sheet(args.rows, title="Commitment {n}: publish every public contract")
    passes = [
        ("into an empty site", data),
        ("again (nothing changes)", data),
        ("every title changed", changed),
    ]
    del data, changed, passes[args.passes :]
    while passes:
        label, data = passes.pop(0)
        print(label)
        sheet = plan = None  # let the previous pass's rows go before reading the next
        if args.tracemalloc:
            tracemalloc.start()
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        sheet, t1, q1 = timed("read", imports.read_spreadsheet, data, "bench.csv")
        plan, t2, q2 = timed("check and plan (preview)", imports.plan_import, sheet)
        assert not plan.errors, plan.errors[:3]
        _, t3, q3 = timed("write", imports.apply_import, plan)
        total_q = q1 + q2 + q3
        print(
            f"  total {t1 + t2 + t3:.2f} s, {total_q:,} queries "
            f"({total_q / args.rows:.3f} a row), counts {plan.counts()}"
        )
        if args.tracemalloc:
            peak = (tracemalloc.get_traced_memory()[1] - base) / 2**20
            print(f"  peak of this pass's allocations (tracemalloc): {peak:.0f} MB")
    if args.xlsx:
        stream = io.BytesIO()
        csv_rows = csv.reader(io.StringIO(data.decode()))
        imports.write_xlsx(stream, csv_rows)
        print(f"XLSX ({len(stream.getvalue()) / 2**20:.1f} MB)")
        xlsx_sheet, _t, _q = timed("read XLSX", imports.read_spreadsheet, stream.getvalue())
        assert len(xlsx_sheet.rows) == args.rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the process): {peak:.0f} MB")
    print(f"commitments in the database: {Commitment.objects.count():,}")


if __name__ == "__main__":
    main()
