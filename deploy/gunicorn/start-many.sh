#!/bin/sh
# Start N gunicorn processes on consecutive ports, without systemd (a quick trial, or a
# container): deploy/gunicorn/start-many.sh 2 8001 starts 8001 and 8002. Ctrl-C stops them all.
set -eu
count=${1:-2}
first_port=${2:-8001}
here=$(dirname "$0")
pids=""
trap 'kill $pids 2>/dev/null; wait' INT TERM EXIT
i=0
while [ "$i" -lt "$count" ]; do
    GUNICORN_BIND="127.0.0.1:$((first_port + i))" "$here/start.sh" &
    pids="$pids $!"
    i=$((i + 1))
done
wait
