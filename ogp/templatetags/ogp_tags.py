"""Template filters of the project (`{% load ogp_tags %}`; registered in settings.TEMPLATES)."""

from django import template

from ogp import security

register = template.Library()


@register.filter(is_safe=True)
def rich_text(value):
    """Staff text as safe HTML: sanitised when it is HTML, paragraphs when it is plain text."""
    return security.rich_text(value)
