"""The synthesis's charts and sentences, drawn from its stored figures (figures.py) with no query:
a frozen page reads its snapshot and nothing else."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import charts
from ..typography import date_format
from ..models import Comment



def charts_of(figures):
    participation = figures["participation"]
    results = figures["results"]
    proposals = figures["proposals"]
    drawn = {
        "per_day": _over_time(participation["per_day"]),
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
            headers=[_("Project or proposal")],
        ),
    }
    if results and results["method"] == "for_against":
        drawn["results"] = charts.stacked_bar_chart(
            _("Results of the vote"), "",
            [(row["title"], {"for": row["approvals"], "against": row["against"], "abstain": row["abstentions"]})
             for row in results["rows"]],
            [("for", _("For")), ("against", _("Against")), ("abstain", _("Abstentions"))],
            headers=[_("Project")],
        )
    elif results:
        points = results["method"] == "points"
        drawn["results"] = charts.bar_chart(
            _("Results of the vote"), "",
            [(row["title"], row["points"] if points else row["approvals"]) for row in results["rows"]],
            headers=[_("Project"), _("Points") if points else _("Approvals")],
        )
    return drawn


# Beyond about two months a day is too fine a grain: the line counts weeks.
DAYS_SHOWN_BY_DAY = 62


def _over_time(per_day):
    """Contributions a day, or a week (from Monday) over a longer span, with the days or weeks
    without any as 0: a line joining only the days with data would hide the quiet ones."""
    totals = {datetime.date.fromisoformat(day): sum(count or 0 for count in counts) for day, *counts in per_day}
    if not totals:
        return charts.line_chart(_("Contributions per day"), "", [], series_label=_("Contributions"),
                                 headers=[_("Day"), _("Contributions")])
    first, last = min(totals), max(totals)
    if (last - first).days <= DAYS_SHOWN_BY_DAY:
        days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
        return charts.line_chart(
            _("Contributions per day"), "", [(day, totals.get(day, 0)) for day in days],
            series_label=_("Contributions"), headers=[_("Day"), _("Contributions")],
        )
    weeks = {}
    for day, total in totals.items():
        monday = day - datetime.timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + total
    start = first - datetime.timedelta(days=first.weekday())
    mondays = [start + datetime.timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]
    busiest = max(mondays, key=lambda monday: (weeks.get(monday, 0), -monday.toordinal()))
    description = _("Contributions per week from %(first)s to %(last)s: %(total)s in all, at most %(most)s "
                    "in the week of %(busiest)s.") % {
        "first": date_format(first), "last": date_format(last), "total": sum(totals.values()),
        "most": weeks[busiest], "busiest": date_format(busiest),
    }
    return charts.line_chart(
        _("Contributions per week"), description, [(monday, weeks.get(monday, 0)) for monday in mondays],
        series_label=_("Contributions"), headers=[_("Week of"), _("Contributions")],
    )


def moderated_total(figures):
    return sum(row["count"] or 0 for row in figures["moderation"])


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
