"""gunicorn settings, read from the environment. `gunicorn ogp.wsgi` picks this file up."""

import multiprocessing
import os
import re

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# "-" is standard output; an empty GUNICORN_ACCESS_LOG turns the access log off (nginx keeps one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips


def on_starting(server):
    """With NUM_PROXIES set, the site takes the client's address from X-Forwarded-For, which is
    only true when nothing but the proxy reaches gunicorn: refuse to listen on every address
    (bind to loopback, a unix socket, or a private address only the proxy reaches)."""
    if int(os.environ.get("NUM_PROXIES") or 0) > 0:
        exposed = [address for address in server.cfg.bind if listens_everywhere(address)]
        if exposed:
            raise SystemExit(
                f"NUM_PROXIES is set, so gunicorn must only be reached through the proxy, "
                f"not on {', '.join(exposed)}: bind to 127.0.0.1 or a unix socket "
                f"(docs/deploy.md)."
            )


def listens_everywhere(address):
    if address.startswith(("unix:", "fd://")):
        return False
    host = re.fullmatch(r"(.*?)(?::\d+)?", address).group(1)
    return host in {"", "0.0.0.0", "::", "[::]"}


# DJANGO_LOG_FORMAT=json: gunicorn's own error and access logs as JSON lines too (ogp/logging.py),
# the access log with method, path, status, duration_ms and remote_addr fields.
if os.environ.get("DJANGO_LOG_FORMAT") == "json":
    _json_handler = {"class": "logging.StreamHandler", "formatter": "json"}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "ogp.logging.JsonFormatter"}},
        "handlers": {
            "error": {**_json_handler, "stream": "ext://sys.stderr"},
            "access": {**_json_handler, "stream": "ext://sys.stdout"},
        },
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["access"] if accesslog else [],
                "propagate": False,
            },
        },
    }

# gunicorn's control socket (for `gunicornc`) defaults to one path per user, which several
# instances on one machine would share: off unless GUNICORN_CONTROL_SOCKET names a path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if control_socket_disable:
    del control_socket

# Garbage collection. ogp/wsgi.py freezes what importing the app created; the worker's first
# requests create more that lives as long as the process (compiled templates, resolved URLs,
# the explorer's reference lists). Once they have run, collect the garbage and freeze the rest
# too, so the collector's full passes stop walking it: they paused requests for 60–130 ms
# (docs/benchmarks.md, API). GUNICORN_GC_FREEZE_AFTER=0 turns it off.
gc_freeze_after = int(os.environ.get("GUNICORN_GC_FREEZE_AFTER", "20"))


def post_request(worker, req, environ, resp):
    if gc_freeze_after and worker.nr == gc_freeze_after:
        import gc

        gc.collect()
        gc.freeze()
