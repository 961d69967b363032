"""The data version: one token that changes with every write to public data.

Every write to a record the public can see changes the *data version*, a token kept in one
database row (ogp.models.DataVersion), written in the same transaction as the data. Cache
keys include it, so a change makes every cached page and figure stale at once, without
knowing which pages showed the record (versioned keys). Writes through the ORM bump
the version by signal (ogp.signals, the one kind of signal this project allows); bulk writes
that bypass signals (queryset.update(), bulk_create: refresh_findings, imports, load_demo) call
`data_changed()` themselves.

How fresh the version is: the row is the source of truth for every process, machine and
management command, but each process (each thread of it) reuses the version it read for at
most `OGP_DATA_VERSION_MAX_AGE` seconds (DJANGO_DATA_VERSION_MAX_AGE, 1 s by default with the
page cache on; 0 reads it once per request). So **a change shows in the process that made it
at once** (data_changed() forgets the version, again when its transaction commits) **and in
every other process within OGP_DATA_VERSION_MAX_AGE seconds**. A page is always rendered
after its version was read, so a cached page is never older than its key says.

`cached()` keeps a computed value (figures, the explorer's reference lists) under the version;
whole pages are kept by ogp.page_cache. The cache is Django's: local memory by default, Redis
when REDIS_URL is set (ogp.redis_cache).
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

# Apps whose records appear on public pages, in the API or in the bulk files.
PUBLIC_DATA_APPS = {"members", "commitments", "irm"}

# The version last read, per thread (a gunicorn sync worker is one thread): never shared with
# another thread, which could be inside a transaction that has not committed yet.
_memo = threading.local()
_clock = time.monotonic


def _new_token():
    return f"{time.time_ns():x}"


def forget_version(**kwargs):
    """Read the data version afresh on next use."""
    _memo.version = None


def on_request_started(**kwargs):
    """With OGP_DATA_VERSION_MAX_AGE = 0, read the version once per request (connected to
    Django's request_started signal)."""
    if settings.OGP_DATA_VERSION_MAX_AGE <= 0:
        forget_version()


def data_version():
    """The current data version: {"token": str, "changed_at": epoch seconds}, read from the
    database at most every OGP_DATA_VERSION_MAX_AGE seconds (see the module docstring)."""
    from ogp.models import DataVersion

    version = getattr(_memo, "version", None)
    max_age = settings.OGP_DATA_VERSION_MAX_AGE
    if version is not None and (max_age <= 0 or _clock() - _memo.read_at < max_age):
        return version
    read_at = _clock()
    row = DataVersion.objects.filter(pk=1).values("token", "changed_at").first()
    if row is None:
        row = {"token": "initial", "changed_at": timezone.now()}
    version = {"token": row["token"], "changed_at": row["changed_at"].timestamp()}
    _memo.version, _memo.read_at = version, read_at
    return version


def data_changed():
    """Give the data a new version, in the current transaction: cached pages and figures
    made from the data before it are not used once the transaction commits."""
    from ogp.models import DataVersion

    values = {"token": _new_token(), "changed_at": timezone.now()}
    if not DataVersion.objects.filter(pk=1).update(**values):
        DataVersion.objects.update_or_create(pk=1, defaults=values)
    forget_version()
    transaction.on_commit(forget_version)


# name -> (data version token, value): the values `cached(..., in_process=True)` last used.
in_process_values = {}


def cached(name, compute, timeout=None, in_process=False):
    """compute(), kept under `name` for the current data version.

    in_process=True also keeps the value in this process's memory for the version, shared by
    its requests without unpickling it each time: only for values nobody modifies (the
    explorer's reference lists and facet index).
    """
    token = data_version()["token"]
    if in_process:
        kept = in_process_values.get(name)
        if kept is not None and kept[0] == token:
            return kept[1]
    key = f"{name}:{token}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.OGP_CACHE_SECONDS)
    if in_process:
        in_process_values[name] = (token, value)
    return value
