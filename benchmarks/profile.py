"""Benchmark: the member profile page under gunicorn on PostgreSQL with the 10× demo data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/profile.py [--member seoul-south-korea] [--duration 10]

The database must hold the demo data (`manage.py load_demo --scale 10`). The script

1. counts the queries of the profile, action plan and commitment pages (Django's test client);
2. starts gunicorn (2 sync workers, no access log) on a free local port;
3. times sequential requests to the profile over one keep-alive connection: median and 95th
   percentile, in milliseconds, after a warm-up;
4. runs wrk (Debian's `wrk`) against the profile and against a static file (site.css, served by
   whitenoise from the same server) for the same duration and connections, and reports the
   profile's throughput as a share of the static file's: a ratio measured in one run, which
   stays meaningful on a machine shared with other work, unlike absolute numbers.

It also measures the largest published member (the most commitments) unless --member is given.
Loads only 127.0.0.1, bounded in time.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://app:app@127.0.0.1:5432/ogp_bench10"


def server_environment(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE": "0",
            "DJANGO_MANIFEST_STATIC": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def count_queries(paths):
    """{path: (status, queries with a cold cache, queries with a warm one)}, through Django's
    test client. The profile keeps the partnership-wide maxima in the cache for a while."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from ogp.page_cache import recent_pages

    setup_test_environment()
    client = Client()
    counts = {}
    for path in paths:
        client.get(path)  # open the connection
        cache.clear()
        recent_pages.clear()  # the worker's own copy of the pages it served (with Redis)
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        counts[path] = (response.status_code, len(cold), len(warm))
    return counts


def pages_of(member_slug):
    """The profile, the latest plan and the first commitment of a member (or the largest)."""
    import django

    django.setup()
    from django.db.models import Count

    from commitments.models import ActionPlan, Commitment
    from members.models import Member

    members = Member.objects.published()
    if member_slug:
        member = members.get(slug=member_slug)
    else:
        member = members.annotate(n=Count("action_plans__commitments")).order_by("-n").first()
    plan = ActionPlan.objects.published().filter(member=member).order_by("-number").first()
    commitment = Commitment.objects.published().filter(action_plan__member=member).first()
    paths = [member.get_absolute_url()]
    if plan:
        paths.append(plan.get_absolute_url())
    if commitment:
        paths.append(commitment.get_absolute_url())
    size = Commitment.objects.published().filter(action_plan__member=member).count()
    return member, size, paths


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer 200 on {path} within {timeout}s")


def latencies(port, path, requests, warmup):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for index in range(warmup + requests):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if index >= warmup:
            times.append(elapsed)
    connection.close()
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95


def workers_cpu_seconds(master_pid):
    """User + system CPU seconds used so far by gunicorn's worker processes (Linux /proc)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(port, path, duration, connections, threads):
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses on {path}:\n{output}")
    return float(rate.group(1)), int(total.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--member", help="slug of the member (default: the largest one)")
    parser.add_argument("--requests", type=int, default=300, help="timed sequential requests")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    env = server_environment(database_url)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp.settings")

    member, size, paths = pages_of(args.member)
    queries = count_queries(paths)
    print(f"database: {database_url.rsplit('@', 1)[-1]}")
    print(f"member: {member.name} ({size} published commitments)")
    for path, (status, cold, warm) in queries.items():
        print(f"  {status} {cold:3d} queries ({warm} with a warm cache)  {path}")

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "ogp.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--max-requests",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    static_path = "/static/css/site.css"
    try:
        wait_for(port, paths[0])
        wait_for(port, static_path)
        median, p95 = latencies(port, paths[0], args.requests, args.warmup)
        cpu_before = workers_cpu_seconds(server.pid)
        page_rps, page_requests = wrk(port, paths[0], args.duration, args.connections, 2)
        cpu_page = workers_cpu_seconds(server.pid) - cpu_before
        static_rps, _ = wrk(port, static_path, args.duration, args.connections, 2)
        load = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(
        f"profile {paths[0]}: median {median:.1f} ms, p95 {p95:.1f} ms "
        f"({args.requests} sequential requests, one keep-alive connection)"
    )
    print(
        f"throughput (wrk, {args.connections} connections, {args.duration} s, "
        f"{args.workers} gunicorn workers): profile {page_rps:.0f} req/s, "
        f"static file {static_rps:.0f} req/s, ratio {page_rps / static_rps:.3f}"
    )
    print(
        f"server CPU per profile request: {cpu_page / page_requests * 1000:.1f} ms "
        f"(gunicorn workers' user+system time during the wrk run); load average {load:.1f}"
    )


if __name__ == "__main__":
    main()
