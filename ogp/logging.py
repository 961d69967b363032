"""Structured logs: one JSON object per line, for a log shipper to read without parsing text.

`DJANGO_LOG_FORMAT=json` selects `JsonFormatter` for Django's logs (ogp/settings.py LOGGING) and
for gunicorn's error and access logs (gunicorn.conf.py). Every line has `time` (ISO 8601, UTC,
milliseconds), `level`, `logger`, `message` and `process`; a line about a request adds `method`,
`path` and `status` (Django's `django.request` records carry the request and its status code,
gunicorn's access records carry its atoms, with `duration_ms` and `remote_addr`); an exception
adds `exception` (the formatted traceback); any other `extra=` field is kept, as text when it is
not JSON.

Python warnings (a library's `UserWarning`, a deprecation) go through logging too, as records of
the `py.warnings` logger (`configure`, Django's LOGGING_CONFIG): Django 6 no longer captures
them, and a raw warning on standard error would be the one line a log shipper cannot parse.
"""

import contextlib
import json
import logging
import logging.config
from datetime import UTC, datetime

from django.http import HttpRequest

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", (), None)).keys()
) | {"message", "asctime", "taskName", "request", "status_code"}


def configure(logging_settings):
    """Django's LOGGING_CONFIG: apply LOGGING, and log Python warnings instead of printing them."""
    logging.config.dictConfig(logging_settings)
    logging.captureWarnings(True)


class JsonFormatter(logging.Formatter):
    """Format a record as a single line of JSON (newlines in messages are escaped)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        entry.update(_request_fields(record))
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_") and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _request_fields(record):
    """The method, path and status of the request a record is about, when it says."""
    fields = {}
    request = getattr(record, "request", None)
    if isinstance(request, HttpRequest):
        fields["method"] = request.method
        fields["path"] = request.path
    status = getattr(record, "status_code", None)
    if isinstance(status, int):
        fields["status"] = status
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        atoms = record.args
        fields["method"] = atoms.get("m")
        fields["path"] = atoms.get("U")
        if atoms.get("q") not in (None, "", "-"):
            fields["query"] = atoms.get("q")
        with contextlib.suppress(TypeError, ValueError):
            fields["status"] = int(atoms.get("s"))
        with contextlib.suppress(TypeError, ValueError):
            fields["duration_ms"] = round(int(atoms.get("D")) / 1000, 3)
        fields["remote_addr"] = atoms.get("h")
    return fields
