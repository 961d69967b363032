"""The "Embed" buttons of the profile and the commitment page: the `<iframe>` code another site
pastes to show one of the embeds (members.embed), in the page's language, with a title naming
the figure and the member and a height that fits the figure."""

from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.translation import gettext as _

# Pixels: (fixed part, per action plan; for the review, per indicator of its findings table)
# of each embed's height in a 640 px frame, so that the frame shows the whole figure without a
# scroll bar (measured in Chromium on the demo data, rounded up).
EMBED_HEIGHTS = {
    "performance": (520, 50),
    "star-chart": (660, 92),
    "participation": (380, 115),
    "irm-review": (460, 85),
}


@dataclass(frozen=True)
class EmbedCode:
    name: str  # the embed's URL name: "performance", "star-chart", "participation", "irm-review"
    src: str  # absolute
    title: str
    height: int
    width: int = 640

    @property
    def html(self):
        """The code to copy, as plain text: its attributes escaped once, here; the template
        escapes the whole once more for the textarea, so the reader copies this exact text."""
        return (
            f'<iframe src="{escape(self.src)}" title="{escape(self.title)}" width="{self.width}"'
            f' height="{self.height}" loading="lazy" style="border: 0; max-width: 100%;">'
            "</iframe>"
        )


def embed_code(request, name, args, title, size):
    """The code of the embed `embed:<name>` (URL arguments `args`); `size` counts what its
    height grows with (EMBED_HEIGHTS)."""
    fixed, per_item = EMBED_HEIGHTS[name]
    src = request.build_absolute_uri(reverse(f"embed:{name}", args=args))
    return EmbedCode(name, src, title, fixed + per_item * size)


def profile_embeds(request, member, plans):
    """The profile's three embeds, keyed `performance`, `star_chart`, `participation` (for
    the template), sized for its number of plans."""
    figures = {
        "performance": _("Commitment performance"),
        "star-chart": _("How to get more starred commitments"),
        "participation": _("Public participation"),
    }
    return {
        name.replace("-", "_"): embed_code(
            request,
            name,
            [member.slug],
            _("%(figure)s — %(member)s") % {"figure": label, "member": member.name},
            max(plans, 1),
        )
        for name, label in figures.items()
    }


def review_embed(request, commitment, indicators):
    """A commitment's review embed, sized for the indicators of its findings table."""
    member = commitment.action_plan.member
    title = _("IRM review of %(identifier)s — %(member)s") % {
        "identifier": commitment.identifier,
        "member": member.name,
    }
    return embed_code(
        request, "irm-review", [member.slug, commitment.identifier], title, indicators
    )
