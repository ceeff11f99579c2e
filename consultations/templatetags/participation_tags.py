from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from .. import canonical
from ..models import LocalProjectPage, Proposal
from ..money import format_euros

register = template.Library()


@register.filter
def comment_kind(target):
    if isinstance(target, Proposal):
        return "proposition"
    if isinstance(target, LocalProjectPage):
        return "projet"
    return "consultation"


register.filter("euros", format_euros)


@register.filter
def percent(share):
    if share is None:
        return ""
    # French puts a no-break space before the percent sign; English does not.
    sign = "\u00a0%" if get_language() == "fr" else "%"
    # Rounded half up to a tenth: Django's number_format cuts the digits it does not show.
    tenths = Decimal(repr(share * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(tenths, decimal_pos=1) + sign


@register.simple_tag(takes_context=True)
def proposal_address(context, proposal):
    """The proposal's address as a link from this page: a full address on its consultation's site
    when that is another site (consultations/canonical.py)."""
    request = context.get("request")
    path = proposal.get_absolute_url()
    return canonical.address(request, proposal.consultation, path) if request is not None else path
