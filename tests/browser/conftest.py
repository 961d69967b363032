"""End-to-end tests: Playwright (pytest-playwright) driving Debian's Chromium against Django's
live server.

Write a browser test in this folder like this (every test here is marked `browser` and
`django_db(transaction=True, serialized_rollback=True)` for you)::

    def test_directory(page, check_accessibility, check_html, screenshot):
        page.goto("/members/")            # relative to the live server (the base_url fixture)
        check_accessibility(page)         # axe-core: no WCAG 2.x A/AA violation
        check_html(page.content(), "directory")   # the Nu HTML checker: no error
        screenshot(page, "directory")     # artifacts/screenshots/directory-{phone,desktop}.png

The live server needs a transactional database, which is emptied after each test;
`serialized_rollback=True` restores the rows the data migrations made (regions, policy areas,
staff groups) before each test. Every page also fails its test when the browser logs an error
(a script error, a Content-Security-Policy violation, a failed request).

When Chromium, node_modules (axe-core, vnu-jar) or Java is missing these tests are skipped with
the reason shown; with CI=true a missing tool is a failure instead. `bin/test` installs them all.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Two shared cores: give `expect(...)` assertions more than Playwright's 5 s default before they
# give up, so a busy machine does not fail a correct page.
expect.set_options(timeout=15_000)


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts" / "screenshots")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The standards axe checks pages against: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_tools():
    """What the browser tests need and this machine lacks, as readable reasons."""
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if not AXE_JS.is_file() or not VNU_JAR.is_file():
        missing.append("axe-core or vnu-jar not in node_modules (npm ci)")
    if not shutil.which("java"):
        missing.append("java not found (apt-get install default-jre-headless)")
    return missing


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_console_errors: the page may log browser console errors (say why in the test)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test, on a transactional database whose
    migration rows are restored before each test (`serialized_rollback`). Browser tests run
    last: Playwright's event loop keeps running until the session ends, and an ordinary
    database test after them would be refused by Django's async-safety check."""
    here = Path(__file__).parent
    in_folder = [here in Path(item.fspath).parents for item in items]
    for item, is_browser in zip(items, in_folder, strict=True):
        if is_browser:
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data, so every test here is transactional; the
            # flush after each must not lose the migrations' rows for the tests that follow.
            marker = item.get_closest_marker("django_db")
            options = dict(marker.kwargs) if marker else {}
            if not (options.get("transaction") and options.get("serialized_rollback")):
                options.update(transaction=True, serialized_rollback=True)
                item.add_marker(pytest.mark.django_db(**options))
    result = yield
    # After the other plugins (pytest-django's ordering, -m deselection): browser tests last.
    items[:] = [item for item in items if here not in Path(item.fspath).parents] + [
        item for item in items if here in Path(item.fspath).parents
    ]
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    missing = missing_tools()
    if missing:
        reason = "browser test tools missing: " + "; ".join(missing)
        if in_ci():
            pytest.fail(reason + " (CI=true: a missing browser is a failure, not a skip)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright cannot download its own browser here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API leaves an event loop running in the test thread; Django's ORM
    refuses to run there unless told it is safe (it is: the loop only waits on the browser).

    Set for the browser tests only, not the whole run: subprocesses that other tests start
    (`manage.py check --deploy`) would inherit it, and Django reports it as a deployment error."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session", autouse=True)
def _serialized_database_for_playwright(django_db_setup, playwright):
    """Let `serialized_rollback` work after Playwright has started.

    Django keeps one connection per thread, but asgiref's thread-critical storage switches to a
    separate, context-local set of connections when an event loop is running, and Playwright's
    sync API leaves one running. When the test database was set up (and its migration rows
    serialized) by an earlier, ordinary test, the browser tests get a new connection without
    the serialized rows, so Django skips restoring them and the regions, policy areas and staff
    groups are gone after the first flush. Hand the serialized rows to that connection."""
    from django.db import connections

    sync_storage = getattr(connections._connections, "_storage", None)
    for alias in connections:
        contents = getattr(getattr(sync_storage, alias, None), "_test_serialized_contents", None)
        connection = connections[alias]
        if contents is not None and not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents


