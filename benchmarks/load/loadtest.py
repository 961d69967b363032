"""Load and fault tests: two gunicorn instances behind nginx, driven by wrk, on loopback only.

    benchmarks/load/run.sh     # load: static file, profile, explorer, API; cold then warm
    benchmarks/load/fault.sh   # PostgreSQL restarted in the middle of a run; errors per second

Everything listens on 127.0.0.1 and every wrk run is bounded (`--duration`). The stack is
started in a temporary directory (nginx config, pid, logs) and stopped at the end, also on
Ctrl-C. Run it from the repository root; see docs/benchmarks.md ("Load and faults").
"""

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from stack import DEFAULT_DATABASE_URL, HERE, ROOT, Stack, load_average, log


def fetch(url, timeout=30):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read()
        status = response.status
    return status, body, time.perf_counter() - start


def pick_paths(stack, count):
    """Profile, explorer and API paths from the running site, so only published records."""
    base = stack.base_url
    _, body, _ = fetch(f"{base}/api/members/?page_size=500")
    members = json.loads(body)["results"]
    rng = random.Random(7)
    slugs = [member["slug"] for member in members]
    rng.shuffle(slugs)
    _, body, _ = fetch(f"{base}/api/policy-areas/?page_size=500")
    areas = [area["slug"] for area in json.loads(body)["results"]]
    rng.shuffle(areas)
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    static_name = manifest["paths"].get("css/site.css", "css/site.css")
    first_areas = ["open-data", *[area for area in areas if area != "open-data"]]
    return {
        "static-nginx": [f"/static/{static_name}"],
        "static-app": [f"/app-static/{static_name}"],
        "profile": [f"/members/{slug}/" for slug in slugs[:count]],
        "explorer": [f"/commitments/?policy_area={area}" for area in first_areas[:count]],
        "api": [
            f"/api/commitments/?policy_area={area}&page_size=100" for area in first_areas[:count]
        ],
    }


def check_paths(stack, paths):
    """Every path answers 200 before it is loaded; a broken page is not a benchmark."""
    for kind, items in paths.items():
        for path in items[:3]:
            status, _, _ = fetch(stack.base_url + path)
            if status != 200:
                raise SystemExit(f"{kind}: {path} answered {status}")


def run_wrk(stack, paths, duration, connections, threads, per_second=False):
    paths_file = stack.tmp / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "20s",
        "-s",
        HERE / "paths.lua",
        stack.base_url,
        "--",
        paths_file,
        str(threads),
    ]
    if per_second:
        command.append("per-second")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary, by_second = None, {}
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            summary = json.loads(line.removeprefix("WRK_JSON "))
    for seconds_file in stack.tmp.glob("paths.txt.seconds.*"):
        for line in seconds_file.read_text().splitlines():
            row = json.loads(line)
            merged = by_second.setdefault(row["second"], {"second": row["second"]})
            for key, value in row.items():
                if key != "second":
                    merged[key] = merged.get(key, 0) + value
        seconds_file.unlink()
    seconds = list(by_second.values())
    if seconds:  # a second in which no response arrived is a row of zeros
        for second in range(min(by_second), max(by_second)):
            by_second.setdefault(second, {"second": second, "all": 0})
        seconds = list(by_second.values())
    if summary is None:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["errors"] = sum(
        summary[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return summary, sorted(seconds, key=lambda row: row["second"])


def first_hits(stack, paths, count):
    """Latency of the first and the second request of each path, one at a time."""
    cold, warm = [], []
    for path in paths[:count]:
        cold.append(fetch(stack.base_url + path)[2])
    for path in paths[:count]:
        warm.append(fetch(stack.base_url + path)[2])
    return statistics.median(cold), statistics.median(warm)


def load_test(stack, args):
    paths = pick_paths(stack, args.urls)
    check_paths(stack, paths)
    kinds = [kind for kind in paths if kind in args.only]
    results = {"load_average_start": load_average(), "passes": {}, "first_hits": {}}
    for kind in kinds:
        log(f"{kind}: restart, clear the cache, cold pass, warm pass ({load_average()})")
        stack.restart_app()
        if kind in ("profile", "api"):
            cold, warm = first_hits(stack, paths[kind], args.probe)
            results["first_hits"][kind] = {"cold_s": cold, "warm_s": warm}
            stack.restart_app()
        for name in ("cold", "warm"):
            summary, _ = run_wrk(stack, paths[kind], args.duration, args.connections, args.threads)
            summary["load_average"] = load_average()
            results["passes"].setdefault(kind, {})[name] = summary
            log(
                f"  {name}: {summary['rps']:.0f} req/s, p50 {summary['p50_us'] / 1000:.1f} ms, "
                f"p99 {summary['p99_us'] / 1000:.1f} ms, errors {summary['errors']}"
            )
    results["load_average_end"] = load_average()
    results["paths"] = {
        kind: paths[kind][:3] + (["…"] if len(paths[kind]) > 3 else []) for kind in kinds
    }
    return results


def fault_test(stack, args):
    paths = pick_paths(stack, args.urls)
    check_paths(stack, paths)
    # Pages that read the database, each followed by three /healthz (a database query each,
    # never cached, fast): enough responses per second to see when errors start and stop.
    pages = [*paths["profile"][:40], *paths["api"][:5]]
    random.Random(11).shuffle(pages)
    mix = [path for page in pages for path in (page, "/healthz", "/healthz", "/healthz")]
    pids_before = stack.pids()
    wrk = None
    result = {"load_average_start": load_average(), "paths": len(mix)}

    def restart_postgres():
        time.sleep(args.restart_after)
        started = time.time()
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                args.pg_version,
                args.pg_cluster,
                "restart",
            ],
            check=True,
        )
        return started, time.time()

    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        wrk = pool.submit(run_wrk, stack, mix, args.duration, args.connections, args.threads, True)
        restart = pool.submit(restart_postgres)
        restart_start, restart_end = restart.result()
        summary, seconds = wrk.result()
    pids_after = stack.pids()
    result.update(
        summary=summary,
        restart_start=restart_start,
        restart_end=restart_end,
        restart_seconds=round(restart_end - restart_start, 2),
        seconds=seconds,
        pids_before=pids_before,
        pids_after=pids_after,
        same_processes=pids_before == pids_after,
        load_average_end=load_average(),
    )
    status, _, _ = fetch(stack.base_url + "/healthz")
    result["healthz_after"] = status
    return result


