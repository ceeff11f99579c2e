"""Participatory financing in the demo (financing.yaml): a « Financement participatif » page on each
site and its campaigns, with pledges recorded as at a desk and tallies that add them up.

Pledges are written directly rather than through the pledge services: the demo invents no payment,
and ended campaigns need pledges made before a deadline the services would refuse. The tally and
the envelope's use are computed here from the same pledges, as the services would leave them, and
an ended campaign's outcome by the settlement's rules.
What exists (a campaign page by its slug) is left alone.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from payments import PaymentStatus
from wagtail.models import Page
from wagtail.rich_text import RichText

from consultations.models import User
from financing.models import (
    BudgetLine,
    CampaignIndexPage,
    CampaignPage,
    CampaignTally,
    InterestExpression,
    MatchingEnvelope,
    Payment,
    Pledge,
    RewardTier,
)
from financing.models.campaigns import Category
from financing.services.interest import express_interest
from financing.services.pledges import record_offline_pledge
from financing.services.settlement import FAILED, SUCCEEDED

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
    seed_staff_side(spec, sites, created)
    seed_proposed_campaigns(spec, sites, created)
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
        address=spec.get("address", ""), latitude=spec.get("latitude"), longitude=spec.get("longitude"),
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
    if spec.get("pledges") and campaign.category == Category.EQUITY:
        raise ValueError(f"{spec['slug']}: business financing takes no pledge on the portal.")
    pledged = matched = 0
    cap = campaign.matching_cap_cents
    made = []
    for pledge in spec.get("pledges", []):
        amount = pledge["amount"] * EURO
        share = campaign.matched_for(amount)
        if cap is not None:
            share = max(min(share, cap - matched), 0)
        online = "account" in pledge
        made.append(Pledge(
            campaign=campaign, backer=User.objects.get(email=pledge["account"]) if online else None,
            backer_name="" if online else pledge["name"], recorded_by=None if online else recorder,
            status=Pledge.Status.OFFLINE, amount_cents=amount,
            matched_cents=share, tier=tiers[pledge["tier"]] if "tier" in pledge else None,
            public=pledge["public"],
        ))
        pledged += amount
        matched += share
    outcome, collected = _settlement(campaign, spec, pledged + matched, deadline <= now)
    # Online pledges are collected when the campaign collects, released when it fails, and
    # authorised while it runs; desk pledges stay recorded as offline.
    online_status = (
        Pledge.Status.AUTHORISED if not outcome
        else Pledge.Status.COLLECTED if collected else Pledge.Status.RELEASED
    )
    for pledge in made:
        if pledge.backer is not None:
            pledge.status = online_status
        pledge.save()
        if pledge.backer is not None:
            _record_payment(pledge)
        created["pledges"] += 1
    # Pledged in the hours before the deadline (or before now, for a campaign still running): in
    # the year whose envelope matched them.
    last = min(now, deadline)
    for age, pledge in enumerate(reversed(made), start=1):
        Pledge.objects.filter(pk=pledge.pk).update(created_at=last - timedelta(hours=age))
    accounts = {pledge.backer_id for pledge in made if pledge.backer_id}
    CampaignTally.objects.create(
        campaign=campaign, pledged_cents=pledged, matched_cents=matched,
        backers=len(accounts) + sum(1 for pledge in made if pledge.backer_id is None), outcome=outcome,
        settled_at=deadline if outcome else None,
    )
    # The matching a failed campaign held goes back to the envelope (services/settlement).
    return matched if collected or not outcome else 0


# What the payment provider holds for an online pledge of each status (services/pledges and
# settlement move payments the same way), so that the accounts read the demo as they read real ones.
PAYMENT_STATUS = {
    Pledge.Status.AUTHORISED: PaymentStatus.PREAUTH,
    Pledge.Status.COLLECTED: PaymentStatus.CONFIRMED,
    Pledge.Status.RELEASED: PaymentStatus.REFUNDED,
}


def _record_payment(pledge):
    total = Decimal(pledge.amount_cents) / 100
    Payment.objects.create(
        pledge=pledge, variant="default", total=total, currency="EUR", status=PAYMENT_STATUS[pledge.status],
        captured_amount=total if pledge.status == Pledge.Status.COLLECTED else 0,
        given_back=Payment.GivenBack.RELEASED if pledge.status == Pledge.Status.RELEASED else "",
        description=f"Contribution à « {pledge.campaign.title} »", billing_email=pledge.backer.email,
    )


def _settlement(campaign, spec, raised, ended):
    """(outcome, collected) as services/settlement decides them: succeeded when what was raised
    reaches the goal, failed otherwise; collected when succeeded or keeping what is raised. Business
    financing is never settled: the licensed platform ran its offer."""
    if not ended or campaign.category == Category.EQUITY:
        if spec.get("outcome"):
            raise ValueError(f"{spec['slug']}: a campaign still running has no outcome.")
        return "", False
    outcome = SUCCEEDED if raised >= campaign.goal_cents else FAILED
    if spec.get("outcome") != outcome:
        raise ValueError(f"{spec['slug']}: its pledges and goal make it {outcome}, not {spec.get('outcome')!r}.")
    return outcome, outcome == SUCCEEDED or campaign.keep_what_is_raised


def seed_staff_side(spec, sites, created):
    """Desk pledges and expressions of interest (financing.yaml `desk`, `interest`), through the
    services, as staff and citizens make them: their permissions, amounts and figures apply."""
    for entry in spec.get("desk", []):
        campaign = _live_campaign(sites[entry["site"]], entry["campaign"])
        staff = User.objects.get(email=entry["recorded_by"])
        for pledge in entry["pledges"]:
            if Pledge.objects.filter(campaign=campaign, backer_name=pledge["name"], recorded_by=staff).exists():
                continue
            record_offline_pledge(
                campaign, staff, backer_name=pledge["name"], amount_cents=pledge["amount"] * EURO, public=pledge["public"]
            )
            campaign = CampaignPage.objects.select_related("tally").get(pk=campaign.pk)
            created["pledges"] += 1
    for entry in spec.get("interest", []):
        campaign = _live_campaign(sites[entry["site"]], entry["campaign"])
        for expression in entry["expressions"]:
            account = User.objects.get(email=expression["account"])
            if InterestExpression.objects.filter(campaign=campaign, user=account).exists():
                continue
            express_interest(campaign, account, amount_cents=expression["amount"] * EURO)
            created["interest_expressions"] += 1


def _live_campaign(site, slug):
    return CampaignPage.objects.live().select_related("tally").get(
        slug=slug, path__startswith=Page.objects.get(pk=site.root_page_id).path
    )


def seed_proposed_campaigns(spec, sites, created):
    """A citizen's campaigns in review (financing.yaml `proposed`): proposed through the service
    the form uses (its rules and its posting limit), one sent back by a moderator with a reason.
    What exists (a campaign by its title under the site's financing page) is left alone."""
    from wagtail.models import WorkflowState

    from financing.services.campaigns import Proposed, propose_campaign

    proposed = spec.get("proposed")
    if not proposed:
        return
    home = Page.objects.get(pk=sites[proposed["site"]].root_page_id)
    index = CampaignIndexPage.objects.child_of(home).first()
    holder = User.objects.get(email=proposed["holder"])
    reviewer = User.objects.get(email=proposed["reviewer"])
    now = timezone.now()
    for campaign_spec in proposed["campaigns"]:
        if CampaignPage.objects.child_of(index).filter(draft_title=campaign_spec["title"]).exists():
            continue
        campaign = propose_campaign(index, user=holder, proposed=Proposed(
            fields={
                "title": campaign_spec["title"], "holder_name": campaign_spec["holder_name"],
                "holder_kind": campaign_spec["holder_kind"], "contact_email": holder.email,
                "summary": campaign_spec["summary"], "category": campaign_spec["category"],
                "goal_cents": campaign_spec["goal"] * EURO, "deadline": now + timedelta(days=campaign_spec["days"]),
                "keep_what_is_raised": campaign_spec.get("keep_what_is_raised", False),
                "equity_platform_url": "", "risks": "", "facility": None, "neighbourhood": None,
            },
            description=campaign_spec["body"],
            budget_lines=[(line["label"], line["amount"] * EURO) for line in campaign_spec.get("budget", [])],
            reward_tiers=[
                {"title": tier["title"], "description": tier["description"], "amount_cents": tier["amount"] * EURO,
                 "quantity": tier["quantity"],
                 "estimated_delivery": (now + timedelta(days=30 * tier["delivery_months"])).date()}
                for tier in campaign_spec.get("rewards", [])
            ],
        ))
        created["campaigns"] += 1
        if campaign_spec.get("changes_requested"):
            state = WorkflowState.objects.get(pk=campaign.current_workflow_state.pk)
            task_state = state.current_task_state
            task_state.task.specific.on_action(
                task_state.specific, reviewer, "reject", comment=campaign_spec["changes_requested"].strip()
            )


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
