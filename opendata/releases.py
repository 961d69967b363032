"""Dated releases of the bulk files, kept until staff prune them, under settings.OPEN_DATA_DIR:

    releases/2026-12-02/     a build: its files, datapackage.json and SHA256SUMS
    releases/2026-12-02.2/   the second build of that (UTC) day, and so on
    latest -> releases/2026-12-02.2
    .lock                    held while a release is published or releases are pruned
    .building-<random>/      a build being written, never served

An id is the build's UTC date, with `.2`, `.3`… for further builds the same day: readable and
short enough to cite ("release 2026-12-02"), one a day being the usual rhythm (a nightly
build), and ordered by `sort_key` (date, then sequence; `.10` after `.9`). A release is
written in its own `.building-` folder, then renamed into `releases/` and `latest` switched to
it, each in one atomic step: a download sees a whole release or none. Choosing the id, the
rename and the switch happen under `.lock` (flock), so two builds at once get two ids and
`latest` ends on the newest; pruning takes the same lock.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings

from opendata import columns

RELEASES = "releases"
LATEST = "latest"
CHECKSUMS = "SHA256SUMS"
LOCK = ".lock"
BUILDING = ".building-"
STALE = 2 * 24 * 3600  # a build takes minutes: a .building- folder this old was killed
ID_PATTERN = r"\d{4}-\d\d-\d\d(?:\.[1-9]\d{0,3})?"
_ID = re.compile(ID_PATTERN)
_LEGACY_LINK = "current"  # before releases: one build-<timestamp>/ folder and this link


def base(directory=None):
    return Path(directory or settings.OPEN_DATA_DIR)


def is_release_id(text):
    if not _ID.fullmatch(text):
        return False
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def sort_key(release_id):
    day, _, sequence = release_id.partition(".")
    return (day, int(sequence or 1))


def next_id(existing, day):
    """The id of a new release built on `day`, after the `existing` ids."""
    same_day = [sort_key(i)[1] for i in existing if sort_key(i)[0] == day.isoformat()]
    return f"{day.isoformat()}.{max(same_day) + 1}" if same_day else day.isoformat()


def ids(directory=None):
    """The ids of the releases, newest first."""
    folder = base(directory) / RELEASES
    if not folder.is_dir():
        return []
    found = [e.name for e in folder.iterdir() if is_release_id(e.name) and e.is_dir()]
    return sorted(found, key=sort_key, reverse=True)


def latest_id(directory=None):
    """The id `latest` points to, or None before the first release."""
    try:
        target = os.readlink(base(directory) / LATEST)
    except OSError:
        return None
    name = Path(target).name
    return name if is_release_id(name) else None


def folder(release_id, directory=None):
    """The folder of a release, or None for a malformed or unknown id (never a path outside
    releases/: the id is checked against its pattern before it names a folder)."""
    if release_id is None or not is_release_id(release_id):
        return None
    path = base(directory) / RELEASES / release_id
    return path if path.is_dir() else None


@contextmanager
def lock(directory=None):
    root = base(directory)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes (or the process ends)
        yield


def staging(directory=None):
    """A new empty folder to write a build into, on the same file system as releases/."""
    root = base(directory)
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{BUILDING}{uuid.uuid4().hex}"
    path.mkdir()
    return path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def publish(build_folder, package, checksums, now, directory=None):
    """Give the written build an id, finish its datapackage.json (`package` gets `version`,
    the release id) and SHA256SUMS (`checksums`: file name → SHA-256 of the files written),
    move it into releases/ and point `latest` at it. Returns (id, folder)."""
    root = base(directory)
    with lock(root):
        (root / RELEASES).mkdir(exist_ok=True)
        release_id = next_id(ids(root), now.astimezone(UTC).date())
        package = {**package, "version": release_id}
        with open(build_folder / columns.DATAPACKAGE, "w", encoding="utf-8") as handle:
            json.dump(package, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        sums = {**checksums, columns.DATAPACKAGE: sha256(build_folder / columns.DATAPACKAGE)}
        (build_folder / CHECKSUMS).write_text(
            "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())),
            encoding="utf-8",
        )
        target = root / RELEASES / release_id
        os.rename(build_folder, target)  # fails rather than replace a release
        _point_latest(root, release_id)
        _remove_legacy(root)
    return release_id, target


def _point_latest(root, release_id):
    temporary = root / f".{LATEST}-{release_id}"
    temporary.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{release_id}", temporary)
    os.replace(temporary, root / LATEST)  # atomic: readers see the old release or the new one


def _remove_legacy(root):
    (root / _LEGACY_LINK).unlink(missing_ok=True)
    for entry in root.glob("build-*"):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def prune(keep, directory=None, dry_run=False, now=None):
    """Remove all releases but the newest `keep` (and the one `latest` points to, always),
    and what killed builds left (a `.building-` folder untouched for STALE seconds).
    Returns the ids removed (or that would be, with `dry_run`), newest first."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    root = base(directory)
    with lock(root):
        current = latest_id(root)
        removed = [i for i in ids(root)[keep:] if i != current]
        if dry_run:
            return removed
        now = time.time() if now is None else now
        for left in [*root.glob(f"{BUILDING}*"), *root.glob(".pruned-*")]:
            if left.is_dir() and now - left.stat().st_mtime > STALE:
                shutil.rmtree(left, ignore_errors=True)
        for release_id in removed:
            # Out of releases/ in one rename (no listing shows a half-removed release), then
            # deleted; a download in progress keeps reading its open file.
            doomed = root / f".pruned-{release_id}-{uuid.uuid4().hex}"
            os.rename(root / RELEASES / release_id, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
    return removed


# --- Reading releases -----------------------------------------------------------------------

_summaries = {}  # (folder, mtime of its datapackage.json) -> summary: releases never change


def package(release_folder):
    with open(release_folder / columns.DATAPACKAGE, encoding="utf-8") as handle:
        return json.load(handle)


def summary(release_id, directory=None):
    """A release as the /data/ page lists it: id, created (datetime, UTC), its resources (name,
    title, description, path, rows, bytes) and the file names it serves; None if unknown."""
    path = folder(release_id, directory)
    if path is None:
        return None
    try:
        stamp = (path / columns.DATAPACKAGE).stat().st_mtime_ns
    except FileNotFoundError:
        return None
    key = (str(path), stamp)
    if key not in _summaries:
        described = package(path)
        keep = ("name", "title", "description", "path", "rows", "bytes")
        resources = [{k: r.get(k) for k in keep} for r in described["resources"]]
        files = {columns.DATAPACKAGE} | {r["path"] for r in resources}
        if (path / CHECKSUMS).is_file():
            files.add(CHECKSUMS)
        _summaries[key] = {
            "id": release_id,
            "created": datetime.fromisoformat(described["created"].replace("Z", "+00:00")),
            "created_text": described["created"],
            "data_version": described.get("data_version"),
            "licenses": described.get("licenses", []),
            "resources": resources,
            "rows": {r["name"]: r["rows"] for r in resources if r.get("rows") is not None},
            "files": frozenset(files),
        }
    return _summaries[key]
