"""The Spanish and French catalogues (locale/): complete, current with the code, and every
visible template string wrapped for translation (docs/development.md, "Translating").

These need GNU gettext (msgfmt, xgettext), which bin/setup installs: without it they are
skipped, and with CI=true they fail instead.
"""

import ast
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What makemessages reads: the project's code and templates, not its tools or its tests.
IGNORED = [".venv", "node_modules", "tests", "staticfiles", "benchmarks", "data-build"]


def catalogue(language, base=ROOT / "locale"):
    return base / language / "LC_MESSAGES" / "django.po"


def need_gettext():
    if shutil.which("msgfmt") and shutil.which("xgettext"):
        return
    reason = "GNU gettext (msgfmt, xgettext) is not installed: bin/setup installs it"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason + " (CI=true: a failure, not a skip)")
    pytest.skip(reason)


def _unquote(line):
    return ast.literal_eval(line.strip())


def messages(path):
    """The messages of a .po file, as {(context, msgid, msgid_plural): [msgstr, …]}, with
    a "fuzzy" flag set; obsolete (#~) entries left out."""
    entries, entry, field, fuzzy = {}, None, None, False

    def close():
        if entry is not None and entry.get("msgid", "") != "":
            key = (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            strings = [value for name, value in sorted(entry.items()) if name.startswith("msgstr")]
            entries[key] = {"strings": strings, "fuzzy": entry.get("fuzzy", False)}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif not line or line.startswith("#"):
            if not line:
                close()
                entry, field = None, None
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            name, _space, value = line.partition(" ")
            if entry is None:
                entry, fuzzy_here = {}, fuzzy
                entry["fuzzy"] = fuzzy_here
                fuzzy = False
            field = name
            entry[field] = _unquote(value)
    close()
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(catalogue(language))
    assert len(entries) > 600  # every message of the site, not a sample
    untranslated = [key[1] for key, entry in entries.items() if not all(entry["strings"])]
    fuzzy = [key[1] for key, entry in entries.items() if entry["fuzzy"]]
    assert untranslated == [], f"untranslated in {language}: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles_with_its_placeholders(language):
    """msgfmt --check: each translation keeps its msgid's %(name)s placeholders, the plural
    forms match the header; the statistics say 0 fuzzy, 0 untranslated."""
    need_gettext()
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, catalogue(language)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9]+ translated messages\.", statistics), statistics


def test_the_catalogues_hold_every_message_of_the_code(tmp_path, monkeypatch):
    """makemessages into a temporary folder finds exactly the catalogues' messages: none in the
    code is missing from them (run makemessages), none of theirs is gone from the code.

    It reads the project through symbolic links from a folder without a locale/ of its own, so
    that it writes to the temporary folder, never to the committed catalogues."""
    need_gettext()
    source = tmp_path / "source"
    source.mkdir()
    for path in ROOT.iterdir():
        if path.is_dir() and path.name not in {*IGNORED, "locale"} and path.name[0] != ".":
            (source / path.name).symlink_to(path)
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command(
            "makemessages",
            locale=LANGUAGES,
            ignore_patterns=IGNORED,
            symlinks=True,
            no_obsolete=True,
            verbosity=0,
        )
    for language in LANGUAGES:
        in_code = set(messages(catalogue(language, base=tmp_path / "locale")))
        committed = set(messages(catalogue(language)))
        missing = sorted(key[1] for key in in_code - committed)
        gone = sorted(key[1] for key in committed - in_code)
        assert missing == [], (
            f"messages of the code missing from locale/{language} (run makemessages, then "
            f"translate them: docs/development.md): {missing[:20]}"
        )
        assert gone == [], f"locale/{language} holds messages the code no longer has: {gone[:20]}"


def test_the_code_calls_gettext_by_names_makemessages_knows():
    """makemessages (xgettext) finds a message by the name of the function called: `_`,
    `gettext`, `gettext_lazy`, `ngettext`… A function of django.utils.translation imported
    under another name (`gettext_lazy as _lazy`) hides its messages from the catalogues: the
    explorer's form sections showed in English on every page."""
    import ast

    known = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
    known |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
    renamed = []
    folders = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in IGNORED]
    for path in (
        path for folder in folders if folder.name[0] != "." for path in folder.rglob("*.py")
    ):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                renamed += [
                    f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.name in known and alias.asname and alias.asname not in known
                ]
    assert renamed == [], renamed


# --- Template strings left unwrapped -----------------------------------------------------

# What a template may show untranslated: names, formats and codes that are the same in every
# language, and punctuation or numbers.
UNTRANSLATED = {
    "OGP",
    "IRM",
    "API",
    "CSV",
    "JSON",
    "XLSX",
    "PDF",
    "datapackage.json",
    "Swagger UI",
    "UTC",
    "BibTeX",
    "CSL-JSON",
}
NOT_WORDS = re.compile(r"[\W\d_]*", re.UNICODE)
# Template syntax: translated blocks first (their text is wrapped), then any other tag, variable
# or comment, each replaced by a space.
BLOCKS = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b.*?{%\s*(?:endblocktranslate|endblocktrans)\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.DOTALL,
)
SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.found.append(value)
            if name == "value" and tag == "input" and ("type", "submit") in attrs and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def unwrapped(source):
    """The visible text of a template that is not wrapped for translation."""
    text = SYNTAX.sub(" ", BLOCKS.sub(" ", source))
    parser = VisibleText()
    parser.feed(text)
    parser.close()
    strings = (" ".join(found.split()) for found in parser.found)
    return [
        string
        for string in strings
        if not NOT_WORDS.fullmatch(" ".join(set(string.split()) - UNTRANSLATED))
    ]


def test_the_scan_finds_what_is_left_unwrapped():
    source = (
        '{% load i18n %}<h1 title="Hello">{% translate "Members" %}</h1>'
        "<p>{{ count }} commitments</p><p>{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}"
        '</p><img alt="{% translate "Logo" %}"><p>OGP · 2024</p><script>var a = "b";</script>'
    )
    assert unwrapped(source) == ["Hello", "commitments"]


def test_every_visible_template_string_is_wrapped():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates
    found = {
        str(path.relative_to(ROOT)): strings
        for path in templates
        if (strings := unwrapped(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "wrap these in {% translate %} or {% blocktranslate %}"
