#!/bin/sh
# Load test: two gunicorn instances (8101, 8102) behind nginx (8100), wrk against a static file,
# member profiles, the explorer and the API; cold then warm pass. Loopback only, bounded.
#   benchmarks/load/run.sh [--duration 10] [--database-url postgres://…] [--json out.json]
set -eu
cd "$(dirname "$0")/../.."
exec .venv/bin/python benchmarks/load/loadtest.py load "$@"