@pytest.fixture(scope="session")
def base_url(live_server):
    """`page.goto("/path/")` opens the path on Django's live server."""
    return live_server.url


@pytest.fixture
def page(page, request):
    """Playwright's page, failing the test when the browser logs an error."""
    errors = []

    def on_console(message):
        # Chromium asks every site for /favicon.ico on its own; that request is not the page's.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console {message.type}: {message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield page
    if errors and request.node.get_closest_marker("allow_console_errors") is None:
        pytest.fail("The browser logged errors:\n  " + "\n  ".join(errors), pytrace=False)


@pytest.fixture
def signed_in_superuser(page, django_user_model):
    """The page, signed in to the admin as a superuser ("editor")."""
    django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/admin/")
    return page


def format_axe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl'].split('?')[0]})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture
def check_accessibility():
    """Run axe-core in the page and fail on any WCAG 2.x A/AA violation.

    `disable` names axe rules to leave out; give the reason in the test."""

    def check(page, *, disable=()):
        # page.evaluate runs through the DevTools protocol, which the site's strict CSP does
        # not block (a <script> tag would be).
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {rule: {"enabled": False} for rule in disable},
            "resultTypes": ["violations"],
        }
        results = page.evaluate("options => window.axe.run(document, options)", options)
        violations = results["violations"]
        assert not violations, (
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_axe_violations(violations)
        )
        return results

    return check


def format_vnu_messages(messages, html):
    source_lines = html.splitlines()
    lines = []
    for message in messages:
        line = message.get("lastLine") or message.get("firstLine")
        where = f"line {line}" if line else "document"
        lines.append(f"{where}: {message.get('message')}")
        if line and 0 < line <= len(source_lines):
            lines.append(f"    {source_lines[line - 1].strip()[:200]}")
    return "\n".join(lines)


def _errors_only(report):
    return [
        message
        for message in report.get("messages", [])
        if message.get("type") in {"error", "non-document-error"}
    ]


class NuChecker:
    """The Nu HTML checker (node_modules/vnu-jar) as a web service on 127.0.0.1, started on
    first use and kept for the test session: `java -jar vnu.jar` costs a JVM start and a schema
    load (several seconds) per call, a check against the running service milliseconds."""

    def __init__(self):
        self.process = None
        self.port = None
        # Never send these requests through a proxy from the environment.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def start(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                "java",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Nu HTML checker exited with {self.process.returncode}")
            try:
                with self.opener.open(f"http://127.0.0.1:{self.port}/", timeout=5):
                    return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError("the Nu HTML checker service did not start within 180 s")

    def validate(self, html):
        if self.process is None:
            self.start()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json&level=error",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with self.opener.open(request, timeout=120) as response:
            return _errors_only(json.load(response))

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@pytest.fixture(scope="session")
def nu_checker():
    checker = NuChecker()
    yield checker
    checker.stop()


@pytest.fixture
def check_html(nu_checker):
    """Validate an HTML document with the Nu HTML checker and fail on any error."""

    def check(html, name):
        errors = nu_checker.validate(html)
        assert not errors, (
            f"The Nu HTML checker found {len(errors)} error(s) in {name}:\n"
            + format_vnu_messages(errors, html)
        )

    return check


@pytest.fixture
def screenshot():
    """Save full-page PNGs of the page at phone (390px) and desktop (1280px) widths.

    Files go to artifacts/screenshots/<name>-phone.png and <name>-desktop.png; the page's
    viewport is put back afterwards. Returns the two paths."""

    def take(page, name):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        paths = []
        try:
            for label, viewport in VIEWPORTS.items():
                page.set_viewport_size(viewport)
                path = SCREENSHOT_DIR / f"{name}-{label}.png"
                page.screenshot(path=str(path), full_page=True)
                paths.append(path)
        finally:
            if original:
                page.set_viewport_size(original)
        return paths

    return take
