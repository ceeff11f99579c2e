"""Campaign news and follows in the demo (financing_updates.yaml).

News are written directly rather than through services/updates.post_update: the demo sends no
email and dates each item in the campaign's past. What the service would have recorded is
recorded the same way: the item counts as emailed when it was posted, to the accounts the service
would have written to (followers and counted backers, its author aside, who accept these emails).
Follows go through the service. What exists (a news item by its campaign and title) is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from consultations.models import User
from financing.models import CampaignPage, CampaignUpdate
from financing.reads import LISTING_VERSION_KEY, tally_version_key
from financing.services.updates import concerned_by, follow_campaign
from freshness.versions import bump

from . import data


def seed_campaign_news(created):
    spec = data.load("financing_updates")
    follower = User.objects.get(email=spec["follows"]["account"])
    for slug in spec["follows"]["campaigns"]:
        follow_campaign(_campaign(slug), user=follower)
    author = User.objects.get(email=spec["author"])
    now = timezone.now()
    touched = set()
    for item in spec["updates"]:
        campaign = _campaign(item["campaign"])
        if CampaignUpdate.objects.filter(campaign=campaign, title=item["title"]).exists():
            continue
        published_at = campaign.deadline + timedelta(days=item["days"])
        if published_at > now:
            raise ValueError(f"{item['title']!r} would be posted after the demo is seeded")
        update = CampaignUpdate.objects.create(
            campaign=campaign, author=author, title=item["title"], body=item["body"],
            recipient_count=_recipients(campaign, author).count(),
        )
        CampaignUpdate.objects.filter(pk=update.pk).update(published_at=published_at, notified_at=published_at)
        touched.add(campaign.pk)
        created["campaign_updates"] += 1
    if touched:
        bump(LISTING_VERSION_KEY, *(tally_version_key(pk) for pk in touched))


def _campaign(slug):
    return CampaignPage.objects.get(slug=slug)


def _recipients(campaign, author):
    return (
        concerned_by(campaign).exclude(pk=author.pk).filter(is_active=True, deleted_at__isnull=True)
        .exclude(notification_preferences__campaign_updates=False)
    )
