"""The public company's accounts (/admin/financing/accounting/): who may read them, the figures per
campaign and provider against the campaigns' tallies, the CSV and XLSX read back, the filters, and
a query count that does not grow with the pledges."""

import csv
import io
from datetime import timedelta

import payments.core
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from financing.accounting import accounting_rows
from financing.models import CampaignPage, CampaignTally, Payment, Pledge
from financing.services.pledges import cancel_pledge, record_offline_pledge
from financing.services.settlement import settle_campaign
from tests.factories import UserFactory
from wagtail.models import Site

from .factories import make_campaign, make_envelope
from .staff_sites import campsite_with_a_campaign

pytestmark = pytest.mark.django_db

INDEX = "/admin/financing/accounting/"


def past_deadline(campaign):
    CampaignPage.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    return CampaignPage.objects.get(pk=campaign.pk)


@pytest.fixture
def books(editor, make_pledge, pay):
    """A live campaign (two authorised pledges, one cancelled, one at the desk), a succeeded one
    (collected) and a failed one (released, and desk money handed back), matched 1 € for 2 €."""
    make_envelope(1_000_000)
    matching = {"matching_amount": 1, "matching_per": 2}
    live = make_campaign(title="Vivante", goal_cents=1_000_000, **matching)
    pay(make_pledge(live, UserFactory(), 2550))
    pay(make_pledge(live, UserFactory(), 1000))
    backer = UserFactory()
    cancel_pledge(pay(make_pledge(live, backer, 700)), backer)
    make_pledge(live, UserFactory(), 900)  # never paid: nothing moved
    record_offline_pledge(live, editor, backer_name="Mme Dupont", amount_cents=4001)

    won = make_campaign(title="Réussie", goal_cents=5000, **matching)
    pay(make_pledge(won, UserFactory(), 3333))
    record_offline_pledge(won, editor, backer_name="M. Lin", amount_cents=1667)
    settle_campaign(past_deadline(won))

    lost = make_campaign(title="Échouée", goal_cents=1_000_000, **matching)
    pay(make_pledge(lost, UserFactory(), 1200))
    record_offline_pledge(lost, editor, backer_name="M. Petit", amount_cents=1000)
    settle_campaign(past_deadline(lost))
    return {"live": live, "won": won, "lost": lost}


def rows_by_key():
    return {(row.title, row.provider): row for row in accounting_rows([Site.objects.get(is_default_site=True)])}


def test_the_figures_per_campaign_and_provider(books):
    rows = rows_by_key()

    online = rows[("Vivante", "default")]
    assert (online.pledges, online.pledged_cents, online.authorised_cents) == (2, 3550, 3550)
    assert (online.collected_cents, online.released_cents, online.refunded_cents) == (0, 700, 0)
    assert online.matched_cents == 1275 + 500
    desk = rows[("Vivante", "desk")]
    assert (desk.pledges, desk.pledged_cents, desk.collected_cents, desk.matched_cents) == (1, 4001, 4001, 2000)

    assert rows[("Réussie", "default")].collected_cents == 3333
    assert rows[("Réussie", "desk")].collected_cents == 1667

    lost_online, lost_desk = rows[("Échouée", "default")], rows[("Échouée", "desk")]
    assert (lost_online.pledged_cents, lost_online.released_cents, lost_online.matched_cents) == (1200, 1200, 0)
    assert (lost_desk.pledged_cents, lost_desk.refunded_cents, lost_desk.collected_cents) == (1000, 1000, 0)


def test_the_pledged_and_matched_amounts_agree_with_each_campaigns_tally(books):
    rows = list(accounting_rows([Site.objects.get(is_default_site=True)]))
    for name, campaign in books.items():
        tally = CampaignTally.objects.get(campaign=campaign)
        mine = [row for row in rows if row.campaign_id == campaign.pk]
        assert sum(row.pledged_cents for row in mine) == tally.pledged_cents
        granted = sum(row.matched_cents for row in mine)
        # A failed campaign's tally keeps the matching it reached; the company granted none of it.
        assert granted == (0 if name == "lost" else tally.matched_cents)


def test_a_provider_that_charges_at_once_refunds_what_it_gives_back(settings, monkeypatch, make_pledge, pay):
    monkeypatch.setattr(payments.core, "PROVIDER_CACHE", {})
    settings.PAYMENT_VARIANTS = {
        **settings.PAYMENT_VARIANTS, "direct": ("payments.dummy.DummyProvider", {"capture": True}),
    }
    campaign = make_campaign(title="Directe")
    backer = UserFactory()
    made = make_pledge(campaign, backer, 2000)
    made.payments.update(variant="direct")
    cancel_pledge(pay(made, status="confirmed"), backer)
    row = rows_by_key()[("Directe", "direct")]
    assert (row.pledges, row.released_cents, row.refunded_cents) == (0, 0, 2000)