def print_load(results):
    passes = results["passes"]
    print(
        f"load average at start {results['load_average_start']}, "
        f"at end {results['load_average_end']}"
    )
    print("| page | pass | requests/s | p50 ms | p90 ms | p99 ms | requests | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for kind, by_pass in passes.items():
        for name, s in by_pass.items():
            print(
                f"| {kind} | {name} | {s['rps']:.0f} | {s['p50_us'] / 1000:.1f} | "
                f"{s['p90_us'] / 1000:.1f} | {s['p99_us'] / 1000:.1f} | {s['requests']} | "
                f"{s['errors']} |"
            )
    for reference in ("static-app", "static-nginx"):
        if reference in passes and "profile" in passes:
            for name in ("cold", "warm"):
                ratio = passes["profile"][name]["rps"] / passes[reference][name]["rps"]
                print(f"profile {name} / {reference} {name} throughput: {ratio:.2%}")
    for kind, by_pass in passes.items():
        if kind.startswith("static"):
            continue
        ratio = by_pass["warm"]["rps"] / by_pass["cold"]["rps"]
        print(f"{kind}: warm / cold throughput {ratio:.2f}")
    for kind, hits in results["first_hits"].items():
        print(
            f"{kind}: first request median {hits['cold_s'] * 1000:.1f} ms, second "
            f"{hits['warm_s'] * 1000:.1f} ms (cold/warm {hits['cold_s'] / hits['warm_s']:.2f})"
        )


def print_fault(result):
    start, end = int(result["restart_start"]), int(result["restart_end"])
    print(
        f"load average at start {result['load_average_start']}, at end {result['load_average_end']}"
    )
    print(
        f"PostgreSQL restart took {result['restart_seconds']} s "
        f"(seconds {start - result['seconds'][0]['second']}–"
        f"{end - result['seconds'][0]['second']} of the run)"
    )
    print("| second | responses | errors | by status |")
    print("|---:|---:|---:|---|")
    first = result["seconds"][0]["second"]
    outside = 0
    for row in result["seconds"]:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row.items()) if k.isdigit())
        marker = " (restart)" if start <= row["second"] <= end else ""
        if not start <= row["second"] <= end + 1:
            outside += row.get("errors", 0)
        print(
            f"| {row['second'] - first}{marker} | {row.get('all', 0)} | {row.get('errors', 0)} "
            f"| {statuses} |"
        )
    s = result["summary"]
    print(
        f"total {s['requests']} requests, {s['errors']} errors (socket: connect "
        f"{s['connect_errors']}, read {s['read_errors']}, write {s['write_errors']}, timeouts "
        f"{s['timeouts']}); errors outside the restart second(s) and the one after: {outside}"
    )
    print(
        f"same gunicorn processes before and after: {result['same_processes']}; "
        f"/healthz after: {result['healthz_after']}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["load", "fault"])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument(
        "--ports", type=lambda v: [int(p) for p in v.split(",")], default=[8101, 8102]
    )
    parser.add_argument("--nginx-port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--duration", type=int, default=None, help="seconds per wrk run (load: 10, fault: 30)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--urls",
        type=int,
        default=200,
        help="distinct profile (and at most that many explorer/API) paths",
    )
    parser.add_argument(
        "--probe",
        type=int,
        default=5,
        help="paths timed one by one for first-request (cold) latency",
    )
    parser.add_argument(
        "--only",
        type=lambda v: v.split(","),
        default=["static-nginx", "static-app", "profile", "explorer", "api"],
    )
    parser.add_argument("--restart-after", type=float, default=10.0)
    parser.add_argument("--pg-version", default="15")
    parser.add_argument("--pg-cluster", default="main")
    parser.add_argument("--skip-collectstatic", action="store_true")
    parser.add_argument(
        "--redis",
        action="store_true",
        help="start redis-server on --redis-port and share the cache through it (REDIS_URL)",
    )
    parser.add_argument("--redis-port", type=int, default=8103)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    if args.duration is None:
        args.duration = 10 if args.mode == "load" else 30
    for tool in ("wrk", "nginx", *(["redis-server"] if args.redis else [])):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: apt-get install -y {tool}")

    # `timeout` or `kill` sends SIGTERM: stop nginx and gunicorn on the way out all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="ogp-load-") as tmp:
        stack = Stack(args, tmp)
        if not args.skip_collectstatic:
            stack.manage("collectstatic", "--noinput", "-v0")
        try:
            stack.start()
            log(f"{stack.base_url} up; load average {load_average()}")
            if args.mode == "load":
                results = load_test(stack, args)
                print_load(results)
            else:
                results = fault_test(stack, args)
                print_fault(results)
            if args.json:
                args.json.write_text(json.dumps(results, indent=2, default=str))
        except BaseException:
            for logfile in sorted(Path(tmp).glob("*.log")):
                log(f"--- {logfile.name} (last lines)")
                log("\n".join(logfile.read_text(errors="replace").splitlines()[-15:]))
            raise
        finally:
            with contextlib.suppress(Exception):
                stack.stop()


if __name__ == "__main__":
    main()
