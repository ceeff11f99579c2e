"""Board decisions for the tests of the implementation tracker, made as the import leaves them."""

import datetime

from consultations.models import BoardDecision, LocalProjectPage
from tests.factories import LocalProjectPageFactory, ProposalFactory


def decided(item=None, *, consultation=None, outcome=BoardDecision.Outcome.ADOPTED,
            meeting_date=datetime.date(2026, 3, 12), budget_granted=None, **fields):
    """A decision on `item` (a local project or a proposal; a new local project of `consultation`
    by default)."""
    if item is None:
        item = LocalProjectPageFactory(parent=consultation)
    if isinstance(item, LocalProjectPage):
        target = {"local_project": item, "consultation": consultation or item.get_parent().specific}
    else:
        target = {"proposal": item, "consultation": item.consultation}
    return BoardDecision.objects.create(
        outcome=outcome, meeting_date=meeting_date, budget_granted=budget_granted, **target, **fields
    )


def decided_proposal(consultation, **fields):
    return decided(ProposalFactory(consultation=consultation, followed_by_author=False), **fields)
