"""Structured logs: ogp.logging.JsonFormatter and the DJANGO_LOG_FORMAT switch."""

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory

from ogp.logging import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent


def make_record(name="ogp.test", level=logging.INFO, msg="hello", args=(), exc_info=None, **extra):
    record = logging.LogRecord(name, level, __file__, 1, msg, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def formatted(record):
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_record_becomes_one_json_line_with_time_level_logger_message():
    record = make_record(level=logging.WARNING, msg="%s rows in %d ms", args=("12", 40))
    entry = formatted(record)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "ogp.test"
    assert entry["message"] == "12 rows in 40 ms"
    assert entry["process"] == os.getpid()
    time = datetime.fromisoformat(entry["time"])
    assert time.utcoffset() == timedelta(0)
    assert abs(time.timestamp() - record.created) < 0.001
    assert "path" not in entry
    assert "status" not in entry


def test_newlines_and_non_ascii_stay_on_one_line():
    entry = formatted(make_record(msg="first line\nsecond line, São Paulo"))
    assert entry["message"] == "first line\nsecond line, São Paulo"


def test_a_django_request_record_gives_method_path_and_status():
    request = RequestFactory().get("/members/seoul/?tab=plans")
    entry = formatted(
        make_record(
            "django.request",
            logging.WARNING,
            "Not Found: %s",
            ("/members/seoul/",),
            request=request,
            status_code=404,
        )
    )
    assert entry["method"] == "GET"
    assert entry["path"] == "/members/seoul/"
    assert entry["status"] == 404
    assert "request" not in entry


def test_a_request_attribute_that_is_not_an_http_request_is_left_out():
    # runserver's django.server records carry the socket as `request`.
    entry = formatted(make_record("django.server", request=object(), status_code=200))
    assert "path" not in entry
    assert entry["status"] == 200


def test_an_exception_is_kept_with_its_traceback():
    try:
        raise ValueError("bad row 7")
    except ValueError:
        entry = formatted(
            make_record(level=logging.ERROR, msg="import failed", exc_info=sys.exc_info())
        )
    assert entry["message"] == "import failed"
    assert entry["exception"].startswith("Traceback (most recent call last)")
    assert "ValueError: bad row 7" in entry["exception"]


def test_extra_fields_are_kept_and_unserialisable_ones_as_text():
    entry = formatted(make_record(member="seoul", rows=3, when=datetime(2026, 1, 2, tzinfo=UTC)))
    assert entry["member"] == "seoul"
    assert entry["rows"] == 3
    assert entry["when"] == "2026-01-02 00:00:00+00:00"


def test_a_gunicorn_access_record_gives_method_path_status_and_duration():
    atoms = {
        "m": "GET",
        "U": "/api/commitments/",
        "q": "page=2",
        "s": "200",
        "D": 15320,
        "h": "127.0.0.1",
        "r": "GET /api/commitments/?page=2 HTTP/1.1",
    }
    entry = formatted(make_record("gunicorn.access", msg='"%(r)s" %(s)s', args=(atoms,)))
    assert entry["message"] == '"GET /api/commitments/?page=2 HTTP/1.1" 200'
    assert entry["method"] == "GET"
    assert entry["path"] == "/api/commitments/"
    assert entry["query"] == "page=2"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 15.32
    assert entry["remote_addr"] == "127.0.0.1"


@pytest.mark.django_db
def test_a_not_found_page_is_logged_with_its_path_and_status(client):
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/members/no-such-member-anywhere/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    entries = [formatted(record) for record in records]
    assert {
        "path": "/members/no-such-member-anywhere/",
        "status": 404,
        "method": "GET",
    }.items() <= (entries[-1].items())


LOG_FROM_DJANGO = """
import django, logging, warnings
django.setup()
logging.getLogger("ogp.check").warning("configured %s", "here", extra={"member": "seoul"})
warnings.warn("a library warns", UserWarning)
"""


def run_django(log_format):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "ogp.settings",
        "DJANGO_SECRET_KEY": "x" * 60,
    }
    if log_format is not None:
        env["DJANGO_LOG_FORMAT"] = log_format
    return subprocess.run(
        [sys.executable, "-c", LOG_FROM_DJANGO],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_django_log_format_json_writes_json_lines_to_stderr():
    result = run_django("json")
    assert result.returncode == 0, result.stderr
    # Every line is JSON (apps may log at start-up too); ours is among them, once.
    entries = [json.loads(line) for line in result.stderr.strip().splitlines()]
    ours = [entry for entry in entries if entry["logger"] == "ogp.check"]
    assert len(ours) == 1
    entry = ours[0]
    assert entry["level"] == "WARNING"
    assert entry["message"] == "configured here"
    assert entry["member"] == "seoul"
    # A Python warning is a log record too, not a raw line that breaks the format.
    warned = [entry for entry in entries if entry["logger"] == "py.warnings"]
    assert len(warned) == 1
    assert warned[0]["level"] == "WARNING"
    assert "UserWarning: a library warns" in warned[0]["message"]


@pytest.mark.parametrize("log_format", [None, "text"])
def test_text_is_the_default_log_format(log_format):
    result = run_django(log_format)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "[ogp.check]" in line]
    assert len(lines) == 1
    line = lines[0]
    assert line.endswith("WARNING [ogp.check] configured here")
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_an_unknown_log_format_stops_start_up():
    result = run_django("xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text, not 'xml'" in result.stderr


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_writes_its_access_and_error_logs_as_json(tmp_path):
    """gunicorn.conf.py with DJANGO_LOG_FORMAT=json: a request gives a JSON access line."""
    import time
    import urllib.request

    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SECURE": "0",
        "DJANGO_LOG_FORMAT": "json",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "ogp.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
    access = [json.loads(line) for line in out.read_text().splitlines()]
    # One line per request: on a slow machine the readiness probe may time out and ask again,
    # so each /healthz request it made is logged (at least the one that answered).
    assert access
    assert {(a["logger"], a["method"], a["path"], a["status"]) for a in access} == {
        ("gunicorn.access", "GET", "/healthz", 200)
    }
    assert access[0]["duration_ms"] >= 0
    # Every line of standard error is JSON, a warning at start-up included (whitenoise warns when
    # collectstatic has not run, as in a fresh clone).
    errors = [json.loads(line) for line in err.read_text().splitlines()]
    assert any(e["logger"] == "gunicorn.error" and "Listening at" in e["message"] for e in errors)
