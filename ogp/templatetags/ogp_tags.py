"""Template filters of the project (`{% load ogp_tags %}`; registered in settings.TEMPLATES)."""

from django import template

from ogp import security

register = template.Library()


@register.filter(is_safe=True)
def rich_text(value):
    """Staff text as safe HTML: sanitised when it is HTML, paragraphs when it is plain text."""
    return security.rich_text(value)


@register.filter
def total_minutes(duration):
    """A timedelta as a whole number of minutes, rounded up (for "try again in N minutes")."""
    seconds = duration.total_seconds()
    return int(-(-seconds // 60))
