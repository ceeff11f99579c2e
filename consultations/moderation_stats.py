"""What the moderators' dashboard panel shows for each site they moderate: how many contributions
wait, how many were reported, the oldest waiting one, and how long decisions took over the last
thirty days.

A few queries per site; a portal has a handful of sites, each the public company's facility.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from .moderation_queue import moderated_contributions, moderation_queue, queue_items

DECISION_WINDOW = timedelta(days=30)


@dataclass
class SiteModeration:
    site: Site
    waiting: int
    reported: int
    oldest: object  # the contribution waiting the longest, or None
    oldest_kind: str
    decisions: int  # decisions over the last thirty days
    median_wait: timedelta | None  # from entering the queue to the decision


def site_overview(scope, *, now=None):
    """One row per site the moderator moderates some of, the default site first."""
    now = now or timezone.now()
    rows = []
    sites = Site.objects.select_related("root_page").order_by("-is_default_site", "site_name", "hostname")
    for site in sites:
        root = site.root_page.path
        if not any(root.startswith(path) or path.startswith(root) for path in scope):
            continue
        waiting = moderation_queue(scope=scope, site=site, state="waiting")
        oldest_rows = list(waiting.order_by("created_at")[:1])
        oldest = queue_items(oldest_rows)
        waits = _decision_waits(scope, site, since=now - DECISION_WINDOW)
        rows.append(
            SiteModeration(
                site=site,
                waiting=waiting.count(),
                reported=moderation_queue(scope=scope, site=site, state="reported").count(),
                oldest=oldest[0] if oldest else None,
                oldest_kind=oldest_rows[0].kind if oldest else "",
                decisions=len(waits),
                median_wait=statistics.median(waits) if waits else None,
            )
        )
    return rows


def _decision_waits(scope, site, *, since):
    """How long each contribution of the site decided since `since` waited: from its posting, or
    from its last report when reports brought it back to the queue."""
    waits = []
    for queryset in moderated_contributions(scope, site=site).values():
        for created, reported, decided in queryset.filter(moderated_at__gte=since).values_list(
            "created_at", "reported_at", "moderated_at"
        ):
            entered = reported if reported and created <= reported <= decided else created
            waits.append(decided - entered)
    return waits
