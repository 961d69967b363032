"""How to cite a page or an export: one citation, in plain text, BibTeX and CSL-JSON.

A citation names the Open Government Partnership as author, the title (the content's own: a
member's name, a plan's or commitment's title, the explorer's resource), the canonical address
(the explorer's with its filters), the day the data last changed and the data version
(ogp.data_version), and the day it was retrieved. The profile, plan, commitment and explorer
pages show it ("Cite this page", templates/includes/cite.html) and the exports' provenance
carries its plain text (commitments.exports.provenance): the same builder, the same words.

`?cite=text|bibtex|csl-json` on those pages downloads it (`download`): the page's own address
with one parameter, answered by the page's view with the page's title, so there is no second
route per page and the page cache keeps it like the page.

The retrieval date is the day the text was made: a cached page keeps the day it was rendered,
within the same data version.
"""

import datetime
import json
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from ogp import i18n
from ogp.data_version import data_version

AUTHOR = "Open Government Partnership"
PARAMETER = "cite"
# ?cite= value: (content type, file extension). BibTeX has no registered media type:
# application/x-bibtex is the one reference managers and Zotero's importer recognise; CSL-JSON
# has its own (vnd.citationstyles).
FORMATS = {
    "text": ("text/plain; charset=utf-8", "txt"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "csl-json": ("application/vnd.citationstyles.csl+json", "json"),
}
# The CSL types: a page, or a table of data (the explorer's rows, an export).
WEBPAGE, DATASET = "webpage", "dataset"


@dataclass(frozen=True)
class Citation:
    title: str
    url: str  # absolute
    version: str  # the data version's token
    changed: datetime.date  # the day the data last changed
    accessed: datetime.date
    kind: str = WEBPAGE

    @classmethod
    def of(cls, title, url, kind=WEBPAGE):
        """The citation of `url` under `title`, for the current data version, retrieved today."""
        version = data_version()
        changed = datetime.datetime.fromtimestamp(version["changed_at"], datetime.UTC).date()
        return cls(str(title), url, version["token"], changed, timezone.localdate(), kind)

    @classmethod
    def of_page(cls, request, title, kind=WEBPAGE):
        """The citation of the requested page at its canonical URL (ogp.i18n)."""
        return cls.of(title, i18n.page_languages(request).canonical, kind)

    @property
    def key(self):
        """The BibTeX key: ogp-<title>-<year>, ASCII."""
        return f"ogp-{slugify(self.title)[:48].strip('-') or 'page'}-{self.changed.year}"

    @property
    def text(self):
        return gettext(
            "Open Government Partnership, “%(title)s”, %(url)s (data last changed %(changed)s, "
            "data version %(version)s), retrieved %(date)s."
        ) % {
            "title": self.title,
            "url": self.url,
            "changed": self.changed.isoformat(),
            "version": self.version,
            "date": self.accessed.isoformat(),
        }

    @property
    def note(self):
        return (
            f"{gettext('Data last changed')}: {self.changed.isoformat()}. "
            f"{gettext('Data version')}: {self.version}."
        )

    @property
    def bibtex(self):
        """A biblatex/BibTeX @misc entry (biblatex reads url, urldate, date and version; BibTeX
        styles the year and the note)."""
        fields = [
            ("author", "{" + bibtex_text(AUTHOR) + "}"),  # a corporate author: one name
            ("title", "{" + bibtex_text(self.title) + "}"),  # its case kept
            ("year", str(self.changed.year)),
            ("date", self.changed.isoformat()),
            ("url", bibtex_url(self.url)),
            ("urldate", self.accessed.isoformat()),
            ("version", bibtex_text(self.version)),
            ("note", bibtex_text(self.note)),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    @property
    def csl(self):
        """The CSL-JSON item (a dict)."""
        return {
            "id": self.key,
            "type": self.kind,
            "title": self.title,
            "author": [{"literal": AUTHOR}],
            "publisher": AUTHOR,
            "issued": _date_parts(self.changed),
            "accessed": _date_parts(self.accessed),
            "URL": self.url,
            "version": self.version,
            "note": self.note,
        }

    @property
    def csl_json(self):
        """A CSL-JSON file: a list of one item, a field a line (short enough to read on a page)."""
        fields = ",\n".join(
            f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"
            for name, value in self.csl.items()
        )
        return f"[\n  {{\n{fields}\n  }}\n]\n"

    def rendered(self, name):
        return {"text": self.text + "\n", "bibtex": self.bibtex, "csl-json": self.csl_json}[name]


def _date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


# --- BibTeX -----------------------------------------------------------------------------------

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ı": r"{\i}",
}
# Combining marks (after NFD) and the LaTeX accent command of each.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}


def bibtex_text(text):
    """`text` for a BibTeX field: LaTeX's special characters escaped, accented letters as
    accent commands in braces ("é" → "{\\'e}", so BibTeX sorts and cases them), braces always
    balanced; other characters stay UTF-8 (LaTeX reads UTF-8)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if marks and base.isascii() and all(mark in _ACCENTS for mark in marks):
            letter = r"\i" if base == "i" else base
            for mark in marks:
                command = _ACCENTS[mark]
                # \'e, \"o; a command spelt with letters takes its argument in braces: \c{c}
                letter = f"\\{command}{{{letter}}}" if command.isalpha() else f"\\{command}{letter}"
            out.append("{" + letter + "}")
        elif char in "\r\n\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def bibtex_url(url):
    """An address for BibTeX's url field (verbatim in biblatex): characters that would unbalance
    the entry or end the field (braces, backslash, spaces, non-ASCII) percent-encoded, and %
    and # escaped for LaTeX's url package."""
    encoded = quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")
    return encoded.replace("%", r"\%").replace("#", r"\#")


# --- The downloads ----------------------------------------------------------------------------


def requested(request):
    """The ?cite= format asked for, None for the page itself; ValueError for an unknown one."""
    name = request.GET.get(PARAMETER)
    if name is None:
        return None
    if name not in FORMATS:
        raise ValueError(name)
    return name


def download(request, citation):
    """The answer to `?cite=`: the citation as a file (or a 400 naming the formats), None when
    the page itself is asked for."""
    try:
        name = requested(request)
    except ValueError:
        return HttpResponse(
            gettext("Choose one of %(choices)s.") % {"choices": ", ".join(FORMATS)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if name is None:
        return None
    content_type, extension = FORMATS[name]
    response = HttpResponse(citation.rendered(name), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{extension}"'
    return response


def download_links(request):
    """(format, label, href) of each download: this page's query string with ?cite=."""
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    links = []
    for name, label in (("bibtex", "BibTeX"), ("csl-json", "CSL-JSON"), ("text", None)):
        query[PARAMETER] = name
        links.append((name, label or gettext("plain text"), "?" + query.urlencode()))
    return links
