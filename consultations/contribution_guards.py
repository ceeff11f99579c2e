"""What the text of a proposal or a comment must pass besides its form, against spam; the services
that write contributions call these checks (consultations/services/proposals.py, comments.py).

Rules:
- an account less than a day old includes at most YOUNG_ACCOUNT_MAX_LINKS links (each
  "http://", "https://" or "www." counts once) in a contribution, when posting or editing it;
- one account does not post the same text twice within an hour, anywhere: the same body of a
  proposal (whatever its title) or of a comment, compared without case or spacing. The check
  runs in the writing transaction, after the author's row is locked, so two simultaneous posts
  of one text cannot both pass; a form sent twice (same submission key) is not a second post.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext
from django.utils.translation import gettext as _

YOUNG_ACCOUNT_AGE = datetime.timedelta(days=1)
REPEAT_WINDOW = datetime.timedelta(hours=1)
LINK = re.compile(r"https?://|(?<![/\w.])www\.", re.IGNORECASE)


def count_links(*texts):
    return sum(len(LINK.findall(text or "")) for text in texts)


def check_links(author, *texts):
    """Raise ValidationError when a young account includes too many links in `texts`."""
    limit = settings.YOUNG_ACCOUNT_MAX_LINKS
    if timezone.now() - author.date_joined >= YOUNG_ACCOUNT_AGE or count_links(*texts) <= limit:
        return
    raise ValidationError(
        ngettext(
            "Your account is less than a day old: you may include at most %(limit)d link in a "
            "contribution. Remove the others, or post them tomorrow.",
            "Your account is less than a day old: you may include at most %(limit)d links in a "
            "contribution. Remove the others, or post them tomorrow.",
            limit,
        ) % {"limit": limit},
        code="too_many_links",
    )


def normalised(text):
    return " ".join((text or "").split()).casefold()


def check_not_repeated(own_recent, text):
    """Raise ValidationError when `text` matches one of `own_recent`, a queryset of the author's
    contributions of one kind; call it inside the writing transaction."""
    since = timezone.now() - REPEAT_WINDOW
    wanted = normalised(text)
    recent = own_recent.filter(created_at__gte=since).values_list("body", flat=True)
    if any(normalised(body) == wanted for body in recent.iterator()):
        raise ValidationError(
            _("You already posted this text less than an hour ago: it is not posted twice."),
            code="repeated",
        )


def hold_author(author):
    """Lock the author's row until the end of the transaction: one post of theirs at a time."""
    from .models import User

    held = User.objects.select_for_update(no_key=True).filter(pk=author.pk)
    list(held.values_list("pk", flat=True))
