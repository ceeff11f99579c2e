from django import template

from freshness.sites import current_site, page_url

from ..serving import main_menu as site_main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly under the current site's home page that editors put in menus."""
    request = context.get("request")
    site = current_site(request) if request else None
    if site is None:
        return []
    return site_main_menu(request, site)


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = current_site(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def return_address(context):
    """Where signing in or up should bring the visitor back: this page, or, on the sign-in and
    sign-up pages themselves, the address they were already going back to (never a sign-in page
    inside another's `next`)."""
    request = context.get("request")
    if request is None:
        return "/"
    if request.path.startswith("/accounts/"):
        return request.GET.get("next", "") if not request.GET.get("next", "").startswith("/accounts/") else ""
    return request.get_full_path()


@register.simple_tag(takes_context=True)
def page_address(context, page):
    """Wagtail's `pageurl`, given the site kept for this request (home/serving.py) so that it
    does not look the site up in the database again (`Page.get_url`'s `current_site`)."""
    request = context.get("request")
    return page_url(page, request) if request is not None else page.get_url() or ""