def test_what_was_released_stays_released_when_the_provider_later_charges_at_once(
    settings, monkeypatch, make_pledge, pay
):
    campaign = make_campaign(title="Bascule")
    backer = UserFactory()
    cancel_pledge(pay(make_pledge(campaign, backer, 1500)), backer)
    assert Payment.objects.get(pledge__campaign=campaign).given_back == "released"
    # The site then moves its provider to charging at once: the past release is still a release.
    monkeypatch.setattr(payments.core, "PROVIDER_CACHE", {})
    variant = Payment.objects.get(pledge__campaign=campaign).variant
    settings.PAYMENT_VARIANTS = {**settings.PAYMENT_VARIANTS, variant: ("payments.dummy.DummyProvider", {"capture": True})}
    row = rows_by_key()[("Bascule", variant)]
    assert (row.released_cents, row.refunded_cents) == (1500, 0)


def test_the_page_shows_the_tables_and_the_totals(client, books, editor):
    client.force_login(editor)
    html = client.get(INDEX).text
    assert "Vivante" in html and "Échouée" in html
    assert "guichet" in html
    total = html[html.index("<tfoot>"):html.index("</tfoot>")]
    # 35,50 + 40,01 + 33,33 + 16,67 + 12 + 10 € pledged
    assert "147,51\u00a0€" in total


def test_the_csv_is_read_back_with_exact_euros(client, books, editor):
    client.force_login(editor)
    response = client.get(INDEX + "accounts.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:4] == ["Site", "Campagne", "Numéro de la campagne", "Prestataire de paiement"]
    by_key = {(line[1], line[3]): line for line in lines[1:-1]}
    live_online = by_key[("Vivante", "default")]
    assert live_online[4:] == ["2", "35.50", "35.50", "0.00", "7.00", "0.00", "17.75"]
    assert by_key[("Vivante", "guichet (espèces ou chèque)")][5] == "40.01"
    assert lines[-1][0] == "Total" and lines[-1][5] == "147.51"


def test_the_xlsx_is_read_back_with_the_same_figures(client, books, editor):
    client.force_login(editor)
    response = client.get(INDEX + "accounts.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][1] == "Campagne"
    live_online = next(row for row in values if row[1] == "Vivante" and row[3] == "default")
    assert [str(value) for value in live_online[5:]] == ["35.5", "35.5", "0", "7", "0", "17.75"]
    assert values[-1][0] == "Total" and str(values[-1][5]) == "147.51"


def test_filters_by_site_and_year(client, books, editor, make_pledge, pay):
    _moderator, _editor, camp = campsite_with_a_campaign()
    record_offline_pledge(camp, UserFactory(is_superuser=True), backer_name="Campeur", amount_cents=5000)
    old = Pledge.objects.get(backer_name="M. Lin")
    Pledge.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2020))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    everything = client.get(INDEX).text
    assert "Des vélos au camping" in everything and "Vivante" in everything
    main = Site.objects.get(is_default_site=True)
    only_main = client.get(INDEX, {"site": main.pk}).text
    assert "Des vélos au camping" not in only_main and "Vivante" in only_main
    year_2020 = client.get(INDEX, {"year": 2020}).text
    assert "Réussie" in year_2020 and "Vivante" not in year_2020
    assert '<option value="2020"' in everything
    csv_2020 = b"".join(client.get(INDEX + "accounts.csv", {"year": 2020}).streaming_content).decode("utf-8-sig")
    assert "M. Lin" not in csv_2020 and "16.67" in csv_2020 and "Vivante" not in csv_2020


ROLES = ("anonymous", "citizen", "moderator", "editor", "elected_official", "other_site_editor", "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_main_sites_accounts(client, books, citizen, moderator, editor, elected_official, role):
    _other_moderator, other_editor, _camp = campsite_with_a_campaign()
    user = {
        "anonymous": None, "citizen": citizen, "moderator": moderator, "editor": editor,
        "elected_official": elected_official, "other_site_editor": other_editor,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }[role]
    if user is not None:
        client.force_login(user)
    page = client.get(INDEX)
    download = client.get(INDEX + "accounts.csv")
    if role in ("moderator", "editor", "superuser"):
        assert page.status_code == 200 and "Vivante" in page.text
        assert download.status_code == 200
    elif role == "other_site_editor":
        # The campsite's editor reads the campsite's accounts, never the main site's.
        assert page.status_code == 200 and "Vivante" not in page.text
        assert b"Vivante" not in b"".join(download.streaming_content)
    else:
        assert page.status_code == 302 and download.status_code == 302


def test_the_query_count_does_not_grow_with_the_pledges(client, editor):
    campaign = make_campaign(title="Nombreuse")
    client.force_login(editor)

    def record(n):
        for index in range(n):
            record_offline_pledge(campaign, editor, backer_name=f"P{index}", amount_cents=500 + index)

    def measured():
        client.get(INDEX)
        with CaptureQueriesContext(connection) as page:
            client.get(INDEX)
        with CaptureQueriesContext(connection) as stream:
            b"".join(client.get(INDEX + "accounts.csv").streaming_content)
        with CaptureQueriesContext(connection) as workbook:
            b"".join(client.get(INDEX + "accounts.xlsx").streaming_content)
        return len(page), len(stream), len(workbook)

    record(5)
    five = measured()
    record(45)
    assert measured() == five
    assert "Nombreuse" in client.get(INDEX).text
