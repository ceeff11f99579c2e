"""What the financing pages show, beyond Wagtail's page context: the listing with its filters and
map, the statistics, and a campaign's page. The page models call these at serve time (this module
reads through reads.py, which needs the models loaded).

Each reads the freshness version its anonymous copies are kept under (freshness/versions.py)
before reading anything, so that a copy is never kept under a version older than what it shows.
"""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import places
from consultations.discussions import page_discussion
from consultations.fragments.discussion import discussion_context
from consultations.querystrings import querystring_without_page
from freshness import versions
from freshness.sites import current_site, page_url
from home.serving import identity_for

from .interest_reads import interest_context
from .list_filters import CampaignListFilters
from .models.campaigns import Category
from .news_reads import campaign_news, is_following
from .permissions import can_post_update
from .reads import (
    LISTING_STATES, LISTING_VERSION_KEY, campaign_listing, campaign_map_points, campaign_progress,
    public_backers, tally_version_key, tiers_left,
)
from .sharing import share_links
from .statistics import charts_of, rows_of, site_statistics

CAMPAIGNS_PER_PAGE = 12


def index_context(index, request):
    """The site's campaigns, filtered by category, state, facility and neighbourhood, a page of
    cards and the map of the whole filtered listing."""
    versions.current().get(LISTING_VERSION_KEY)
    facilities, neighbourhoods = places.facilities(), places.neighbourhoods()
    chosen = CampaignListFilters(
        request.GET, options={"facility": facilities, "neighbourhood": neighbourhoods}
    ).values()
    now = timezone.now()
    url = page_url(index, request)
    listing = campaign_listing(index, now=now, **chosen)
    campaigns = Paginator(listing, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "campaigns": campaigns,
        "cards": [(campaign, campaign_progress(campaign, now=now)) for campaign in campaigns],
        "filters": {name: str(getattr(value, "pk", value) or "") for name, value in chosen.items()},
        "filters_querystring": querystring_without_page(request),
        "categories": Category.choices,
        "states": LISTING_STATES.items(),
        "facilities": facilities,
        "neighbourhoods": neighbourhoods,
        "map_points": campaign_map_points(listing, url, now=now),
        "statistics_url": url + index.reverse_subpage("statistics"),
    }


def statistics_context(index):
    """The site's figures, by category and by year, with their charts."""
    versions.current().get(LISTING_VERSION_KEY)
    figures = site_statistics(index)
    by_category, by_year = rows_of(figures)
    return {
        "statistics": figures,
        "by_category": by_category,
        "by_year": by_year,
        "charts": charts_of(figures),
        "meta_description": _("Participatory financing in figures: money raised, backers and success rate."),
    }


def campaign_context(campaign, request):
    """A campaign's page: progress, rewards left, budget, backers, share links, news, the
    discussion, and for business financing the expressions of interest."""
    versions.current().get(tally_version_key(campaign.pk))
    site = current_site(request)
    budget_lines = list(campaign.budget_lines.all())
    proposal, project = campaign.origin_proposal, campaign.origin_project
    context = {
        "meta_description": campaign.summary,
        "index": campaign.get_parent(),
        "origin_proposal": proposal if proposal is not None and proposal.status == proposal.Status.PUBLISHED else None,
        "origin_project": project if project is not None and project.live else None,
        "progress": campaign_progress(campaign),
        "fulfilled_at": getattr(getattr(campaign, "tally", None), "fulfilled_at", None),
        "tiers": tiers_left(campaign) if campaign.category == Category.REWARDS else [],
        "budget_lines": budget_lines,
        "budget_total": sum(line.amount_cents for line in budget_lines),
        "backers": public_backers(campaign),
        "share_links": share_links(
            identity_for(site) if site else None,
            url=request.build_absolute_uri(campaign.get_url(request)), title=campaign.title,
        ),
        "news": campaign_news(campaign),
        "is_following": is_following(request.user, campaign),
        "can_post_update": bool(can_post_update(request.user, campaign)),
    }
    # The discussion (consultations/discussions.py): kept under the campaign's own version of its
    # comments, which the comment services bump.
    context.update(discussion_context(campaign, request, consultation=page_discussion(campaign)))
    if campaign.category == Category.EQUITY:
        context.update(interest_context(request, campaign))
    return context
