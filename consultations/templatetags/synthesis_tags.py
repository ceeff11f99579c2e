"""The synthesis page's sentences and charts, from its stored figures (synthesis/presentation.py)."""

import datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Comment
from ..synthesis import presentation
from .participation_tags import percent

register = template.Library()


@register.simple_tag
def synthesis_charts(figures):
    return presentation.charts_of(figures)


@register.simple_tag
def participation_sentence(participation):
    return presentation.participation_sentence(participation)


@register.simple_tag
def moderated_total(figures):
    return presentation.moderated_total(figures)


@register.simple_tag
def stance_label(stance):
    return Comment.Stance(stance).label


@register.filter
def iso_date(value):
    return datetime.date.fromisoformat(value) if value else None


@register.simple_tag
def results_sentence(results):
    ballots = results["ballots"]
    if not ballots:
        return _("Nobody voted.")
    text = ngettext("%(count)s ballot was cast.", "%(count)s ballots were cast.", ballots) % {"count": ballots}
    if results["turnout"]:
        text += " " + _("Turnout: %(turnout)s of the eligible residents.") % {"turnout": percent(results["turnout"])}
    rows = results["rows"]
    if rows and rows[0]["score"] > 0:
        first = rows[0]
        share = _("%(share)s of the points") if results["method"] == "points" else _("%(share)s of the ballots")
        text += " " + _("First: « %(title)s » (%(share)s).") % {
            "title": first["title"], "share": share % {"share": percent(first["share"])},
        }
        if results["margin"]:
            text += " " + ngettext(
                "It leads the next one by %(count)s vote.", "It leads the next one by %(count)s votes.",
                results["margin"],
            ) % {"count": results["margin"]}
    return text
