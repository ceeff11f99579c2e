"""Following a campaign and posting its news.

Rules:
- who may follow and who may post: financing/permissions.py (can_follow_campaign, can_post_update);
- following twice keeps one follow (a unique constraint, two clicks at once included); unfollowing
  what one does not follow changes nothing;
- a news item has a title and a text (the model's validators: lengths, plain text); it is shown on
  the campaign's page at once, so its anonymous copies are redrawn (the campaign's version);
- it is emailed once (`notified_at`, `recipient_count`, set in the same transaction) to every
  follower and every backer with a counted pledge, one email each, never to its author, under the
  "campaign_updates" preference with its one-click unsubscribe link
  (consultations.services.notifications.queue_notifications), once the transaction commits,
  written from the address of the campaign's own site.
Refusals raise PermissionDenied or ValidationError, with nothing recorded and nothing sent.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations import activity
from consultations.models import User
from consultations.services.notifications import queue_notifications
from freshness.versions import bump

from .. import permissions
from ..models import CampaignFollow, CampaignUpdate, Pledge
from ..news_reads import update_anchor
from ..reads import tally_version_key


def follow_campaign(campaign, *, user):
    """Make `user` follow `campaign`. Returns the CampaignFollow. Raises PermissionDenied."""
    if not (decision := permissions.can_follow_campaign(user, campaign)):
        raise PermissionDenied(decision.reason)
    existing = CampaignFollow.objects.filter(user=user, campaign=campaign).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            created = CampaignFollow.objects.create(user=user, campaign=campaign)
            activity.touch_reader(user.pk)
            return created
    except IntegrityError:
        # Two clicks at once: the first one made the follow.
        return CampaignFollow.objects.get(user=user, campaign=campaign)


def unfollow_campaign(campaign, *, user):
    """Stop following `campaign`. Returns whether a follow was removed."""
    if not user.is_authenticated:
        return False
    with transaction.atomic():
        deleted, _details = CampaignFollow.objects.filter(user=user, campaign=campaign).delete()
        if deleted:
            activity.touch_reader(user.pk)
    return bool(deleted)


def post_update(campaign, *, author, title, body):
    """Publish a news item of `campaign` by `author` (its holder or an editor of its site) and
    queue its emails. Returns the CampaignUpdate. Raises PermissionDenied or ValidationError."""
    if not (decision := permissions.can_post_update(author, campaign)):
        raise PermissionDenied(decision.reason)
    update = CampaignUpdate(campaign=campaign, author=author, title=(title or "").strip(), body=(body or "").strip())
    update.full_clean()
    with transaction.atomic():
        update.save()
        bump(tally_version_key(campaign.pk))
        _notify(update)
    return update


def concerned_by(campaign):
    """The accounts a campaign's news go to: its followers and its backers with a counted pledge."""
    return User.objects.filter(
        Q(pk__in=CampaignFollow.objects.filter(campaign=campaign).values("user_id"))
        | Q(pk__in=Pledge.objects.counted(campaign).filter(backer__isnull=False)
            .values("backer_id"))
    )


def _notify(update):
    """Queue the update's emails, once: the row is locked and `notified_at` read first."""
    locked = CampaignUpdate.objects.select_for_update().select_related("campaign").get(pk=update.pk)
    if locked.notified_at is not None:
        return locked
    campaign = locked.campaign
    recipients = concerned_by(campaign)
    if locked.author_id is not None:
        recipients = recipients.exclude(pk=locked.author_id)
    with translation.override(settings.LANGUAGE_CODE):
        locked.recipient_count = queue_notifications(
            recipients,
            kind="campaign_updates",
            page=campaign,
            subject=_("News from “%(campaign)s”: %(title)s") % {"campaign": campaign.title, "title": locked.title},
            template="financing/email/campaign_update.txt",
            context={"campaign": campaign, "update": locked},
            url=f"{campaign.get_url() or '/'}#{update_anchor(locked)}",
        )
    locked.notified_at = timezone.now()
    locked.save(update_fields=["notified_at", "recipient_count"])
    update.notified_at, update.recipient_count = locked.notified_at, locked.recipient_count
    return locked
