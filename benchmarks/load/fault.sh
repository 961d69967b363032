#!/bin/sh
# Fault test: the same stack under load; PostgreSQL is restarted after 10 s of a 30 s run.
# Prints responses and errors per second, and whether the app processes are still the same.
# Needs to run as root (pg_ctlcluster). Loopback only, bounded.
#   benchmarks/load/fault.sh [--duration 30] [--restart-after 10]
set -eu
cd "$(dirname "$0")/../.."
exec .venv/bin/python benchmarks/load/loadtest.py fault "$@"
