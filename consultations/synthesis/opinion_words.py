"""The opinion map's chart and sentences, from the synthesis's stored figures (opinion_map.py), with
no query: what an official reads without knowing how the groups were computed."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .. import charts
from ..opinion.results import NO_DIFFERENCE, TOO_FEW_PARTICIPANTS, TOO_FEW_STATEMENTS
from ..typography import date_format


def whole_percent(share):
    """A share ("17/20", a Fraction or a float) as a whole percentage, rounded half up: « 85 % »."""
    if share is None:
        return ""
    share = Fraction(share).limit_denominator(10**6) if isinstance(share, float) else Fraction(share)
    value = (Decimal(share.numerator * 100) / Decimal(share.denominator)).quantize(Decimal(1), ROUND_HALF_UP)
    return number_format(value) + ("\u00a0%" if get_language() == "fr" else "%")


def maps(figures):
    """Each opinion round with what its section shows: {"round", "chart", "computed", "verdict"}."""
    return [_drawn(entry) for entry in figures.get("opinion_maps", [])]


def _drawn(entry):
    drawn = {"round": entry, "chart": None, "computed": "", "verdict": "", "stability": ""}
    if not entry["computed"]:
        drawn["verdict"] = _("The opinion map has not been computed yet.")
        return drawn
    drawn["computed"] = _computed(entry)
    if not entry["enough_data"]:
        drawn["verdict"] = _not_enough(entry)
        return drawn
    drawn["chart"] = _chart(entry)
    drawn["stability"] = _stability(entry)
    return drawn


def _computed(entry):
    moment = timezone.localtime(datetime.datetime.fromisoformat(entry["computed_at"]))
    # Translators: the time of day as Django's date filter writes it (« 17 h 05 » is "H \h i").
    time = date_format(moment, pgettext("opinion map time", "P"))
    return ngettext(
        "Computed on %(date)s at %(time)s from %(count)s vote.",
        "Computed on %(date)s at %(time)s from %(count)s votes.", entry["vote_count"],
    ) % {"date": date_format(moment), "time": time, "count": charts.format_number(entry["vote_count"])}


def _not_enough(entry):
    if entry["reason"] == NO_DIFFERENCE:
        return _("Everyone has voted alike so far: there are no distinct groups to map yet.")
    so_far = ngettext(
        "%(count)s participant", "%(count)s participants", entry["participants"]
    ) % {"count": charts.format_number(entry["participants"])}
    statements = ngettext(
        "%(count)s statement", "%(count)s statements", entry["statements"]
    ) % {"count": charts.format_number(entry["statements"])}
    if entry["reason"] in (TOO_FEW_PARTICIPANTS, TOO_FEW_STATEMENTS):
        return _(
            "Not enough votes to map opinions yet: %(participants)s and %(statements)s voted on so far; "
            "the map needs at least 7 participants and 3 statements."
        ) % {"participants": so_far, "statements": statements}
    return _("Not enough votes to map opinions yet.")


def group_name(letter):
    return _("Group %(letter)s") % {"letter": letter}


def _chart(entry):
    groups = entry["groups"]
    legend = [
        (ngettext("Group %(letter)s (%(count)s participant)", "Group %(letter)s (%(count)s participants)",
                  group["size"]) % {"letter": group["letter"], "count": charts.format_number(group["size"])},
         group["letter"])
        for group in groups
    ]
    sizes = [
        _("%(group)s: %(count)s (%(share)s)") % {
            "group": group["letter"], "count": charts.format_number(group["size"]),
            "share": whole_percent(group["share"]),
        }
        for group in groups
    ]
    description = ngettext(
        "%(count)s participant grouped in %(groups)s groups: %(sizes)s.",
        "%(count)s participants grouped in %(groups)s groups: %(sizes)s.", entry["clustered"],
    ) % {"count": charts.format_number(entry["clustered"]), "groups": len(groups), "sizes": ", ".join(sizes)}
    description += " " + _(
        "The map's axes have no meaning of their own: two participants close to each other voted alike."
    )
    if entry["unclustered"]:
        description += " " + ngettext(
            "%(count)s participant with too few votes is shown apart from the groups.",
            "%(count)s participants with too few votes are shown apart from the groups.", entry["unclustered"],
        ) % {"count": charts.format_number(entry["unclustered"])}
    if entry["points_total"] > len(entry["points"]):
        description += " " + _("The map shows %(shown)s of the %(total)s participants, taken evenly across it.") % {
            "shown": charts.format_number(len(entry["points"])), "total": charts.format_number(entry["points_total"]),
        }
    rows = [
        [group_name(group["letter"]), charts.format_number(group["size"]), whole_percent(group["share"])]
        for group in groups
    ]
    return charts.scatter_chart(
        _("Opinion map: %(title)s") % {"title": entry["title"]}, description,
        [tuple(point) for point in entry["points"]], legend,
        headers=[_("Group"), _("Participants"), _("Share")], rows=rows,
        ungrouped=_("Too few votes to be grouped"),
    )


def _stability(entry):
    share = whole_percent(entry["stability"])
    if entry["stable"]:
        return _(
            "The groups are stable: computing them again on samples drawn at random finds the same "
            "groups at %(share)s."
        ) % {"share": share}
    return _(
        "The groups are not very stable: computing them again on samples drawn at random finds the same "
        "groups at only %(share)s. Read them as tendencies rather than clear-cut camps."
    ) % {"share": share}


def group_heading(group):
    return ngettext(
        "Group %(letter)s: %(count)s participant (%(share)s)", "Group %(letter)s: %(count)s participants (%(share)s)",
        group["size"],
    ) % {"letter": group["letter"], "count": charts.format_number(group["size"]),
         "share": whole_percent(group["share"])}


def representative_sentence(group_letter, statement):
    values = {"share": whole_percent(statement["group"]), "group": group_letter,
              "others": whole_percent(statement["others"])}
    if statement["direction"] == "agree":
        return _("%(share)s of group %(group)s agree, against %(others)s of the other participants.") % values
    return _("%(share)s of group %(group)s disagree, against %(others)s of the other participants.") % values


def consensus_sentence(statement):
    shares = ", ".join(
        f"{votes['letter']}\u00a0{whole_percent(votes[statement['direction']])}" for votes in statement["groups"]
    )
    if statement["direction"] == "agree":
        return _("agreed in every group: %(shares)s") % {"shares": shares}
    return _("disagreed in every group: %(shares)s") % {"shares": shares}


def divisive_sentence(statement):
    shares = ", ".join(f"{votes['letter']}\u00a0{whole_percent(votes['agree'])}" for votes in statement["groups"])
    return _("agree: %(shares)s") % {"shares": shares}
