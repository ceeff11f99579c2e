"""The life of a consultation: information → proposals → deliberation → vote → results → decision.

The current phase is derived from the dates an editor sets; a phase whose dates are left empty is
skipped. Times are stored in UTC and shown in Europe/Paris.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    INFORMATION = "information", _("Information")
    PROPOSALS = "proposals", _("Proposals")
    DELIBERATION = "deliberation", _("Deliberation")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    DECISION = "decision", _("Decision")


ORDER = list(Phase)


@dataclass(frozen=True)
class PhaseStep:
    phase: Phase
    starts_at: object
    ends_at: object
    state: str  # "past", "current" or "upcoming"


def current_phase(dates, now):
    """The phase at `now`, given the consultation's boundary dates (a dict of datetimes or None)."""
    if dates.get("decision_at") and now >= dates["decision_at"]:
        return Phase.DECISION
    if dates.get("vote_closes_at") and now >= dates["vote_closes_at"]:
        return Phase.RESULTS
    if dates.get("vote_opens_at") and now >= dates["vote_opens_at"]:
        return Phase.VOTE
    if dates.get("proposals_closes_at") and now >= dates["proposals_closes_at"]:
        if dates.get("vote_opens_at"):
            return Phase.DELIBERATION
        return Phase.RESULTS
    if dates.get("proposals_opens_at") and now >= dates["proposals_opens_at"]:
        return Phase.PROPOSALS
    return Phase.INFORMATION


def phase_conditions(now):
    """`current_phase` as database conditions: {phase: Q} on a consultation's date fields, so that
    lists can filter and sort by phase. Each rule reads like its line above, in the same order:
    a consultation is in a phase when it meets that phase's rule and none of the earlier ones."""
    rules = [
        (Phase.DECISION, Q(decision_at__lte=now)),
        (Phase.RESULTS, Q(vote_closes_at__lte=now)),
        (Phase.VOTE, Q(vote_opens_at__lte=now)),
        (Phase.DELIBERATION, Q(proposals_closes_at__lte=now, vote_opens_at__isnull=False)),
        (Phase.RESULTS, Q(proposals_closes_at__lte=now, vote_opens_at__isnull=True)),
        (Phase.PROPOSALS, Q(proposals_opens_at__lte=now)),
    ]
    conditions = {}
    earlier = Q()
    for phase, rule in rules:
        matched = rule & ~earlier if earlier else rule
        conditions[phase] = conditions[phase] | matched if phase in conditions else matched
        earlier = earlier | rule if earlier else rule
    conditions[Phase.INFORMATION] = ~earlier
    return conditions


def timeline(dates, now):
    """The phases this consultation goes through, each with its window and whether it is past."""
    windows = [
        (Phase.INFORMATION, None, dates.get("proposals_opens_at") or dates.get("vote_opens_at")),
        (Phase.PROPOSALS, dates.get("proposals_opens_at"), dates.get("proposals_closes_at")),
        (Phase.DELIBERATION, dates.get("proposals_closes_at"), dates.get("vote_opens_at")),
        (Phase.VOTE, dates.get("vote_opens_at"), dates.get("vote_closes_at")),
        (Phase.RESULTS, dates.get("vote_closes_at") or dates.get("proposals_closes_at"), dates.get("decision_at")),
        (Phase.DECISION, dates.get("decision_at"), None),
    ]
    present = current_phase(dates, now)
    steps = []
    for phase, starts_at, ends_at in windows:
        if phase is Phase.PROPOSALS and not starts_at:
            continue
        if phase is Phase.DELIBERATION and not (starts_at and ends_at):
            continue
        if phase is Phase.VOTE and not starts_at:
            continue
        if phase is Phase.DECISION and not starts_at:
            continue
        if phase is present:
            state = "current"
        elif ORDER.index(phase) < ORDER.index(present):
            state = "past"
        else:
            state = "upcoming"
        steps.append(PhaseStep(phase, starts_at, ends_at, state))
    return steps


DEADLINES = [
    ("proposals_opens_at", _("Proposals open")),
    ("proposals_closes_at", _("Proposals close")),
    ("vote_opens_at", _("Vote opens")),
    ("vote_closes_at", _("Vote closes")),
    ("decision_at", _("Decision expected")),
]


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    at: object


def next_deadline(dates, now):
    """The next date at which the phase changes; None when every date is past."""
    upcoming = [
        Deadline(key, label, dates[key])
        for key, label in DEADLINES
        if dates.get(key) and dates[key] > now
    ]
    return min(upcoming, key=lambda deadline: deadline.at) if upcoming else None
