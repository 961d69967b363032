"""Time `manage.py load_demo` (twice: the second run replaces the first) on one database.

    .venv/bin/python benchmarks/load_demo.py --scale 10                      # SQLite, a new file
    .venv/bin/python benchmarks/load_demo.py --scale 10 \\
        --database-url postgres://app:app@127.0.0.1:5432/ogp_demo_bench     # an existing database

Prints wall-clock and CPU seconds of each run (CPU time is the loader's own process: on a
shared machine it is steadier than wall time) and the machine's load average.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SECRET_KEY": "benchmark", "DJANGO_DEBUG": "0"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "demo.sqlite3")
    python = str(ROOT / ".venv" / "bin" / "python")
    run([python, "manage.py", "migrate", "-v0"], env)
    print(f"load_demo --scale {args.scale} on {args.database_url or 'SQLite'}")
    for number in range(1, args.runs + 1):
        wall, cpu, output = run(
            [python, "manage.py", "load_demo", "--scale", args.scale, "--no-users"], env
        )
        wrote = next(line for line in output.splitlines() if line.startswith("Wrote"))
        print(f"run {number}: wall {wall:.1f} s, CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}")
        print(f"  {wrote}")


if __name__ == "__main__":
    main()
