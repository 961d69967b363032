"""Template filters and tags of the project (`{% load ogp_tags %}`; in settings.TEMPLATES)."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ogp import citation, i18n, security, translated
from ogp.text import comma_list

register = template.Library()


@register.filter(is_safe=True)
def rich_text(value):
    """Staff text as safe HTML: sanitised when it is HTML, paragraphs when it is plain text."""
    return security.rich_text(value)


@register.filter
def plain_text(value):
    """Staff text as plain text: sanitised, tags off, entities read (ogp.security.plain_text)."""
    return security.plain_text(value)


@register.filter(is_safe=True)
def marked(label, lang=None):
    """A name in a list (an `ogp.translated.Label`, or a text and its `lang`) as HTML, its
    English fallback marked `lang="en"` without the "not yet translated" note, which a list
    would repeat: `{{ area|marked }}`, `{{ item.label|marked:item.lang }}`."""
    return translated.marked(label, lang)


@register.filter
def total_minutes(duration):
    """A timedelta as a whole number of minutes, rounded up (for "try again in N minutes")."""
    seconds = duration.total_seconds()
    return int(-(-seconds // 60))


@register.simple_block_tag
def scroll_table(content, caption, region="", table_class="data", caption_class=""):
    """A table in a box that scrolls sideways on narrow screens, with its caption.

    With `region`, the box is a focusable region named by the caption (id `<region>-caption`),
    so that keyboard users can scroll it: `{% scroll_table _("…") region="scores" %}`; the
    content is the table's head and body. Above it, a visible "scroll sideways" cue: shown on
    narrow screens, and with JavaScript (static/js/tables.js) wherever, and only when, the
    table is wider than its box.
    """
    box_attrs = ""
    cue = ""
    caption_attrs = format_html(' class="{}"', caption_class) if caption_class else ""
    if region:
        box_attrs = format_html(' role="region" aria-labelledby="{}-caption" tabindex="0"', region)
        caption_attrs = format_html(' id="{}-caption"{}', region, caption_attrs)
        cue = format_html(
            '<p class="scroll-cue" aria-hidden="true">{} <span class="scroll-cue__arrow">→</span>'
            "</p>\n",
            _("Scroll sideways for more columns"),
        )
    return format_html(
        '{}<div class="table-scroll"{}>\n<table class="{}">\n<caption{}>{}</caption>\n'
        "{}</table>\n</div>",
        cue,
        box_attrs,
        table_class,
        caption_attrs,
        caption,
        content,
    )


@register.simple_block_tag
def section(content, anchor, title, level=2):
    """A titled part of a page, named by its heading for assistive technologies:
    `{% section "contacts" _("Contacts") %}…{% endsection %}` is a `<section id="contacts"
    class="section">` labelled by its `<h2 id="contacts-title">`; `level=3`, a subsection with
    an `<h3>`."""
    return format_html(
        '<section id="{0}" class="{1}" aria-labelledby="{0}-title">\n'
        '<h{2} id="{0}-title">{3}</h{2}>{4}</section>',
        anchor,
        "section" if level == 2 else "subsection",
        level,
        title,
        content,
    )


@register.simple_tag(takes_context=True)
def page_languages(context):
    """This page in each language and its canonical URL (ogp.i18n.page_languages):
    `{% page_languages as page_links %}` in templates/base.html."""
    return i18n.page_languages(context.get("request"))


@register.simple_tag
def localized(obj, name, rich=False, plain=False, comma_separated=False):
    """A translatable field's text in the page's language (ogp.translated.localized).

    `{% localized commitment "title" %}`; `rich=True` for staff rich text (paragraphs, as the
    `rich_text` filter); `plain=True` for the text alone (a `<title>`, an attribute, a
    `blocktranslate` argument: `{% localized area "name" plain=True as name %}`). Where the
    translation is missing, the English text is marked `lang="en"` and followed by a discreet
    "not yet translated" note. `comma_separated=True` for a list of labels ("a,b " → "a, b").
    """
    text, language = translated.localized(obj, name)
    if comma_separated:
        text = ", ".join(comma_list(text))
    body = security.rich_text(text) if rich else text
    current = translation.get_language()
    if plain or not text or language == current:
        return body  # simple_tag escapes a plain string; rich_text's is safe
    note = _("not yet translated")
    if rich:
        return format_html(
            '<div lang="en" class="untranslated">{}<p class="untranslated__note" lang="{}">'
            "({})</p></div>",
            body,
            current,
            note,
        )
    return format_html(
        '<span lang="en" class="untranslated">{} <small class="untranslated__note" lang="{}">'
        "({})</small></span>",
        body,
        current,
        note,
    )


@register.simple_block_tag
def capture(content):
    """The rendered content, trimmed, kept for use in several places:
    `{% capture as page_title %}{% block title %}…{% endblock %}{% endcapture %}` in
    templates/base.html (the <title> and the link-preview tags). The content was rendered
    with autoescape, so it stays safe."""
    return mark_safe(content.strip())  # noqa: S308 (already escaped by the template)


@register.simple_tag(takes_context=True)
def cite_links(context):
    """This page's citation downloads (ogp.citation.download_links)."""
    return citation.download_links(context["request"])
