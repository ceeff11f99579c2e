"""What pages read of campaign news and follows.

- A campaign's news are listed newest first, in one query however many there are; each has an
  anchor that its email links to.
- What a signed-in reader follows is read per request: signed-in visitors never get a kept page.
"""

from .models import CampaignFollow, CampaignUpdate


def update_anchor(update):
    return f"nouvelle-{update.pk}"


def campaign_news(campaign):
    return list(
        CampaignUpdate.objects.filter(campaign=campaign).order_by("-published_at", "-pk")
    )


def is_following(user, campaign):
    return user.is_authenticated and CampaignFollow.objects.filter(user=user, campaign=campaign).exists()


def followed_campaigns(user):
    """The campaigns `user` follows, the latest followed first, with their pages, in one query."""
    return list(
        CampaignFollow.objects.filter(user=user).select_related("campaign").order_by("-created_at", "-pk")
    )
