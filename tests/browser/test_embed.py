"""Embeds in a real browser: the code copied from a profile's "Embed" button, pasted into a page
of another site (another origin), shows the figure; the profile itself in a frame is refused."""

import http.server
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOT_DIR, VIEWPORTS
from tests.browser.test_public import assert_fits_a_phone, seoul  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class OtherSite:
    """Another site: a web server of its own on 127.0.0.1 (the live server is `localhost` on
    another port, so another origin), serving one page that holds what was pasted into it. A
    real local server, not a Playwright route: Chromium refuses a page it cannot place on the
    network (a routed one counts as public) the frames of a local server."""

    def __init__(self):
        self.body = ""
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                html = (
                    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    "<title>Another site</title></head>"
                    f"<body><h1>Another site</h1>{site.body}</body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other_site(live_server):
    site = OtherSite()
    assert urlsplit(site.url).netloc != urlsplit(live_server.url).netloc
    yield site
    site.stop()


def copy_embed_code(page, section, summary="Embed"):
    """Open the section's "Embed" button (a <details>: no script needed) and read the code."""
    page.locator(f"#{section}").get_by_text(summary, exact=True).click()
    code = page.locator(f"#{section} textarea")
    expect(code).to_be_visible()
    expect(code).to_have_attribute("readonly", "")
    return code.input_value()


@pytest.fixture
def no_script_page(browser, base_url):
    """A page with JavaScript off: the Embed button must work without it."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def fits(page):
    """The frame shows its whole figure: the code's height fits it, no scroll bar inside."""
    [frame] = page.frames[1:]
    scroll, height = frame.evaluate(
        "() => [document.documentElement.scrollHeight, window.innerHeight]"
    )
    assert scroll <= height, f"{frame.url} needs {scroll}px in a {height}px frame"


def test_the_copied_code_shows_the_figure_on_another_site(
    page,
    no_script_page,
    seoul,  # noqa: F811 (the fixture)
    live_server,
    other_site,
):
    no_script_page.goto("/members/seoul-south-korea/")
    codes = {
        section: copy_embed_code(no_script_page, section)
        for section in ("performance", "starred", "participation")
    }
    no_script_page.goto("/members/seoul-south-korea/commitments/SEO0001/")
    codes["review"] = copy_embed_code(no_script_page, "main")
    for code in codes.values():
        assert code.startswith(f'<iframe src="{live_server.url}/embed/members/seoul-south-korea/')

    page.set_viewport_size(VIEWPORTS["desktop"])

    def show(name):
        """The other site's page with this one embed (one at a time: the test server shares a
        single SQLite connection between its threads, which parallel frame loads would misuse)."""
        other_site.body = codes[name]
        page.goto(other_site.url)
        page.locator("iframe").scroll_into_view_if_needed()  # frames load lazily
        return page.frame_locator("iframe")

    performance = show("performance")
    expect(performance.get_by_role("table")).to_contain_text("Action Plan 1")
    expect(performance.get_by_role("row", name="Action Plan 1")).to_have_text(
        "Action Plan 1 1 0 0", use_inner_text=True
    )
    source = performance.get_by_role("link", name="Source: Open Government Partnership")
    expect(source).to_have_attribute("target", "_blank")
    expect(source).to_have_attribute("rel", "noopener")
    fits(page)
    expect(show("starred").locator("svg.chart")).to_be_visible()
    fits(page)
    expect(show("participation").get_by_role("table").first).to_contain_text("Open")
    fits(page)
    expect(show("review").get_by_role("table")).to_contain_text("Did it open government?")
    fits(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "embed-on-another-site.png"), full_page=True)


@pytest.mark.allow_console_errors  # Chromium logs each refused frame as an error
def test_the_profile_itself_may_not_be_framed_by_another_site(
    page,
    seoul,  # noqa: F811 (the fixture)
    live_server,
    other_site,
):
    profile = f"{live_server.url}/members/seoul-south-korea/"
    embed = f"{live_server.url}/embed/members/seoul-south-korea/performance/"
    # The embed first, then the profile beside it once the embed has loaded: one request at a
    # time, as the test server shares a single SQLite connection between its threads.
    other_site.body = f'<iframe src="{embed}" title="Embed"></iframe>'
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(other_site.url)
    frames = page.frame_locator("iframe")
    expect(frames.nth(0).get_by_role("table")).to_be_visible()  # the embed loads
    with page.expect_console_message(
        lambda message: "frame-ancestors" in message.text or "X-Frame-Options" in message.text
    ):
        page.evaluate(
            """url => {
                const frame = document.createElement("iframe");
                frame.src = url;
                frame.title = "Profile";
                document.body.prepend(frame);
            }""",
            profile,
        )
    # The profile's frame holds Chromium's error page, not the profile.
    expect(frames.nth(0).get_by_role("heading", name="Seoul, South Korea")).to_have_count(0)
    expect(frames.nth(1).get_by_role("table")).to_be_visible()  # the embed, beside it
    frame_urls = [frame.url for frame in page.frames[1:]]
    assert embed in frame_urls
    assert profile not in frame_urls, frame_urls
    assert any("frame-ancestors" in text or "X-Frame-Options" in text for text in refused), refused


def test_an_embed_is_accessible_valid_and_fits_a_phone(
    page,
    seoul,  # noqa: F811 (the fixture)
    check_accessibility,
    check_html,
    screenshot,  # noqa: F811 (the fixture)
):
    for path, name in (
        ("/embed/members/seoul-south-korea/performance/", "embed-performance"),
        ("/es/embed/members/seoul-south-korea/star-chart/", "embed-star-chart-es"),
        ("/embed/members/seoul-south-korea/participation/", "embed-participation"),
        ("/fr/embed/members/seoul-south-korea/commitments/SEO0001/irm-review/", "embed-review-fr"),
    ):
        response = page.goto(path)
        assert response.status == 200
        assert "set-cookie" not in response.headers
        check_accessibility(page)
        check_html(page.content(), name)
        assert_fits_a_phone(page)
        screenshot(page, name)
