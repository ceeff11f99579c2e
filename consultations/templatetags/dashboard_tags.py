from django import template

from ..dashboard import may_search_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_search_offered(context):
    return may_search_pages(context["request"].user)
