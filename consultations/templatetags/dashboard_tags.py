from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..dashboard import may_search_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_search_offered(context):
    return may_search_pages(context["request"].user)


@register.filter
def duration_label(delta):
    """A wait as people say it: "2 days 4 h", "3 h 20 min", "12 min"; the two largest units."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)s day", "%(count)s days", days) % {"count": days})
    if hours:
        parts.append(_("%(count)s h") % {"count": hours})
    if minutes and not days:
        parts.append(_("%(count)s min") % {"count": minutes})
    return " ".join(parts[:2]) or _("less than a minute")
