"""A member's link-preview image: a PNG of the profile's key figures, 1200×630 (the Open Graph
size), at `/members/<slug>/preview.png` in every language (`/es/…`, `/fr/…`), which the
profile names as its `og:image` (templates/includes/link_preview.html).

The figures are the profile's, read from its own `members.views.plan_rows` (no figure is
typed in): the number of action plans, the published commitments of every plan and the star
share with its base (`irm.figures.star_share`, as the comparison shows it), each labelled as
the comparison labels it, missing data too ("No commitment whose star the IRM decided"); above
them the member's name and the facts of the profile's header (kind, region, member since, a
status other than active). The texts are the site's messages, so the image is in the URL's
language; the alt text says what the image shows.

Drawn with Pillow in Source Sans Pro (the `font-source-sans-pro` package, SIL Open Font
Licence): Pillow's bundled font has no accented letters, so "acción", "Côte d’Ivoire" or
"Engagements publiés" would show boxes. Every text is fitted to its box: the largest size at
which it wraps into the lines the box holds, and at the smallest size the last line cut with
an ellipsis, so a long name ("Buenos Aires City, Argentina") or a long Spanish label never
runs out of the image.
"""

import io
import threading
from dataclasses import dataclass
from importlib.resources import files

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from irm import figures
from ogp import translated

WIDTH, HEIGHT = 1200, 630
MARGIN = 64

# The site's colours (static/css/site.css, `:root`; a test keeps them equal).
COLOURS = {
    "ink": "#1d2733",
    "muted": "#55606d",
    "paper": "#ffffff",
    "surface": "#f4f6f8",
    "line": "#d8dde3",
    "accent": "#0b4f8a",
    "gold": "#f2b632",
}

FONT_FILES = {
    "regular": "SourceSansPro-Regular.ttf",
    "semibold": "SourceSansPro-Semibold.ttf",
    "bold": "SourceSansPro-Bold.ttf",
}
_FONT_DIRECTORY = files("font_source_sans_pro") / "files"
_fonts = threading.local()  # a FreeType face is not to be shared between threads


def font(weight, size):
    """The font of `weight` at `size` pixels, loaded once per thread."""
    loaded = _fonts.__dict__.setdefault("loaded", {})
    key = (weight, size)
    if key not in loaded:
        # By path: FreeType reads the file itself, where a file object's bytes would be copied
        # into every size.
        loaded[key] = ImageFont.truetype(str(_FONT_DIRECTORY / FONT_FILES[weight]), size)
    return loaded[key]


# --- What the image shows -------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    note: str


@dataclass(frozen=True)
class KeyFigures:
    """What the image shows, in the active language."""

    name: str
    facts: str  # the profile header's facts, "National · Europe · Member since 2016"
    tiles: tuple  # of Tile

    @property
    def alt(self):
        """The image as a sentence, for `og:image:alt`."""
        parts = [
            _("%(label)s: %(value)s (%(note)s)")
            % {"label": tile.label, "value": tile.value, "note": tile.note.rstrip(".")}
            for tile in self.tiles
        ]
        return f"{self.name} — {self.facts}. {'; '.join(parts)}."


def header_facts(member):
    """The facts of the profile's header (templates/members/member_detail.html) but the plan,
    which a tile shows: kind and region, member since, the status when not active."""
    region = translated.localized(member.region, "name")[0]
    facts = [f"{member.get_kind_display()} · {region}"]
    if member.member_since:
        facts.append(_("Member since %(year)s") % {"year": member.member_since})
    else:
        facts.append(_("Member since: not recorded"))
    if member.status != member.Status.ACTIVE:
        facts.append(member.get_status_display())
    return " · ".join(facts)


def key_figures(member, rows):
    """The KeyFigures of a member from its profile's rows (`members.views.plan_rows`): no
    query."""
    current = rows[-1].plan if rows else None
    stars = figures.star_share(row.figures for row in rows)
    if stars.share is None:
        star_value, star_note = "–", _("No commitment whose star the IRM decided")
    else:
        star_value = f"{stars.percent}%"
        star_note = _("of the %(base)s commitments the IRM could star") % {
            "base": intcomma(stars.star_decided)
        }
    tiles = (
        Tile(
            _("Action plans"),
            str(len(rows)),
            _("Current action plan: %(years)s") % {"years": current.years}
            if current
            else _("None yet"),
        ),
        Tile(
            _("Commitments"),
            intcomma(sum(row.figures.total for row in rows)),
            _("Published commitments of every action plan."),
        ),
        Tile(_("Star share"), star_value, star_note),
    )
    return KeyFigures(member.name, header_facts(member), tiles)


@dataclass(frozen=True)
class LinkPreviewImage:
    """The `og:image` tags of a page (templates/includes/link_preview.html)."""

    url: str  # absolute
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def link_preview_image(request, member, rows):
    """The profile's `og:image`: its preview image in the page's language, described."""
    url = request.build_absolute_uri(reverse("members:member-preview", args=[member.slug]))
    return LinkPreviewImage(url, key_figures(member, rows).alt)


# --- Fitting text into a box ----------------------------------------------------------------


@dataclass(frozen=True)
class Fitted:
    lines: list
    font: ImageFont.FreeTypeFont
    line_height: int

    @property
    def height(self):
        return len(self.lines) * self.line_height


