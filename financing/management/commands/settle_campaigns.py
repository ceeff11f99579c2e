"""Run from cron (every few minutes): settles the campaigns whose deadline has passed and lets
pledges whose payment was never completed expire, freeing their rewards."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from financing.services.pledges import expire_stale_pledges
from financing.services.settlement import due_campaigns, settle_campaign

STALE_AFTER = timedelta(hours=1)


class Command(BaseCommand):
    help = "Settle the campaigns whose deadline has passed; expire pledges awaiting payment for over an hour."

    def handle(self, *args, **options):
        expired = expire_stale_pledges(STALE_AFTER)
        settled = 0
        for campaign in due_campaigns():
            tally = settle_campaign(campaign)
            if tally is not None:
                settled += 1
                self.stdout.write(f"{campaign.pk} {campaign.title}: {tally.outcome}")
        self.stdout.write(f"{settled} campaign(s) settled, {expired} pledge(s) expired.")
