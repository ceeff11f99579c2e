"""The synthesis's charts and sentences, drawn from its stored figures (figures.py) with no query:
a frozen page reads its snapshot and nothing else."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import charts
from ..models import Comment



def charts_of(figures):
    participation = figures["participation"]
    results = figures["results"]
    proposals = figures["proposals"]
    drawn = {
        "per_day": charts.line_chart(
            _("Contributions per day"), "",
            [(datetime.date.fromisoformat(day), sum(count or 0 for count in counts))
             for day, *counts in participation["per_day"]],
            series_label=_("Contributions"), headers=[_("Day"), _("Contributions")],
        ),
        "per_residence": charts.area_list(
            _("Participants by place of residence"), "",
            [(residence, participants or 0) for residence, participants, *_rest in participation["per_residence"]],
            headers=[_("Place of residence"), _("Participants"), _("Share")],
        ),
        "by_tag": charts.bar_chart(
            _("Proposals by theme"), "", [(tag, count) for tag, count in proposals["by_tag"]],
            headers=[_("Theme"), _("Proposals")],
        ),
        "by_neighbourhood": charts.area_list(
            _("Proposals by neighbourhood"), "",
            [(name, count) for name, count in proposals["by_neighbourhood"]],
            headers=[_("Neighbourhood"), _("Proposals"), _("Share")],
        ),
        "arguments": charts.stacked_bar_chart(
            _("For, against and neutral comments"), "",
            [(argument["title"], argument["counts"]) for argument in figures["arguments"]],
            [(key, str(label)) for key, label in Comment.Stance.choices],
            headers=[_("Project or proposal")],  # the chart adds a column per stance and the total
        ),
    }
    if results and results["method"] == "for_against":
        drawn["results"] = charts.stacked_bar_chart(
            _("Results of the vote"), "",
            [(row["title"], {"for": row["approvals"], "against": row["against"], "abstain": row["abstentions"]})
             for row in results["rows"]],
            [("for", _("For")), ("against", _("Against")), ("abstain", _("Abstentions"))],
            headers=[_("Project")],  # the chart adds a column per choice and the total
        )
    elif results:
        points = results["method"] == "points"
        drawn["results"] = charts.bar_chart(
            _("Results of the vote"), "",
            [(row["title"], row["points"] if points else row["approvals"]) for row in results["rows"]],
            headers=[_("Project"), _("Points") if points else _("Approvals")],
        )
    return drawn


def moderated_total(figures):
    return sum(row["count"] or 0 for row in figures["moderation"])


def moderation_has_small_counts(figures):
    """Whether some reason's count is left empty (fewer than 5, as in the open data): the total
    then leaves them out, and the page must not say that nothing was moderated."""
    return any(row["count"] is None for row in figures["moderation"])


def participation_sentence(participation):
    count = participation["participants"]
    if not count:
        return _("Nobody has taken part yet.")
    text = ngettext("%(count)s person took part", "%(count)s people took part", count) % {"count": count}
    if participation["returning"]:
        text += ngettext(
            ", %(new)s of them for the first time and %(returning)s who had taken part in an earlier consultation",
            ", %(new)s of them for the first time and %(returning)s who had taken part in earlier consultations",
            participation["returning"],
        ) % {"new": participation["new"], "returning": participation["returning"]}
    return text + "."