def wrap(text, face, width):
    """`text` in lines no wider than `width` at `face`, broken at its spaces (not at a
    no-break space: "66 209", "cours : 2018") and a word wider than the line between its
    letters."""
    lines, line = [], ""
    for word in filter(None, text.split(" ")):
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while face.getlength(word) > width:
            cut = max(1, _fitting_prefix(word, face, width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fitting_prefix(text, face, width, suffix=""):
    """How many leading characters of `text` (followed by `suffix`) fit in `width`."""
    count = len(text)
    while count and face.getlength(text[:count] + suffix) > width:
        count -= 1
    return count


def fit(text, weight, sizes, width, max_lines, leading=1.2, max_height=None):
    """`text` at the largest of `sizes` (largest first) at which it wraps into at most
    `max_lines` lines of `width` (and, given `max_height`, no taller than that); at the
    smallest, the lines that fit, the last one ending with an ellipsis when text is left out."""
    for size in sizes:
        face, line_height = font(weight, size), round(size * leading)
        lines = wrap(text, face, width)
        room = max_lines if max_height is None else min(max_lines, max_height // line_height)
        if len(lines) <= room:
            return Fitted(lines, face, line_height)
    kept = lines[: max(room, 1)]
    last = " ".join([kept[-1], *lines[len(kept) :]])
    if len(kept) < len(lines):
        kept[-1] = last[: _fitting_prefix(last, face, width, "…")].rstrip() + "…"
    return Fitted(kept, face, line_height)


def sizes(largest, smallest, step=2):
    return range(largest, smallest - 1, -step)


# --- The image --------------------------------------------------------------------------------

CONTENT = WIDTH - 2 * MARGIN
TILE_GAP, TILE_PADDING = 24, 24
TILE_WIDTH = (CONTENT - 2 * TILE_GAP) // 3
TILE_TOP, TILE_BOTTOM = 358, 592
GOLD_BAND = 14
LOGO = (MARGIN + 26, 72, 26)  # centre x, centre y, radius


@dataclass(frozen=True)
class Placed:
    """A text fitted into its box: `width` × `height` pixels from (x, y), its top left."""

    fitted: Fitted
    x: int
    y: int
    width: int
    height: int
    colour: str


def place(text, weight, font_sizes, box, max_lines, leading, colour):
    x, y, width, height = box
    fitted = fit(text, weight, font_sizes, width, max_lines, leading, max_height=height)
    return Placed(fitted, x, y, width, height, colour)


def tile_lefts():
    return [MARGIN + index * (TILE_WIDTH + TILE_GAP) for index in range(3)]


def layout(key):
    """Where each text of the image goes, fitted to its box: [Placed]."""
    site_x = LOGO[0] + LOGO[2] + 20
    placed = [
        place(
            _("Open Government Partnership"),
            "semibold",
            sizes(34, 24),
            (site_x, 54, WIDTH - MARGIN - site_x, 42),
            1,
            1.2,
            "accent",
        ),
        place(key.name, "bold", sizes(80, 44, 4), (MARGIN, 128, CONTENT, 150), 2, 1.08, "ink"),
    ]
    facts_top = 128 + placed[-1].fitted.height + 12
    facts_box = (MARGIN, facts_top, CONTENT, TILE_TOP - 16 - facts_top)
    placed.append(place(key.facts, "regular", sizes(32, 18), facts_box, 2, 1.2, "muted"))
    top, inner = TILE_TOP + TILE_PADDING, TILE_WIDTH - 2 * TILE_PADDING
    for tile, left in zip(key.tiles, tile_lefts(), strict=True):
        x = left + TILE_PADDING
        # The value sits below two lines of label whether the label took one or two.
        placed += [
            place(tile.label, "semibold", sizes(26, 18), (x, top - 4, inner, 60), 2, 1.1, "ink"),
            place(tile.value, "bold", sizes(68, 36, 4), (x, top + 58, inner, 82), 1, 1.2, "accent"),
            place(
                tile.note,
                "regular",
                sizes(22, 14),
                (x, top + 138, inner, TILE_BOTTOM - 16 - (top + 138)),
                3,
                1.15,
                "muted",
            ),
        ]
    return placed


def draw_logo(draw):
    """The site's logo (static/img/logo.svg, 32 units wide): a blue disc, a white ring, a gold
    centre."""
    cx, cy, radius = LOGO
    scale = radius / 15

    def disc(r, **style):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), **style)

    disc(radius, fill=COLOURS["accent"])
    disc(9 * scale, outline=COLOURS["paper"], width=round(3 * scale))
    disc(3 * scale, fill=COLOURS["gold"])


def render(key):
    """The PNG (bytes) of a KeyFigures."""
    image = Image.new("RGB", (WIDTH, HEIGHT), COLOURS["paper"])
    draw = ImageDraw.Draw(image)
    draw_logo(draw)
    for left in tile_lefts():
        box = (left, TILE_TOP, left + TILE_WIDTH, TILE_BOTTOM)
        draw.rounded_rectangle(box, radius=12, fill=COLOURS["surface"])
    draw.rectangle((0, HEIGHT - GOLD_BAND, WIDTH, HEIGHT), fill=COLOURS["gold"])
    for text in layout(key):
        y = text.y
        for line in text.fitted.lines:
            draw.text((text.x, y), line, font=text.fitted.font, fill=COLOURS[text.colour])
            y += text.fitted.line_height
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # optimize=True: 5 % fewer bytes for three times the time
    return buffer.getvalue()
