"""The synthesis page's sentences and charts, from its stored figures (synthesis/presentation.py)."""

import datetime
import re

from django import template
from django.utils.safestring import mark_safe
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from freshness.kept import kept
from freshness.versions import CONTENT

from .. import activity
from ..models import Comment
from ..synthesis import opinion_words, presentation
from .participation_tags import percent

register = template.Library()
SECTIONS = "consultations/includes/synthesis_sections.html"


@register.simple_tag(takes_context=True)
def synthesis_sections(context):
    """The page's figures and words, drawn once and kept: a frozen snapshot never changes, so its
    sections change only with the published content (the staff's words, addresses); provisional
    figures also with the consultation's contributions (activity.py). Drawing them (the charts
    above all) costs several times what the rest of the page does."""
    page, snapshot, consultation = context["page"], context.get("snapshot"), context["consultation"]
    name = "synthesis-sections:{}:{}:{}:{}".format(
        page.pk, snapshot.pk if snapshot else "provisional", get_language(), context.get("open_data_url", ""),
    )
    keys = [CONTENT] if snapshot else activity.contribution_keys(consultation)
    return mark_safe(kept(name, keys, lambda: render_to_string(SECTIONS, context.flatten())))


@register.simple_tag
def synthesis_charts(figures):
    return presentation.charts_of(figures)


@register.simple_tag
def opinion_maps(figures):
    return opinion_words.maps(figures)


@register.simple_tag
def opinion_group_heading(group):
    return opinion_words.group_heading(group)


@register.simple_tag
def representative_sentence(letter, statement):
    return opinion_words.representative_sentence(letter, statement)


@register.simple_tag
def consensus_sentence(statement):
    return opinion_words.consensus_sentence(statement)


@register.simple_tag
def divisive_sentence(statement):
    return opinion_words.divisive_sentence(statement)


@register.simple_tag
def participation_sentence(participation):
    return presentation.participation_sentence(participation)


@register.simple_tag
def moderated_total(figures):
    return presentation.moderated_total(figures)


@register.simple_tag
def moderation_has_small_counts(figures):
    return presentation.moderation_has_small_counts(figures)


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


@register.filter
def css_string(value):
    """`value` as a quoted CSS string for a print style sheet (the PDF's page headers and footers):
    everything but letters, digits and spaces as a CSS escape, so that no title can close the
    string, the rule or the <style> element."""
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(value)
    )
    return mark_safe(f'"{escaped}"')


@register.simple_tag
def page_numbers_css():
    """The CSS `content` of "Page 2 of 5", with the page counters in the translated sentence."""
    parts = re.split(r"(\{page\}|\{pages\})", _("Page {page} of {pages}"))
    tokens = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return mark_safe(" ".join(tokens.get(part) or css_string(part) for part in parts if part))
