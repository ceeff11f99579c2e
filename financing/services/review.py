"""The moderators' review of a citizen's campaign, told to its holder.

Campaigns are reviewed with Wagtail's own workflow (the site's « Relecture par la modération »):
a moderator approves (the page is published) or requests changes, with a comment. Wagtail sends
`workflow_approved` and `workflow_rejected` (changes requested) for every page; the holder of a
campaign gets an email for each, under the « decisions on my contributions » preference
(`proposal_status`), once the moderator's decision is committed. The comment goes with it: it is
the reason the holder reads, and « Mes campagnes » shows it too.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import User
from consultations.services.notifications import queue_notifications

from ..models import CampaignPage


def _campaign_of(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, CampaignPage) and page.holder_id else None


def notify_review(campaign, *, approved, comment=""):
    """Email the holder the moderators' decision on their campaign. Returns whether one was queued."""
    with translation.override(settings.LANGUAGE_CODE):
        title = campaign.draft_title or campaign.title
        if approved:
            subject = _("Your campaign “%(title)s” is online") % {"title": title}
            url = campaign.get_url() or "/"
        else:
            subject = _("Your campaign “%(title)s”: changes requested") % {"title": title}
            url = reverse("financing:my_campaigns")
        queued = queue_notifications(
            User.objects.filter(pk=campaign.holder_id), kind="proposal_status", page=campaign, subject=subject,
            template="financing/email/campaign_review.txt",
            context={"title": title, "approved": approved, "comment": comment}, url=url,
        )
    return queued > 0


def _on_approved(sender, instance, user=None, **kwargs):
    campaign = _campaign_of(instance)
    if campaign is not None:
        task_state = instance.current_task_state
        campaign.refresh_from_db()
        notify_review(campaign, approved=True, comment=task_state.comment if task_state else "")


def _on_rejected(sender, instance, user=None, **kwargs):
    campaign = _campaign_of(instance)
    if campaign is not None:
        task_state = instance.current_task_state
        notify_review(campaign, approved=False, comment=task_state.comment if task_state else "")


def connect():
    from wagtail.signals import workflow_approved, workflow_rejected

    workflow_approved.connect(_on_approved, dispatch_uid="financing_campaign_approved")
    workflow_rejected.connect(_on_rejected, dispatch_uid="financing_campaign_changes_requested")
