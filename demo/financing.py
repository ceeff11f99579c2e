"""Participatory financing in the demo (financing.yaml): a « Financement participatif » page on each
site and its campaigns, with pledges recorded as at a desk and tallies that add them up.

Pledges are written directly rather than through the pledge services: the demo invents no payment,
and ended campaigns need pledges made before a deadline the services would refuse. The tally and
the envelope's use are computed here from the same pledges, as the services would leave them.
What exists (a campaign page by its slug) is left alone.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from consultations.models import User
from financing.models import (
    BudgetLine,
    CampaignIndexPage,
    CampaignPage,
    CampaignTally,
    MatchingEnvelope,
    Pledge,
    RewardTier,
)

from . import data

EURO = 100


def seed_financing(sites, territory, created):
    spec = data.load("financing")
    recorder = User.objects.get(email=spec["recorded_by"])
    for site_spec in spec["sites"]:
        site = sites[site_spec["site"]]
        home = Page.objects.get(pk=site.root_page_id)
        index = CampaignIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(instance=CampaignIndexPage(
                title=site_spec["title"], slug=site_spec["slug"], introduction=site_spec["introduction"],
                search_description=site_spec["title"], show_in_menus=True,
            ))
            index.save_revision().publish()
            created["campaign_pages"] += 1
        matched_total = 0
        for campaign_spec in site_spec["campaigns"]:
            if CampaignPage.objects.child_of(index).filter(slug=campaign_spec["slug"]).exists():
                continue
            matched_total += _seed_campaign(index, campaign_spec, territory, recorder, created)
        if site_spec.get("envelope") is not None:
            envelope, _new = MatchingEnvelope.objects.get_or_create(
                site=site, year=timezone.localdate().year,
                defaults={"amount_cents": site_spec["envelope"] * EURO},
            )
            if matched_total:
                MatchingEnvelope.objects.filter(pk=envelope.pk).update(used_cents=envelope.used_cents + matched_total)
    seed_loans(spec.get("loans", []), sites, territory, recorder, created)


def _seed_campaign(index, spec, territory, recorder, created):
    now = timezone.now()
    deadline = now + timedelta(days=spec["days"])
    matching = spec.get("matching") or {}
    campaign = CampaignPage(
        title=spec["title"], slug=spec["slug"], category=spec["category"],
        holder_name=spec["holder_name"], holder_kind=spec["holder_kind"],
        contact_email=f"{spec['slug']}@demo.example", contact_verified_at=now,
        summary=spec["summary"], search_description=spec["summary"],
        body=[("paragraph", RichText(f"<p>{spec['body']}</p>"))] if spec.get("body") else [],
        goal_cents=spec["goal"] * EURO,
        # A page is saved with a deadline to come; an ended campaign's is moved back below.
        deadline=max(deadline, now + timedelta(hours=1)),
        keep_what_is_raised=spec.get("keep_what_is_raised", False),
        risks=spec.get("risks", ""), equity_platform_url=spec.get("equity_platform_url", ""),
        matching_amount=matching.get("amount", 0), matching_per=matching.get("per", 1),
        matching_cap_cents=matching["cap"] * EURO if matching.get("cap") else None,
        facility=territory.facilities.get(spec.get("facility", "")),
        neighbourhood=territory.neighbourhoods.get(spec.get("neighbourhood", "")),
        address=spec.get("address", ""),
    )
    for line in spec.get("budget", []):
        campaign.budget_lines.add(BudgetLine(label=line["label"], amount_cents=line["amount"] * EURO))
    for tier in spec.get("rewards", []):
        campaign.reward_tiers.add(RewardTier(
            title=tier["title"], description=tier["description"], amount_cents=tier["amount"] * EURO,
            quantity=tier["quantity"],
            estimated_delivery=(now + timedelta(days=30 * tier["delivery_months"])).date(),
        ))
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    CampaignPage.objects.filter(pk=campaign.pk).update(deadline=deadline)
    created["campaigns"] += 1

    tiers = list(campaign.reward_tiers.order_by("sort_order", "pk"))
    # Online pledges of a failed campaign were released; desk pledges stay recorded.
    status = Pledge.Status.RELEASED if spec.get("outcome") == "failed" else Pledge.Status.COLLECTED
    pledged = matched = 0
    cap = campaign.matching_cap_cents
    for pledge in spec.get("pledges", []):
        amount = pledge["amount"] * EURO
        share = campaign.matched_for(amount)
        if cap is not None:
            share = max(min(share, cap - matched), 0)
        online = "account" in pledge
        Pledge.objects.create(
            campaign=campaign, backer=User.objects.get(email=pledge["account"]) if online else None,
            backer_name="" if online else pledge["name"], recorded_by=None if online else recorder,
            status=status if online else Pledge.Status.OFFLINE, amount_cents=amount,
            matched_cents=share, tier=tiers[pledge["tier"]] if "tier" in pledge else None,
            public=pledge["public"],
        )
        pledged += amount
        matched += share
        created["pledges"] += 1
    CampaignTally.objects.create(
        campaign=campaign, pledged_cents=pledged, matched_cents=matched,
        backers=len(spec.get("pledges", [])), outcome=spec.get("outcome", ""),
        settled_at=deadline if spec.get("outcome") else None,
    )
    return 0 if spec.get("outcome") == "failed" else matched


# Loans after success (financing.yaml, `loans`): the holder's dashboard and the lenders' page.


def seed_loans(loans, sites, territory, recorder, created):
    """Each loan campaign with its holder's account and its schedule; the instalments already due
    are recorded by the holder through record_repayment, as the dashboard records them."""
    from financing.models import LoanInstalment
    from financing.services.loans import record_repayment

    today = timezone.localdate()
    for loan in loans:
        home = Page.objects.get(pk=sites[loan["site"]].root_page_id)
        index = CampaignIndexPage.objects.child_of(home).first()
        if CampaignPage.objects.child_of(index).filter(slug=loan["campaign"]["slug"]).exists():
            continue
        _seed_campaign(index, loan["campaign"], territory, recorder, created)
        campaign = CampaignPage.objects.child_of(index).get(slug=loan["campaign"]["slug"])
        holder = User.objects.get(email=loan["holder"])
        campaign.holder = holder
        for position, instalment in enumerate(loan["instalments"]):
            campaign.loan_instalments.add(LoanInstalment(
                due_on=today + timedelta(days=instalment["days"]), percent=instalment["percent"], sort_order=position,
            ))
        # A revision that holds the schedule: the next one published from the admin keeps it.
        campaign.save_revision().publish()
        saved = LoanInstalment.objects.filter(campaign_id=campaign.pk).order_by("sort_order")
        for instalment, spec in zip(saved, loan["instalments"]):
            if spec.get("repaid"):
                record_repayment(instalment, holder, paid_on=instalment.due_on)
