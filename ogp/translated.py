"""Content in several languages: the per-language columns of the text staff enter.

English is the content's language of record: a translatable field (`Commitment.title`) keeps
its column and holds the English text, required where it was. Each other language of
settings.LANGUAGES gets a sibling column on the same table (`title_es`, `title_fr`), optional,
empty until someone translates it. Declared once per field in the model's body:

    title = models.CharField(max_length=500)
    title_es, title_fr = translations(title)

The rest derives from these declarations: `translated_fields(Model)` lists a model's fields,
the admin (ogp.admin.TranslatedAdmin) gives each language a fieldset, the published columns
(opendata.columns) add `title_es`, `title_fr` after `title`, the sheet import reads
"Commitment Title (ES)", and `localized(obj, "title")` is the text a page shows: the
request's language where it exists, else the English text (the `{% localized %}` tag marks
that fallback `lang="en"` with a "not yet translated" note).

Plain columns, not a library's machinery: queries, filters, orderings, indexes, exports and the
search vector keep reading the English column as before, in every language (docs/architecture.md,
"Languages", says why).
"""

from functools import cache

from django import forms
from django.conf import settings
from django.db.models import F, ForeignObjectRel, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE  # "en": the content's language of record
OTHER_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE)
# The languages' names in the reader's language (settings.LANGUAGES names each in its own).
LANGUAGE_NAMES = {"es": _("Spanish"), "fr": _("French")}


def column_name(name, language):
    """`title` in Spanish is `title_es`; in English, `title` itself."""
    return name if language == DEFAULT_LANGUAGE else f"{name}_{language}"


def _label(field, language):
    """The label of a translation column, in the reader's language: "Title (Spanish)"."""
    return gettext("%(field)s (%(language)s)") % {
        "field": capfirst(field.verbose_name),
        "language": LANGUAGE_NAMES[language],
    }


def translations(field):
    """The copies of a model field for the other languages, in OTHER_LANGUAGES order: same
    type and length, optional, never unique (two untranslated names are both empty)."""
    copies = []
    for language in OTHER_LANGUAGES:
        _name, _path, args, kwargs = field.deconstruct()
        kwargs.update(blank=True, unique=False, default="")
        kwargs.pop("help_text", None)
        kwargs.pop("verbose_name", None)
        copy = field.__class__(*args, **kwargs)
        # The label follows the source field's, known once the model is built ("Title (Spanish)").
        copy.verbose_name = lazy(_label, str)(field, language)
        copy.translation_of = field
        copy.content_language = language
        copies.append(copy)
    return copies


def translated_fields(model):
    """The names of a model's translatable fields, in declaration order."""
    return [
        field.translation_of.name
        for field in model._meta.concrete_fields
        if getattr(field, "content_language", None) == OTHER_LANGUAGES[0]
    ]


def language_columns(name):
    """`title` → ["title_es", "title_fr"]: the columns of a translated field's translations."""
    return [column_name(name, language) for language in OTHER_LANGUAGES]


def with_language_columns(names):
    """["title", "summary"] → ["title", "title_es", "title_fr", "summary", …]."""
    return [column for name in names for column in (name, *language_columns(name))]


def with_translations(model, *paths):
    """`.only()` paths with the translation columns of each translated field they name,
    following relations: ("title", "primary_policy_area__name") also loads "title_es", …,
    "primary_policy_area__name_es", … — what `localized()` reads, in the same query."""
    expanded = []
    for path in paths:
        expanded.append(path)
        *relations, name = path.split("__")
        target = model
        for relation in relations:
            field = target._meta.get_field(relation)
            target = field.related_model if not isinstance(field, ForeignObjectRel) else None
            if target is None:
                break
        if target is not None and name in translated_fields(target):
            prefix = "".join(f"{relation}__" for relation in relations)
            expanded.extend(prefix + column for column in language_columns(name))
    return expanded


