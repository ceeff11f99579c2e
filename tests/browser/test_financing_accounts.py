"""The financing pages behind a sign-in, each audited with axe-core (every impact) and for reflow:
the holder's proposal form (empty and refused), « Mes campagnes », the dashboard of a loan, the
repayment form, the news form, the lender's « Mes contributions financières » and receipt, and a
business-financing campaign's expression of interest."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from financing.services.loans import record_repayment
from tests.factories import UserFactory
from tests.financing.factories import make_campaign
from tests.financing.loan_campaigns import succeeded_loan

from . import portal_ui as ui
from .crawl import format_reports, raise_for_failures
from .test_accessibility import serve_sites_on
from .test_financing_journey import checked


@pytest.fixture
def people(live_server):
    serve_sites_on(live_server)
    holder = UserFactory(display_name="Nora H.")
    lender = UserFactory(display_name="Lou P.")
    loan, pledges, instalments = succeeded_loan(holder, [50_000], lenders=[lender])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    rewards = make_campaign(title="Une fresque pour la piscine", holder=holder, tiers=[(2500, 5)])
    equity = make_campaign(
        title="Une buvette coopérative", category="equity", equity_platform_url="https://plateforme.example/offre"
    )
    return {
        "holder": holder, "lender": lender, "loan": loan, "pledge": pledges[0], "instalment": instalments[1],
        "rewards": rewards, "equity": equity,
    }


def signed_in(new_context, live_server, user):
    context = new_context()
    ui.sign_in_as(context, live_server.url, user)
    return context.new_page()


def test_the_pages_of_holders_lenders_and_investors_are_accessible(people, new_context, live_server):
    reports = []
    page = signed_in(new_context, live_server, people["holder"])
    for url in [
        reverse("financing:campaign_propose"),
        reverse("financing:my_campaigns"),
        reverse("financing:campaign_dashboard", args=[people["loan"].pk]),
        reverse("financing:instalment_repay", args=[people["loan"].pk, people["instalment"].pk]),
        reverse("financing:update_create", args=[people["rewards"].pk]),
    ]:
        page.goto(live_server.url + url)
        checked(page, reports)
    page.goto(live_server.url + reverse("financing:campaign_propose"))
    page.locator("form.campaign-form button[type=submit]").first.click()
    expect(page.locator(".form-errors").first).to_be_visible()
    checked(page, reports, status=400)

    page = signed_in(new_context, live_server, people["lender"])
    for url in [
        reverse("financing:my_pledges"),
        reverse("financing:pledge_receipt", args=[people["pledge"].pk]),
        people["equity"].url,
    ]:
        page.goto(live_server.url + url)
        checked(page, reports)

    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    for report in reports:  # minor and moderate ones count here too
        report.blocking += report.minor
    raise_for_failures(reports, "financing pages behind a sign-in")
