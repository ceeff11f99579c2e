"""Campaign pages under the default site's « Financement participatif » index, made with add_child
as the admin makes them; deadlines relative to now."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from financing.models import CampaignIndexPage, CampaignPage, MatchingEnvelope, RewardTier

_counter = {"n": 0}


def campaign_index(site=None):
    home = (site or Site.objects.get(is_default_site=True)).root_page
    existing = CampaignIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    return home.add_child(instance=CampaignIndexPage(title="Financement participatif", slug="financement"))


def make_campaign(*, tiers=(), live=True, parent=None, **fields):
    """A live donation campaign (goal 1 000 €, deadline in ten days) unless told otherwise.
    `tiers=[(amount_cents, quantity), ...]` adds rewards named Contrepartie 1, 2..."""
    _counter["n"] += 1
    n = _counter["n"]
    values = {
        "title": f"Campagne {n}", "slug": f"campagne-{n}", "holder_name": "Association du quartier",
        "holder_kind": "association", "contact_email": "contact@asso.example", "summary": "Un projet local.",
        "category": "rewards" if tiers else "donation", "goal_cents": 100_000,
        "deadline": timezone.now() + timedelta(days=10), "live": live,
    }
    values.update(fields)
    deadline = values["deadline"]
    # A page is cleaned when added: a campaign already past its deadline gets it afterwards.
    values["deadline"] = max(deadline, timezone.now() + timedelta(days=1))
    page = (parent or campaign_index()).add_child(instance=CampaignPage(**values))
    CampaignPage.objects.filter(pk=page.pk).update(deadline=deadline)
    for index, (amount_cents, quantity) in enumerate(tiers, start=1):
        RewardTier.objects.create(
            campaign=page, title=f"Contrepartie {index}", description="Une affiche du projet.",
            amount_cents=amount_cents, quantity=quantity, sort_order=index,
        )
    return CampaignPage.objects.get(pk=page.pk)


def make_envelope(amount_cents, *, site=None, year=None):
    return MatchingEnvelope.objects.create(
        site=site or Site.objects.get(is_default_site=True), year=year or timezone.localdate().year,
        amount_cents=amount_cents,
    )
