"""`{% chart obj %}` draws a chart of consultations/charts.py with its table, under an id unique on
the page: `{% chart obj "votes" %}` names it, otherwise its title does."""

from django import template
from django.template.loader import render_to_string
from django.utils.text import slugify

register = template.Library()


@register.simple_tag(takes_context=True)
def chart(context, obj, slug=""):
    # The ids are kept in the page's outermost layer of context, which every include shares
    # (a template's render_context is its own).
    taken = context.dicts[0].setdefault("chart_ids", set())
    base = f"chart-{slugify(slug or obj.title) or 'figure'}"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return render_to_string(f"consultations/charts/{obj.kind}.html", {"chart": obj, "id": ident})
