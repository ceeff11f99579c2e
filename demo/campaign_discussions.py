"""What citizens say under campaigns in the demo (campaign_discussions.yaml): published threads, a
reply and upvotes, on campaigns seeded by demo/financing.py. Written directly, as demo/volume.py
writes comments, then the discussion's version is bumped (consultations/activity.py) so that its
page shows them. A campaign that already has comments is left alone; at --scale 0, which seeds no
contribution, nothing is written (a later run at a higher scale adds them).
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from consultations import activity
from consultations.models import Comment, CommentUpvote, User
from financing.models import CampaignIndexPage, CampaignPage

from . import data
from .accounts import generated_citizen


def seed_campaign_discussions(sites, scale, created):
    if not scale:
        return
    spec = data.load("campaign_discussions")
    now = timezone.now()
    touched = set()
    skipped = set()
    started = now - timedelta(days=3)
    for number, thread in enumerate(spec["threads"]):
        campaign = _campaign(sites[thread["site"]], thread["campaign"])
        if campaign is None or campaign.pk in skipped:
            continue
        if campaign.pk not in touched and Comment.objects.filter(page=campaign).exists():
            skipped.add(campaign.pk)
            continue
        moment = started + timedelta(hours=5 * number)
        first = Comment.objects.create(
            page=campaign, author=_author(thread, now), body=thread["body"].strip(),
            stance=thread.get("stance", Comment.Stance.NEUTRAL), status=Comment.Status.PUBLISHED,
        )
        rows = [(first, moment)]
        for offset, reply in enumerate(thread.get("replies", ()), start=1):
            answer = Comment.objects.create(
                page=campaign, parent=first, author=_author(reply, now), body=reply["body"].strip(),
                stance=reply.get("stance", Comment.Stance.NEUTRAL), status=Comment.Status.PUBLISHED,
            )
            rows.append((answer, moment + timedelta(hours=offset)))
        for comment, when in rows:
            Comment.objects.filter(pk=comment.pk).update(created_at=when)
        voters = User.objects.filter(
            email__in=[generated_citizen(index, now).email for index in range(10, 10 + thread.get("upvotes", 0))]
        ).exclude(pk=first.author_id)
        upvotes = CommentUpvote.objects.bulk_create(CommentUpvote(comment=first, user=voter) for voter in voters)
        Comment.objects.filter(pk=first.pk).update(upvote_count=len(upvotes))
        created["campaign_comments"] += len(rows)
        touched.add(campaign.pk)
    if touched:
        activity.changed(consultations=touched)


def _campaign(site, slug):
    home = Page.objects.get(pk=site.root_page_id)
    index = CampaignIndexPage.objects.child_of(home).first()
    return CampaignPage.objects.child_of(index).filter(slug=slug).first() if index else None


def _author(spec, now):
    email = spec.get("author") or generated_citizen(spec["citizen"], now).email
    return User.objects.get(email=email)
