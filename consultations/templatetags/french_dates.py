"""Loaded as a template builtin (settings.TEMPLATES): replaces Django's `date` filter everywhere,
so that every template, the project's and Wagtail's, writes « 1er février » in French."""

from django import template
from django.template.defaultfilters import date as django_date

from ..typography import date_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    try:
        return date_format(value, arg)
    except AttributeError:
        # What Django's filter makes of values that are not dates (an empty string, say).
        return django_date(value, arg)
