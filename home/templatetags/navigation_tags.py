from django import template
from wagtail.models import Site

from .. import site_memo

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly under the current site's home page that editors put in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site_memo.main_menu(request, site)


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None
