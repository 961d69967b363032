"""Benchmark: import OGP's commitment sheet of N rows into an empty site, then again.

    .venv/bin/python benchmarks/import_ogp.py --rows 5000
    DATABASE_URL=postgres://app:app@127.0.0.1:5432/bench .venv/bin/python benchmarks/import_ogp.py

Builds a synthetic sheet (real country names as members, 6 policy areas a row, ~1 KB of text a
row, IRM values on every row), then times reading, checking and writing, counts queries and
reports the process's peak memory (ru_maxrss). Without DATABASE_URL it uses a fresh SQLite file
in a temporary folder; with it, the named PostgreSQL database (its tables are recreated by the
test runner's machinery: run it on a scratch database).

    .venv/bin/python benchmarks/import_ogp.py --preview --rows 50000 --text-kb 2

measures only the admin's preview of a large file (read and check, as `plan_run()` does it):
the sheet is written to disk row by row, then a fresh process previews it and reports its peak
memory during the preview (Linux: VmHWM, reset once Django is loaded) against its memory then.
"""

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_sheet(rows, title="Commitment {n}: open the register of public contracts"):
    from tests.imports.sheets import csv_bytes

    return csv_bytes(list(sheet_rows(rows, title)))


def sheet_rows(rows, title="Commitment {n}: open the register of public contracts", text_kb=1.1):
    import pycountry

    from imports.commitment_sheet import IRM_FIELDS, REPORT_ROUTES
    from irm.methods import method_of_year
    from tests.imports.sheets import row

    themes = [
        "Open Data; Youth; Gender; Health; Justice; Climate",
        "Fiscal Openness; E-Government; Public Participation; Access to Information",
        "Anti-Corruption; Beneficial Ownership; Lobbying; Open Contracting",
    ]
    impacts = ["None", "Minor", "Moderate", "Transformative"]
    completion = ["Not Started", "Limited", "Substantial", "Complete", "ND"]
    countries = [c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name]
    per_member = 250
    sentence = "The government will publish every contract. "  # 45 characters
    description = (sentence * round(text_kb * 1024 / len(sentence))).strip()
    for n in range(rows):
        member_index, position = divmod(n, per_member)
        plan_number = position // 25 + 1
        prefix = "".join(chr(65 + (member_index // 26**i) % 26) for i in range(3)) + "X"
        year = 2011 + plan_number
        # A 2021+ plan's sheet has no data for the indicators that method does not use.
        unused = {key: "ND" for key in IRM_FIELDS if key not in REPORT_ROUTES[method_of_year(year)]}
        values = row(
            identifier=f"{prefix}{position + 1:04d}",
            member=countries[member_index % len(countries)],
            region="Europe",
            theme=themes[n % 3],
            year=str(year),
            plan_number=str(plan_number),
            number=str(position % 25 + 1),
            title=title.format(n=n),
            description=description,
            potential_impact=impacts[n % 4],
            completion=completion[n % 5],
        )
        yield {**values, **unused}


def write_sheet(path, rows, text_kb):
    """Write the sheet to a file row by row (the generator's memory stays small)."""
    from imports.commitment_sheet import HEADERS
    from tests.imports.sheets import cells

    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for values in sheet_rows(rows, text_kb=text_kb):
            # Typographic quotes, as in real sheets: the text is not all Latin-1.
            values["title"] = f"“{values['title']}”"
            writer.writerow(cells(values))


def memory(key):
    """This process's resident memory in MB: "VmRSS" (now) or "VmHWM" (its peak; Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(key)


def measure_preview(path):
    """In this (fresh) process: preview the file as the admin does; print the memory.

    On Linux the peak is reset once Django is loaded (/proc/self/clear_refs), so that the
    figure is the preview's own peak, not one of Django's start.
    """
    import django

    django.setup()
    from imports.models import ImportRun
    from imports.services import plan_run

    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM, the peak resident memory, to the memory now
    base = memory("VmRSS")
    run = ImportRun(filename=Path(path).name)
    run.file.name = Path(path).name
    run.save()
    start, cpu = time.perf_counter(), time.process_time()
    plan = plan_run(run)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = memory("VmHWM")
    assert plan is not None and not plan.errors, run.message
    print(f"  preview: {run.rows:,} rows, {run.new:,} new, {seconds:.1f} s wall, {cpu:.1f} s CPU")
    print(f"  RSS with Django loaded: {base:.0f} MB; peak RSS during the preview: {peak:.0f} MB")
    print(f"  the preview's own peak: {peak - base:.0f} MB")


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
    parser.add_argument(
        "--preview",
        action="store_true",
        help="Only measure the memory of the admin's preview of a file of --rows rows.",
    )
    parser.add_argument(
        "--text-kb", type=float, default=1.1, help="Full text of a row, in KB (default 1.1)."
    )
    parser.add_argument("--measure-preview", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_preview:  # the child process of --preview; the parent set the environment
        measure_preview(args.measure_preview)
        return

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
    if args.preview:
        path = Path(os.environ["MEDIA_ROOT"]) / "big.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_sheet(path, args.rows, args.text_kb)
        print(
            f"{args.rows:,} rows ({path.stat().st_size / 2**20:.1f} MB CSV) on {connection.vendor}"
        )
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        command = [sys.executable, __file__, "--measure-preview", str(path)]
        subprocess.run(command, check=True, env=os.environ)
        return
    from commitments.models import Commitment
    from imports.commitment_plan import plan_import
    from imports.commitment_sheet import read_spreadsheet
    from imports.commitment_write import apply_import
    from imports.roundtrip import write_xlsx

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
        sheet, t1, q1 = timed("read", read_spreadsheet, data, "bench.csv")
        plan, t2, q2 = timed("check and plan (preview)", plan_import, sheet)
        assert not plan.errors, plan.errors[:3]
        _, t3, q3 = timed("write", apply_import, plan)
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
        write_xlsx(stream, csv_rows)
        print(f"XLSX ({len(stream.getvalue()) / 2**20:.1f} MB)")
        xlsx_sheet, _t, _q = timed("read XLSX", read_spreadsheet, stream.getvalue())
        assert len(xlsx_sheet.rows) == args.rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the process): {peak:.0f} MB")
    print(f"commitments in the database: {Commitment.objects.count():,}")


if __name__ == "__main__":
    main()
