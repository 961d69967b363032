"""The licence of the published data, declared once: the /data/ page, every release's
`datapackage.json` (`licenses`) and every export's provenance (commitments.exports) read it.

OGP's Disclosure Policy (SOURCE) says everyone is free to use the information OGP generates
"subject only to a Creative Commons 3.0 Unported License", without naming which of the
Creative Commons licences; "subject only to" and OGP's presumption of openness read as the
Attribution licence, CC BY 3.0. Staff to confirm (docs/api.md, "Licence").
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier (also the Open Definition's)
    title: str
    url: str
    attribution: str  # the credit line the licence asks of whoever reuses the data
    source: str  # where OGP states these terms

    def descriptor(self):
        """The licence as a Frictionless data package's `licenses` entry."""
        return {"name": self.id, "path": self.url, "title": self.title}

    def statement(self):
        """One sentence for an export's provenance, in the request's language."""
        return gettext("%(title)s (%(id)s), %(url)s. Credit: %(attribution)s.") % {
            "title": self.title,
            "id": self.id,
            "url": self.url,
            "attribution": self.attribution,
        }


LICENCE = Licence(
    id="CC-BY-3.0",
    title="Creative Commons Attribution 3.0 Unported",
    url="https://creativecommons.org/licenses/by/3.0/",
    attribution=_("Open Government Partnership (OGP), opengovpartnership.org"),
    source="https://www.opengovpartnership.org/ogp-disclosure-policy",
)
