"""The demo's threads under campaigns (campaign_discussions.yaml): on the campaign's page, on its
own site, with the upvotes they say."""

import pytest

from consultations.models import Comment
from demo import data
from financing.models import CampaignPage


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

HOSTS = {"portal": "localhost", "rink": "patinoire.localhost", "camping": "camping.localhost"}


def test_each_thread_is_on_its_campaigns_page_with_its_upvotes():
    from django.test import Client

    threads = data.load("campaign_discussions")["threads"]
    for thread in threads:
        campaign = CampaignPage.objects.get(slug=thread["campaign"])
        first = Comment.objects.get(page=campaign, parent=None, body=thread["body"].strip())
        assert first.upvote_count == first.upvotes.count() == thread.get("upvotes", 0)
        assert first.replies.count() == len(thread.get("replies", ()))
        path = "/" + campaign.url_path.split("/", 2)[2]  # the address on its own site
        html = Client().get(path, HTTP_HOST=HOSTS[thread["site"]]).text
        assert f'id="comment-{first.pk}"' in html


def test_a_second_run_adds_no_comment():
    import io

    from django.core.management import call_command

    before = Comment.objects.filter(page__isnull=False).count()
    call_command("seed_demo", scale=1, stdout=io.StringIO())
    assert Comment.objects.filter(page__isnull=False).count() == before == 4
