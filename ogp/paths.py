"""Paths built fast: reverse() costs tens of microseconds, and a page or an API answer builds
hundreds of links. Each URL pattern is reversed once per language (the language prefix of
`i18n_patterns`) with placeholder values, which are then replaced by the quoted values."""

from urllib.parse import quote

from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

_TEMPLATES = {}
_SAFE = RFC3986_SUBDELIMS + "~:@"  # what reverse() leaves unquoted in a path's part


def _template(view_name, names):
    key = (view_name, names, translation.get_language())
    if key not in _TEMPLATES:
        placeholders = {name: f"9{index}{index}9" for index, name in enumerate(names)}
        _TEMPLATES[key] = (reverse(view_name, kwargs=placeholders), placeholders)
    return _TEMPLATES[key]


def fast_path(view_name, **kwargs):
    """The path `reverse(view_name, kwargs=kwargs)` gives in the active language."""
    path, placeholders = _template(view_name, tuple(sorted(kwargs)))
    for name, placeholder in placeholders.items():
        path = path.replace(placeholder, quote(str(kwargs[name]), safe=_SAFE), 1)
    return path
