"""French typography in templates (`{% load french %}`), one format on every page.

    {{ event.start_date|fr_date }}               1er décembre 2026
    {{ event.start_date|fr_date:"weekday" }}     mardi 1er décembre 2026
    {{ day|fr_date:"weekday,noyear" }}           mardi 1er décembre
    {{ post.created|fr_datetime }}               1er décembre 2026 à 14 h 30 (Europe/Paris)
    {{ event.start_time|fr_time }}               14 h 30
    {{ count|fr_plural:"référent" }}             0 référent, 1 référent, 2 référents
    {{ count|fr_number }}                        12 500
    {{ topic.subject|fr_punct }}                 the spaces before « : ; ? ! »

Every space these filters write is a non-breaking one (see extranet/typography.py), so a time, a date
or a count never breaks across lines. The logic lives in extranet/typography.py for Python code.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from extranet import typography

register = template.Library()


@register.filter
def fr_date(value, options: str = "") -> str:
    if not value:
        return ""
    flags = set(options.split(","))
    return typography.format_date(value, weekday="weekday" in flags, year="noyear" not in flags)


@register.filter
def fr_datetime(value, options: str = "") -> str:
    if not value:
        return ""
    flags = set(options.split(","))
    return typography.format_datetime(value, weekday="weekday" in flags, year="noyear" not in flags)


@register.filter
def fr_time(value) -> str:
    return typography.format_time(value) if value else ""


@register.filter
def fr_number(value) -> str:
    return typography.format_number(int(value))


@register.filter
def fr_plural(value, forms: str) -> str:
    """The count and its word. The count may be a number or a sized collection (« 3 référents »)."""
    count = value if isinstance(value, int) else len(value)
    return typography.plural(count, forms)


@register.filter(needs_autoescape=True)
def fr_punct(value, autoescape: bool = True) -> SafeString:
    """Text with French spaces before high punctuation; escaped first unless already safe HTML."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(typography.punctuate(str(text)))
