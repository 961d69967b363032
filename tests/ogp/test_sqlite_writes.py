"""The embedded default (SQLite, no DATABASE_URL) survives two staff saving at once.

Each admin save is a transaction that reads, then writes. SQLite's default (deferred)
transactions let both read; the first write then takes the lock and the second one fails at
once with "database is locked" (a 503), whatever the busy timeout: its snapshot is stale.
ogp/settings.py starts every transaction with BEGIN IMMEDIATE, so the second save waits (up to
the busy timeout) for the first to commit and then runs. A file database, as in production:
:memory: has no concurrent writers.
"""

import contextlib
import threading
from importlib import reload

import pytest
from django.db import connections, transaction

ALIAS = "sqlite_file"


@pytest.fixture
def sqlite_file_database(tmp_path, monkeypatch, django_db_blocker):
    """A connection alias to a new file database, configured exactly as ogp/settings.py
    configures SQLite when DATABASE_URL is not set."""
    from ogp import settings as module

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "db.sqlite3"))
    try:
        database = dict(reload(module).DATABASES["default"])
    finally:
        monkeypatch.undo()
        reload(module)
    connections.settings[ALIAS] = connections.configure_settings({"default": database})["default"]
    with django_db_blocker.unblock():
        try:
            yield database
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]  # this thread's connection, and the alias
            del connections.settings[ALIAS]


def test_sqlite_waits_for_a_lock_and_starts_transactions_immediately(sqlite_file_database):
    assert sqlite_file_database["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite_file_database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert sqlite_file_database["OPTIONS"]["timeout"] >= 10


def test_two_simultaneous_read_then_write_transactions_both_succeed(sqlite_file_database):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    # Both have read before either writes, when transactions let them; with BEGIN IMMEDIATE
    # the second cannot arrive until the first has committed, and the wait times out.
    both_have_read = threading.Barrier(2, timeout=1)
    errors = []

    def save():
        connection = connections[ALIAS]
        try:
            with transaction.atomic(using=ALIAS), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")
                (n,) = cursor.fetchone()
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_have_read.wait()
                cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        assert cursor.fetchone() == (2,)  # both saves ran, one after the other
