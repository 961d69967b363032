"""Embeds in a real browser: the code copied from a profile's "Embed" button, pasted into a page
of another site (another origin), shows the figure; the profile itself in a frame is refused."""

import http.server
import threading
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageStat
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


EMBED_PATHS = (
    "/embed/members/seoul-south-korea/performance/",
    "/embed/members/seoul-south-korea/star-chart/",
    "/embed/members/seoul-south-korea/participation/",
    "/embed/members/seoul-south-korea/commitments/SEO0001/irm-review/",
)
FRAME_WIDTHS = (320, 390, 640, 800, 1280)

# The page's sideways overflow, and each table's scroll box: whether its table is wider than it
# and the box's computed background (the scroll shadows of static/css/embed.css).
SCROLL_BOXES = """() => ({
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  boxes: [...document.querySelectorAll(".table-scroll")].map(box => {
    const style = getComputedStyle(box);
    return {
      caption: box.querySelector("caption").textContent.trim(),
      overflows: box.scrollWidth > box.clientWidth + 1,
      image: style.backgroundImage,
      attachment: style.backgroundAttachment,
    };
  }),
})"""


def test_a_table_wider_than_the_frame_shows_a_scroll_shadow_without_script(
    no_script_page,
    seoul,  # noqa: F811 (the fixture)
):
    """In a frame from phone to desktop width, with JavaScript off (an embed runs none, so the
    site's scroll cue script is not there): no page scrolls sideways, and each table wider than
    its box has the box's scroll shadows (background layers attached `local`)."""
    page = no_script_page
    overflowing = dict.fromkeys(FRAME_WIDTHS, 0)
    for prefix in ("", "/es", "/fr"):
        for path in EMBED_PATHS:
            page.set_viewport_size({"width": 1280, "height": 800})
            response = page.goto(prefix + path)
            assert response.status == 200
            for width in FRAME_WIDTHS:
                where = f"{prefix}{path} at {width}px"
                page.set_viewport_size({"width": width, "height": 800})
                page.wait_for_function(f"() => window.innerWidth === {width}")
                found = page.evaluate(SCROLL_BOXES)
                assert found["overflow"] <= 0, f"{where} scrolls sideways by {found['overflow']}px"
                assert found["boxes"], f"{where} has no table in a scroll box"
                for box in found["boxes"]:
                    if not box["overflows"]:
                        continue
                    overflowing[width] += 1
                    assert box["image"] != "none" and "gradient" in box["image"], (where, box)
                    assert "local" in box["attachment"].split(", "), (where, box)
                    assert "scroll" in box["attachment"].split(", "), (where, box)
    # The phone widths do have tables wider than their box (the star chart's has 12 columns):
    # the shadows were checked, not skipped.
    assert overflowing[320] >= 3 and overflowing[390] >= 3, overflowing


# The mean darkness (0–255) of a strip of pixels at the box's left and right edges, with and
# without its background: how much the shadow darkens each edge.
def edge_darkening(box):
    def edges():
        image = Image.open(BytesIO(box.screenshot())).convert("L")
        width, height = image.size

        def darkness(left):
            return 255 - ImageStat.Stat(image.crop((left, 0, left + 4, height))).mean[0]

        return darkness(0), darkness(width - 4)

    shaded = edges()
    box.evaluate("box => { box.style.background = 'none'; }")
    plain = edges()
    box.evaluate("box => { box.style.background = ''; }")
    return shaded[0] - plain[0], shaded[1] - plain[1]


def test_the_scroll_shadow_shows_where_columns_are_hidden(
    no_script_page,
    seoul,  # noqa: F811 (the fixture)
):
    """At 320 px, the star chart's table: a shadow at the right edge only, unscrolled; at both
    edges half-way; at the left edge only, scrolled to its last column."""
    page = no_script_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/es/embed/members/seoul-south-korea/star-chart/")
    box = page.locator(".table-scroll")
    assert box.evaluate("box => box.scrollWidth > 2 * box.clientWidth")
    left, right = edge_darkening(box)
    assert abs(left) < 1 and right > 5, (left, right)
    box.evaluate("box => { box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2; }")
    left, right = edge_darkening(box)
    assert left > 5 and right > 5, (left, right)
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    left, right = edge_darkening(box)
    assert left > 5 and abs(right) < 1, (left, right)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "embed-scroll-shadow-320.png"), full_page=True)
