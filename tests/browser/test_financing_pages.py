"""axe-core, structure and reflow on the participatory financing pages: the listing and campaign
pages of each kind and state and the statistics, on a wide screen and a 375 px phone. The demo has no campaign yet,
so the crawl of tests/browser/test_accessibility.py cannot reach them: they are made here."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from financing.models import BudgetLine, CampaignIndexPage, CampaignPage, CampaignTally, Pledge, RewardTier
from tests.factories import FacilityFactory, UserFactory

from .crawl import PageReport, audit, check_reflow, format_reports, raise_for_failures

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}


def campaign(index, *, tally=(0, 0, 0, ""), days=20, **fields):
    values = {
        "holder_name": "Association Quartier Vivant", "holder_kind": "association",
        "contact_email": "contact@quartier.example", "summary": "Des bancs et de l'ombre pour la place.",
        "category": "donation", "goal_cents": 500_000, "deadline": timezone.now() + timedelta(days=20),
        **fields,
    }
    page = index.add_child(instance=CampaignPage(**values))
    CampaignPage.objects.filter(pk=page.pk).update(deadline=timezone.now() + timedelta(days=days))
    pledged, matched, backers, outcome = tally
    CampaignTally.objects.create(
        campaign=page, pledged_cents=pledged, matched_cents=matched, backers=backers, outcome=outcome
    )
    return page


@pytest.fixture
def campaigns():
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CampaignIndexPage(
        title="Financement participatif", slug="financement",
        introduction="<p>Soutenez les projets du quartier.</p>",
    ))
    facility = FacilityFactory(name="Piscine Jean-Bouin")
    rewards = campaign(
        index, title="Une fresque pour la piscine", slug="fresque", category="rewards",
        tally=(230_000, 115_000, 42, ""), matching_amount=1, matching_per=2, matching_cap_cents=200_000,
        facility=facility, neighbourhood=facility.neighbourhood, address="12 rue des Bains",
        risks="La météo peut retarder la peinture.",
    )
    tier = RewardTier.objects.create(
        campaign=rewards, title="Affiche signée", description="Une affiche de la fresque.",
        amount_cents=2500, quantity=1, estimated_delivery=date(2027, 6, 1),
    )
    RewardTier.objects.create(campaign=rewards, title="Merci", description="Votre nom sur le mur.", amount_cents=1000)
    Pledge.objects.create(
        campaign=rewards, backer=UserFactory(display_name="Lou B."), amount_cents=2500, tier=tier,
        status=Pledge.Status.COLLECTED, public=True,
    )
    BudgetLine.objects.create(campaign=rewards, label="Peinture", amount_cents=300_000)
    BudgetLine.objects.create(campaign=rewards, label="Artiste", amount_cents=200_000)
    equity = campaign(
        index, title="Une épicerie coopérative", slug="epicerie", category="equity",
        equity_platform_url="https://plateforme.example/offre", holder_kind="business",
    )
    done = campaign(index, title="Un four à pain", slug="four", tally=(520_000, 0, 80, "succeeded"), days=-3)
    return [index, rewards, equity, done]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280px", "375px"])
def test_financing_pages_are_accessible(campaigns, new_context, live_server, viewport):
    page = new_context(viewport=viewport).new_page()
    reports = []
    # The listing, the campaigns, and the statistics (a route of the listing's page).
    for url in [wagtail_page.url for wagtail_page in campaigns] + [f"{campaigns[0].url}statistiques/"]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{url} answered {response.status}"
        report = PageReport(url=page.url, status=response.status)
        audit(page, report, lang="fr")
        check_reflow(page, report)
        # Sharing loads nothing from elsewhere.
        scripts = page.eval_on_selector_all("script[src]", "nodes => nodes.map(n => n.src)")
        if any(not src.startswith(live_server.url) for src in scripts):
            report.problems.append(f"a third-party script is loaded: {scripts}")
        reports.append(report)
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, f"financing pages at {viewport['width']} px")
