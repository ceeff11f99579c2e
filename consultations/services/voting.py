"""Casting and changing ballots.

Rules enforced here:
- one ballot per voter and consultation, guarded by a unique constraint: concurrent submissions
  for the same voter end with exactly one ballot (the loser of an insert race reads the winner's);
- the choices of a ballot are replaced under a row lock, so the last ballot submitted counts;
- every choice names a live project of this consultation, once; values follow the vote method:
  for/against/abstain → 1, -1 or 0; approval → at most `max_choices` projects; budget → total
  cost within `budget`; points → positive whole numbers adding up to at most `points_per_voter`;
- a ballot without any choice is refused; nothing is stored when anything is wrong;
- the voter keeps a receipt code that stays the same when they change their vote.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions, ratelimits
from ..models import Ballot, BallotChoice, ConsultationPage, LocalProjectPage
from ..money import format_euros

Method = ConsultationPage.VoteMethod


def ballot_projects(consultation):
    """The projects on the ballot, in the editor's order."""
    return LocalProjectPage.objects.live().child_of(consultation).order_by("path")


def validate_choices(consultation, choices, projects=None):
    """Check (project_id, value) pairs against the vote rules; return {project: value}."""
    projects = {project.pk: project for project in (projects or ballot_projects(consultation))}
    counts = Counter(project_id for project_id, _value in choices)
    if any(count > 1 for count in counts.values()):
        raise ValidationError(_("A project appears twice on this ballot."), code="duplicate")
    unknown = [project_id for project_id in counts if project_id not in projects]
    if unknown:
        raise ValidationError(_("This ballot names a project that is not on the ballot."), code="unknown")
    method = consultation.vote_method
    selected = {}
    for project_id, value in choices:
        if not isinstance(value, int):
            raise ValidationError(_("Invalid value on the ballot."), code="invalid")
        if method == Method.FOR_AGAINST:
            if value not in (-1, 0, 1):
                raise ValidationError(_("Answer for, against or abstain."), code="invalid")
        elif method == Method.POINTS:
            if value < 0:
                raise ValidationError(_("Points cannot be negative."), code="negative")
            if value == 0:
                continue
        elif value != 1:
            raise ValidationError(_("Invalid value on the ballot."), code="invalid")
        selected[projects[project_id]] = value
    if not selected:
        raise ValidationError(_("Your ballot is empty: make at least one choice."), code="empty")
    if method == Method.APPROVAL and len(selected) > consultation.max_choices:
        raise ValidationError(
            ngettext(
                "You may choose at most %(limit)d project.",
                "You may choose at most %(limit)d projects.",
                consultation.max_choices,
            ) % {"limit": consultation.max_choices},
            code="too_many",
        )
    if method == Method.BUDGET:
        total = sum(project.cost for project in selected)
        if total > consultation.budget:
            raise ValidationError(
                _("Your choices cost %(total)s, over the budget of %(budget)s. "
                  "Remove a project and try again.")
                % {"total": format_euros(total), "budget": format_euros(consultation.budget)},
                code="over_budget",
            )
    if method == Method.POINTS:
        spent = sum(selected.values())
        if spent > consultation.points_per_voter:
            raise ValidationError(
                _("You gave %(spent)d points but have only %(limit)d.")
                % {"spent": spent, "limit": consultation.points_per_voter},
                code="too_many_points",
            )
    return selected


def cast_ballot(consultation, *, voter, choices, projects=None):
    """Store the voter's ballot, replacing their previous one. Returns the ballot.

    `choices` is a list of (project_id, value) pairs; `projects`, the consultation's projects when
    the caller has already read them (`ballot_projects`). Raises PermissionDenied when the voter may
    not vote now, ValidationError when the ballot breaks a rule.
    """
    decision = permissions.can_vote(voter, consultation)
    if not decision:
        raise PermissionDenied(decision.reason)
    selected = validate_choices(consultation, choices, projects)
    ratelimits.consume(voter, "ballot")
    with transaction.atomic():
        # Read (or made) and locked in one go: concurrent submissions by one voter queue here.
        ballot, created = Ballot.objects.select_for_update().get_or_create(
            consultation=consultation, voter=voter, defaults={"method": consultation.vote_method}
        )
        ballot.choices.all().delete()
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project=project, value=value)
            for project, value in selected.items()
        )
        if not created:
            ballot.revision += 1
            ballot.method = consultation.vote_method
            ballot.save(update_fields=["revision", "method", "updated_at"])
    return ballot
