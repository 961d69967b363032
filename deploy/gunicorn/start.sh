#!/bin/sh
# Start one gunicorn process for the site, with settings from the environment
# (GUNICORN_BIND, GUNICORN_WORKERS, ...; see gunicorn.conf.py and docs/deploy.md).
#   GUNICORN_BIND=127.0.0.1:8001 deploy/gunicorn/start.sh
set -eu
cd "$(dirname "$0")/../.."
: "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY (see /etc/ogp/env)}"
exec .venv/bin/gunicorn --config gunicorn.conf.py ogp.wsgi "$@"
