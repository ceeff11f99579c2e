"""Participants' statements in an opinion round.

Rules enforced here:
- a statement is proposed in an open round that takes them, by whoever may take part in its
  consultation (a suspended or banned account may not: permissions.can_take_part);
- its text, trimmed, is 10 to 140 characters; an account less than a day old includes few links
  (consultations/contribution_guards.py);
- it awaits moderation (status pending) and is offered for votes only once a moderator has
  published it;
- a text that is already the round's (whatever its case and spacing, whoever wrote it) is refused;
  the round's row is locked while checking, so two identical proposals sent at once make one
  statement; the same form sent twice by its author returns the statement it created;
- proposing is rate-limited per account ("statement" in consultations/ratelimits.py);
- it bumps the version of the consultation's opinion rounds (consultations/activity.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import activity, contribution_guards, permissions, ratelimits
from ..models import OpinionRound, Statement

MIN_LENGTH = 10
MAX_LENGTH = 140


def propose_statement(opinion_round, user, text):
    """Create `user`'s statement in `opinion_round`, awaiting moderation. Returns the Statement
    (the one already created when the author sends the same text again while it awaits).

    Raises PermissionDenied when the user may not propose, ValidationError for a closed round or
    a text too short, too long or already in the round; nothing is stored then."""
    decision = permissions.can_propose_statement(user, opinion_round)
    if not decision:
        if decision.code in {"closed", "not_open", "no_statements"}:
            raise ValidationError(decision.reason, code=decision.code)
        raise PermissionDenied(decision.reason)
    text = " ".join((text or "").split())
    if len(text) < MIN_LENGTH or len(text) > MAX_LENGTH:
        raise ValidationError(
            _("A statement is %(min)d to %(max)d characters long.") % {"min": MIN_LENGTH, "max": MAX_LENGTH},
            code="length",
        )
    contribution_guards.check_links(user, text)
    wanted = contribution_guards.normalised(text)
    with transaction.atomic():
        OpinionRound.objects.select_for_update().filter(pk=opinion_round.pk).values_list("pk").get()
        same = [
            statement
            for statement in Statement.objects.filter(round=opinion_round).only("text", "author_id", "status")
            if contribution_guards.normalised(statement.text) == wanted
        ]
        own = next(
            (s for s in same if s.author_id == user.pk and s.status == Statement.Status.PENDING), None
        )
        if own is not None:
            return own
        if same:
            raise ValidationError(_("This statement is already in the round."), code="duplicate")
        ratelimits.consume(user, "statement")
        statement = Statement(round=opinion_round, author=user, text=text, status=Statement.Status.PENDING)
        statement.full_clean()
        statement.save()
        activity.changed(opinions=[opinion_round.consultation_id])
    return statement
