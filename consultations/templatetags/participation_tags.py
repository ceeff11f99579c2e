import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import canonical, discussions, form_guards
from ..models import ConsultationPage, ImplementationUpdate, LocalProjectPage, Proposal
from ..money import format_euros, format_euros_cents
from ..typography import with_elision

register = template.Library()


@register.filter
def comment_kind(target):
    if isinstance(target, Proposal):
        return "proposition"
    if isinstance(target, LocalProjectPage):
        return "projet"
    if isinstance(target, ConsultationPage):
        return "consultation"
    return "page"  # discussed outside any consultation (consultations/discussions.py)


@register.filter
def page_kind(page):
    """What a discussed page is, in words ("financing campaign"), from its content type."""
    return discussions.page_class_of(page)._meta.verbose_name


register.filter("euros", format_euros)
register.filter("euros_cents", format_euros_cents)


@register.filter
def percent(share):
    if share is None:
        return ""
    # French puts a no-break space before the percent sign; English does not.
    sign = "\u00a0%" if get_language() == "fr" else "%"
    # Rounded half up to a tenth: Django's number_format cuts the digits it does not show. Shares
    # come as exact fractions (selectors.vote_results): a float 23/80 is 0.28749999…, not 28.75 %.
    share = Fraction(share)
    hundredths = Decimal(share.numerator * 100) / Decimal(share.denominator)
    tenths = hundredths.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(tenths, decimal_pos=1) + sign


@register.filter
def whole_percent(value):
    """A whole percentage (an item's progress, 0 to 100), as the reader's language writes it."""
    if value is None or value == "":
        return ""
    sign = "\u00a0%" if get_language() == "fr" else "%"
    return f"{int(value)}{sign}"


@register.filter
def stage_label(stage):
    """The name of an implementation stage, as a decision carries it (a plain copy of its latest
    update's, without choices of its own)."""
    if stage in ImplementationUpdate.Stage.values:
        return ImplementationUpdate.Stage(stage).label
    return ""


@register.simple_tag
def form_trap(form_id):
    """The trap field of consultations/form_guards.py in a form drawn by hand."""
    return form_guards.trap_html(f"{form_id}-{form_guards.TRAP_FIELD}")


@register.simple_tag
def comment_by(author):
    """« commentaire d’Inès »: the name decides the elision, which a blocktranslate cannot."""
    return with_elision(_("comment by %(author)s"), author=author)


@register.filter
def document_label(document):
    """The title and the file type, once: editors often write « (PDF) » in the title already."""
    kind = document.file_extension.upper()
    title = document.title.strip()
    if not kind or re.search(rf"[(\[]\s*{re.escape(kind)}\s*[)\]]$", title, re.IGNORECASE):
        return title
    return f"{title} ({kind})"


@register.simple_tag(takes_context=True)
def proposal_address(context, proposal):
    """The proposal's address as a link from this page: a full address on its consultation's site
    when that is another site (consultations/canonical.py)."""
    request = context.get("request")
    path = proposal.get_absolute_url()
    return canonical.address(request, proposal.consultation, path) if request is not None else path
