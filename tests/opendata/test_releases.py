"""Dated open-data releases: every build stays at its own address until staff prune it, the
latest is the newest, each carries its licence and checksums, and no URL leaves releases/."""

import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase, override_settings
from frictionless import validate

from ogp.data_version import data_version
from opendata import build, columns, releases
from opendata.licence import LICENCE
from tests import factories as f
from tests.api.data import build_dataset

NOV_30 = datetime(2026, 11, 30, 3, 15, tzinfo=UTC)
DEC_1 = datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
DEC_1_LATER = datetime(2026, 12, 1, 14, 40, tzinfo=UTC)


def body(response):
    return b"".join(response.streaming_content)


class TemporaryRoot:
    def use_temporary_root(self):
        self.root = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        override = override_settings(OPEN_DATA_DIR=self.root)
        override.enable()
        self.addCleanup(override.disable)


class ReleaseData(TemporaryRoot, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_dataset()

    def setUp(self):
        self.use_temporary_root()

    def three_releases(self):
        """Three builds, a commitment more before the last one: 2026-11-30, 2026-12-01 and
        2026-12-01.2 (the second of that day)."""
        build.build(now=NOV_30)
        build.build(now=DEC_1)
        f.make_commitment(self.data.commitments.seoul_a.action_plan, title="Added later")
        build.build(now=DEC_1_LATER)
        return ["2026-12-01.2", "2026-12-01", "2026-11-30"]


class ReleaseTests(ReleaseData):
    def test_two_builds_leave_two_releases_both_downloadable(self):
        out = io.StringIO()
        call_command("build_open_data", stdout=out)
        call_command("build_open_data", stdout=out)
        today = datetime.now(UTC).date().isoformat()
        self.assertEqual(releases.ids(), [f"{today}.2", today])
        self.assertIn(f"release {today}.2", out.getvalue())
        for release_id in (today, f"{today}.2"):
            with self.subTest(release=release_id):
                folder = self.root / "releases" / release_id
                for name in ("commitments.csv", "ogp-open-data.json", "datapackage.json"):
                    response = self.client.get(f"/data/releases/{release_id}/{name}")
                    self.assertEqual(response.status_code, 200, name)
                    self.assertEqual(body(response), (folder / name).read_bytes())
                response = self.client.get(f"/data/releases/{release_id}/commitments.csv")
                self.assertEqual(
                    response["Content-Disposition"],
                    f'attachment; filename="ogp-{release_id}-commitments.csv"',
                )
        self.assertEqual(releases.latest_id(), f"{today}.2")
        latest = body(self.client.get("/data/datapackage.json"))
        self.assertEqual(json.loads(latest)["version"], f"{today}.2")

    def test_the_index_lists_the_releases_newest_first_with_their_counts(self):
        order = self.three_releases()
        response = self.client.get("/data/")
        html = response.content.decode()
        positions = [html.index(f'href="/data/releases/{i}/"') for i in order]
        self.assertEqual(positions, sorted(positions))
        listed = response.context["releases"]
        self.assertEqual([r["id"] for r in listed], order)
        commitments = response.context["resource_names"].index("commitments")
        self.assertEqual([r["counts"][commitments] for r in listed], [7, 6, 6])
        self.assertTrue(listed[0]["is_latest"])
        self.assertContains(response, "Latest release: 2026-12-01.2")
        self.assertContains(response, 'datetime="2026-11-30T03:15:00Z">2026-11-30 03:15</time>')
        self.assertContains(response, 'href="/data/commitments.csv"')

    def test_the_list_of_releases_is_paged(self):
        self.three_releases()
        with mock.patch("opendata.views.RELEASES_PER_PAGE", 2):
            pages = {
                query: self.client.get("/data/", {"page": query})
                for query in ("1", "2", "99", "x", "-1")
            }
        listed = {q: [r["id"] for r in page.context["releases"]] for q, page in pages.items()}
        self.assertEqual(listed["1"], ["2026-12-01.2", "2026-12-01"])
        self.assertEqual(listed["2"], ["2026-11-30"])
        self.assertEqual(listed["99"], ["2026-11-30"])  # past the end: the last page
        self.assertEqual(listed["x"], listed["1"])
        self.assertContains(pages["1"], 'href="?page=2#releases" rel="next"')
        self.assertContains(pages["2"], "Page 2 of 2")
        self.assertContains(pages["2"], "Latest release: 2026-12-01.2")

    def test_a_release_page_links_its_own_files(self):
        self.three_releases()
        response = self.client.get("/data/releases/2026-11-30/")
        self.assertContains(response, "Open data release 2026-11-30")
        self.assertContains(response, 'href="/data/releases/2026-11-30/commitments.csv"')
        self.assertContains(response, 'href="/data/releases/2026-11-30/SHA256SUMS"')
        self.assertContains(response, "2026-12-01.2, the latest")
        self.assertEqual(self.client.get("/fr/data/releases/2026-11-30/").status_code, 200)
        for missing in ("/data/releases/2026-11-29/", "/data/releases/2026-02-30/"):
            self.assertEqual(self.client.get(missing).status_code, 404, missing)

    def test_the_latest_urls_serve_the_newest_release(self):
        self.three_releases()
        newest = self.root / "releases" / "2026-12-01.2" / "commitments.csv"
        self.assertEqual(body(self.client.get("/data/commitments.csv")), newest.read_bytes())
        self.assertIn(b"Added later", newest.read_bytes())
        older = body(self.client.get("/data/releases/2026-12-01/commitments.csv"))
        self.assertNotIn(b"Added later", older)

    def test_the_datapackage_names_its_release_licence_and_data_version(self):
        build.build(now=DEC_1)
        folder = self.root / "releases" / "2026-12-01"
        package = json.loads((folder / columns.DATAPACKAGE).read_text())
        self.assertEqual(package["version"], "2026-12-01")
        self.assertEqual(package["created"], "2026-12-01T03:15:00Z")
        self.assertEqual(package["data_version"], data_version()["token"])
        self.assertEqual(
            package["licenses"],
            [
                {
                    "name": "CC-BY-3.0",
                    "path": "https://creativecommons.org/licenses/by/3.0/",
                    "title": "Creative Commons Attribution 3.0 Unported",
                }
            ],
        )
        rows = {r["name"]: r["rows"] for r in package["resources"] if "rows" in r}
        self.assertEqual(rows["commitments"], 6)
        report = validate(str(folder / columns.DATAPACKAGE))
        self.assertTrue(report.valid, report.flatten(["type", "note"]))

    def test_sha256sums_covers_every_file(self):
        build.build(now=DEC_1)
        folder = self.root / "releases" / "2026-12-01"
        lines = (folder / "SHA256SUMS").read_text().splitlines()
        sums = dict(reversed(line.split("  ")) for line in lines)
        names = {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
        self.assertEqual(set(sums), names)
        for name, digest in sums.items():
            self.assertEqual(hashlib.sha256((folder / name).read_bytes()).hexdigest(), digest)
        response = self.client.get("/data/releases/2026-12-01/SHA256SUMS")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(body(response).decode(), "\n".join(lines) + "\n")
        self.assertEqual(self.client.get("/data/SHA256SUMS").status_code, 200)

    def test_release_files_are_served_with_validators(self):
        build.build(now=DEC_1)
        url = "/data/releases/2026-12-01/commitments.csv"
        response = self.client.get(url)
        self.assertIn("max-age=86400", response["Cache-Control"])
        self.assertIn("public", response["Cache-Control"])
        self.assertEqual(response["ETag"][:12], '"2026-12-01-')
        again = self.client.get(url, headers={"if-none-match": response["ETag"]})
        self.assertEqual(again.status_code, 304)
        latest = self.client.get("/data/commitments.csv")
        self.assertIn("max-age=300", latest["Cache-Control"])
        self.assertEqual(latest["ETag"], response["ETag"])

    def test_a_failed_build_publishes_nothing_and_leaves_nothing(self):
        build.build(now=NOV_30)
        failing = mock.patch.dict(build.ROWS, {"milestones": mock.Mock(side_effect=RuntimeError)})
        with failing, self.assertRaises(RuntimeError):
            build.build(now=DEC_1)
        self.assertEqual(releases.ids(), ["2026-11-30"])
        self.assertEqual(releases.latest_id(), "2026-11-30")
        self.assertEqual(
            sorted(p.name for p in self.root.iterdir()), [".lock", "latest", "releases"]
        )

    def test_the_first_release_removes_the_single_build_of_before(self):
        old = self.root / "build-20261130T031500000000Z"
        old.mkdir()
        (old / "datapackage.json").write_text("{}")
        os.symlink(old.name, self.root / "current")
        build.build(now=DEC_1)
        self.assertFalse(old.exists())
        self.assertFalse(os.path.lexists(self.root / "current"))
        self.assertEqual(self.client.get("/data/commitments.csv").status_code, 200)

    def test_the_licence_is_on_the_data_page(self):
        response = self.client.get("/data/")  # even before the first build
        self.assertContains(response, f'<a href="{LICENCE.url}" rel="license">{LICENCE.title}</a>')
        self.assertContains(response, "CC-BY-3.0")
        self.assertContains(response, LICENCE.source)
        build.build(now=DEC_1)
        self.assertContains(self.client.get("/es/data/"), LICENCE.url)


class PruneTests(ReleaseData):
    def prune(self, *args):
        out = io.StringIO()
        call_command("prune_open_data", *args, stdout=out)
        return out.getvalue()

    def test_pruning_keeps_the_newest_n(self):
        self.three_releases()
        output = self.prune("--keep", "2")
        self.assertIn("Removed 1 release(s): 2026-11-30", output)
        self.assertEqual(releases.ids(), ["2026-12-01.2", "2026-12-01"])
        self.assertEqual(self.client.get("/data/releases/2026-11-30/").status_code, 404)
        gone = self.client.get("/data/releases/2026-11-30/commitments.csv")
        self.assertEqual(gone.status_code, 404)
        kept = self.client.get("/data/releases/2026-12-01/commitments.csv")
        self.assertEqual(kept.status_code, 200)
        self.assertNotContains(self.client.get("/data/"), "2026-11-30")
        self.assertEqual([p.name for p in self.root.glob(".pruned-*")], [])

    def test_a_dry_run_removes_nothing(self):
        self.three_releases()
        output = self.prune("--keep", "1", "--dry-run")
        self.assertIn("Would remove 2 release(s): 2026-12-01, 2026-11-30", output)
        self.assertEqual(len(releases.ids()), 3)

    def test_pruning_removes_what_killed_builds_left(self):
        build.build(now=DEC_1)
        killed, running = self.root / ".building-killed", self.root / ".building-running"
        for folder in (killed, running):
            folder.mkdir()
            (folder / "commitments.csv").write_text("half")
        week_ago = time.time() - 7 * 24 * 3600
        os.utime(killed, (week_ago, week_ago))
        self.prune("--keep", "1")
        self.assertFalse(killed.exists())
        self.assertTrue(running.exists())  # perhaps a build in progress: left alone

    def test_keep_below_one_is_refused(self):
        build.build(now=DEC_1)
        for keep in ("0", "-3"):
            with self.assertRaisesMessage(CommandError, "--keep must be at least 1"):
                self.prune("--keep", keep)
        self.assertEqual(releases.ids(), ["2026-12-01"])

    def test_the_release_latest_points_to_is_never_removed(self):
        self.three_releases()
        releases._point_latest(self.root, "2026-11-30")  # e.g. staff rolled back by hand
        self.prune("--keep", "1")
        self.assertEqual(releases.ids(), ["2026-12-01.2", "2026-11-30"])
        self.assertEqual(self.client.get("/data/commitments.csv").status_code, 200)

    def test_a_build_after_pruning_never_reuses_an_id(self):
        self.three_releases()
        self.prune("--keep", "1")
        build.build(now=DEC_1_LATER)
        self.assertEqual(releases.ids(), ["2026-12-01.3", "2026-12-01.2"])


class TraversalTests(TemporaryRoot, SimpleTestCase):
    """No URL reads a file that is not one of a release's own files."""

    def setUp(self):
        self.use_temporary_root()
        folder = releases.staging()
        (folder / "commitments.csv").write_text("identifier\nX1\n")
        package = {"created": "2026-12-01T03:15:00Z", "resources": [{"path": "commitments.csv"}]}
        releases.publish(folder, package, {"commitments.csv": "0" * 64}, DEC_1)
        (self.root / "secret.csv").write_text("secret")
        (self.root / "releases" / "secret.csv").write_text("secret")
        (self.root / "releases" / "2026-12-01" / "extra.csv").write_text("not in the package")

    def test_the_release_is_served(self):
        self.assertEqual(
            self.client.get("/data/releases/2026-12-01/commitments.csv").status_code, 200
        )

    def test_bad_or_unknown_releases_and_files_are_404(self):
        for url in (
            "/data/releases/2026-12-01/extra.csv",
            "/data/releases/2026-12-01/secret.json",
            "/data/releases/2026-12-02/commitments.csv",
            "/data/releases/2026-13-01/commitments.csv",
            "/data/releases/2026-12-01.0/commitments.csv",
            "/data/releases/../secret.csv",
            "/data/releases/%2e%2e/secret.csv",
            "/data/releases/2026-12-01/..%2Fsecret.csv",
            "/data/releases/2026-12-01/%2e%2e%2f%2e%2e%2fsecret.csv",
            "/data/releases/2026-12-01%2F..%2F..%2F/secret.csv",
            "/data/releases/latest/commitments.csv",
            "/data/releases/.lock/datapackage.json",
            "/data/releases//commitments.csv",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_ids_are_checked_before_they_name_a_folder(self):
        for text in ("..", "../secret", "2026-12-01/../..", "/etc", "2026-12-01.2/x", ""):
            self.assertIsNone(releases.folder(text), text)
        self.assertIsNotNone(releases.folder("2026-12-01"))


class IdTests(SimpleTestCase):
    def test_ids_order_by_date_then_sequence(self):
        shuffled = ["2026-12-01.10", "2026-11-30", "2026-12-01", "2026-12-01.9", "2026-12-01.2"]
        self.assertEqual(
            sorted(shuffled, key=releases.sort_key, reverse=True),
            ["2026-12-01.10", "2026-12-01.9", "2026-12-01.2", "2026-12-01", "2026-11-30"],
        )

    def test_next_id(self):
        day = date(2026, 12, 1)
        self.assertEqual(releases.next_id([], day), "2026-12-01")
        self.assertEqual(releases.next_id(["2026-11-30"], day), "2026-12-01")
        self.assertEqual(releases.next_id(["2026-12-01"], day), "2026-12-01.2")
        self.assertEqual(releases.next_id(["2026-12-01.9", "2026-12-01"], day), "2026-12-01.10")


class ConcurrentBuildTests(TemporaryRoot, SimpleTestCase):
    """Two builds publishing at once: each gets its own id and stays whole; `latest` ends on the
    newest. Choosing an id is slowed down so that, unlocked, both would choose the same."""

    def setUp(self):
        self.use_temporary_root()

    def staged(self, text):
        folder = releases.staging()
        (folder / "commitments.csv").write_text(text)
        return folder

    def test_two_publications_at_once_get_two_releases(self):
        choose = releases.next_id

        def slow_next_id(*args):
            chosen = choose(*args)
            time.sleep(0.3)
            return chosen

        start = threading.Barrier(2)
        errors, published = [], []

        def publish(text):
            folder = self.staged(text)
            package = {
                "created": "2026-12-01T03:15:00Z",
                "resources": [{"path": "commitments.csv"}],
            }
            start.wait()
            try:
                published.append(releases.publish(folder, package, {}, DEC_1)[0])
            except Exception as error:  # noqa: BLE001 (reported below)
                errors.append(error)

        with mock.patch.object(releases, "next_id", slow_next_id):
            threads = [threading.Thread(target=publish, args=(t,)) for t in ("a\n", "b\n")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(sorted(published), ["2026-12-01", "2026-12-01.2"])
        self.assertEqual(releases.latest_id(), "2026-12-01.2")
        texts = {(self.root / "releases" / i / "commitments.csv").read_text() for i in published}
        self.assertEqual(texts, {"a\n", "b\n"})
        self.assertEqual([p.name for p in self.root.glob(".building-*")], [])