def localized(obj, name, language=None):
    """The text of `obj.<name>` a reader of `language` (default: the active one) sees, and its
    language: (text, language). The translation where it is written, else the English text
    (language "en"); ("", "en") when there is neither."""
    language = language or translation.get_language() or DEFAULT_LANGUAGE
    language = translation.get_supported_language_variant(language)
    if language != DEFAULT_LANGUAGE:
        text = getattr(obj, column_name(name, language), "")
        if text:
            return text, language
    return getattr(obj, name), DEFAULT_LANGUAGE


def fallback_mark(language):
    """The `lang` attribute value a fragment in `language` needs on the active language's
    page: "" when it is the page's language, else `language` (the English fallback: "en")."""
    current = translation.get_language() or DEFAULT_LANGUAGE
    return "" if language == translation.get_supported_language_variant(current) else language


def localized_label(obj, name):
    """A name as a list shows it (a facet, a chip, a chart bar, an option): (text, lang),
    `lang` "" in the page's language, else "en" for the fallback fragment to be marked
    `lang="en"` (without the "not yet translated" note, which a list would repeat)."""
    text, language = localized(obj, name)
    return text, fallback_mark(language)


class Label(str):
    """A name as a list shows it (`localized_label`), which knows the language of its text:
    `lang` "" in the page's language, else "en" for the English fallback. A str, so it reads,
    compares and sorts as its text; the markup carries its language where it allows: `lang`
    on an `<option>` (`LanguageSelect`), a `<span lang>` in a box's label, a chip or a row
    (`marked`), `lang` on an SVG `<text>` (irm.charts). `html`: its HTML when only a part of
    it is in another language ("Open Data (todas)"), which an `<option>` cannot mark."""

    lang = ""
    html = None

    def __new__(cls, text, lang="", html=None):
        label = super().__new__(cls, text)
        label.lang = lang
        label.html = html
        return label

    def __reduce__(self):  # kept in the cache with its language
        return (Label, (str(self), self.lang, self.html))


def list_label(obj, name):
    """`localized_label` as a Label."""
    return Label(*localized_label(obj, name))


def label_in(pattern, key, label):
    """`pattern` (a translated message with `%(<key>)s`) around a Label: the Label of the
    whole, its `html` marking the name alone when the name is in another language."""
    text = pattern % {key: label}
    if not label.lang:
        return Label(text)
    return Label(text, html=mark_safe(conditional_escape(pattern) % {key: marked(label)}))


def marked(text, lang=None):
    """A name as HTML: in `<span lang>` when its language (`lang`, else the Label's) is not the
    page's; a Label's `html` when only a part of it is."""
    if getattr(text, "html", None) is not None:
        return text.html
    lang = getattr(text, "lang", "") if lang is None else lang
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, text)
    return conditional_escape(text)


class LanguageSelect(forms.Select):
    """A select whose options are marked with the language of a Label in another language
    than the page's: `<option lang="en">` for an English fallback."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        lang = getattr(label, "lang", "")
        if lang:
            option["attrs"] = {**option["attrs"], "lang": lang}
        return option


def localized_expression(name, language=None):
    """The SQL value a reader of `language` (default: the active one) sees of a translated
    field: its column in that language where it is written, else the English column — to sort
    by, with ogp.text.by_name."""
    language = translation.get_supported_language_variant(
        language or translation.get_language() or DEFAULT_LANGUAGE
    )
    if language == DEFAULT_LANGUAGE:
        return F(name)
    return Coalesce(NullIf(F(column_name(name, language)), Value("")), F(name))


# --- The labels of coded fields (a vocabulary's values) ---------------------------------------


@cache
def _coded_fields(model, names, language):
    """[(name, attname, {code: label})] of `model`'s coded fields among `names`, in their
    order, each vocabulary's labels in `language` (read once per language: the catalogues do
    not change while a process runs); the blank code ("not reported") has no label."""
    fields = {field.name: field for field in model._meta.concrete_fields if field.choices}
    return [
        (
            name,
            fields[name].attname,
            {code: str(label) for code, label in fields[name].flatchoices if code not in BLANK},
        )
        for name in names
        if name in fields
    ]


BLANK = (None, "")


def coded_fields(model, names):
    """`model`'s coded fields among `names`, with their labels in the active language."""
    return _coded_fields(model, tuple(names), translation.get_language())
