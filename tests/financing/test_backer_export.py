"""The backers' export for delivery, read back as a spreadsheet program would: counted pledges
only, names only of those who agreed, name and email of those who chose a reward (the pledge form
says so), formulas never run, and a CSV that streams."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from financing.models import Pledge
from tests.factories import UserFactory

from .factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign_with_backers(editor):
    holder = UserFactory()
    campaign = make_campaign(holder=holder, tiers=[(3000, None)])
    tier = campaign.reward_tiers.get()
    reward = UserFactory(first_name="Karim", last_name="Haddad", display_name="K. H.", email="karim@exemple.fr")
    shown = UserFactory(display_name="=HYPERLINK(\"http://x\")", email="lou@exemple.fr")
    hidden = UserFactory(first_name="Anne-Sophie", last_name="Roux", display_name="Anne-So", email="anne@exemple.fr")
    Pledge.objects.create(campaign=campaign, backer=reward, amount_cents=3050, tier=tier, status="collected")
    Pledge.objects.create(campaign=campaign, backer=shown, amount_cents=1000, status="collected", public=True)
    Pledge.objects.create(campaign=campaign, backer=hidden, amount_cents=120000, status="authorised")
    Pledge.objects.create(campaign=campaign, backer_name="Mme Dupont", recorded_by=editor, amount_cents=500,
                          status="offline")
    Pledge.objects.create(campaign=campaign, backer_name="M. Petit", recorded_by=editor, amount_cents=3000,
                          tier=tier, status="offline")
    Pledge.objects.create(campaign=campaign, backer=UserFactory(display_name="Annulé", email="annule@exemple.fr"),
                          amount_cents=4000, tier=tier, status="cancelled", public=True)
    return campaign, holder


EXPECTED = [
    ["Karim Haddad", "karim@exemple.fr", "30.50", "Contrepartie 1", "collected"],
    ["'=HYPERLINK(\"http://x\")", "", "10.00", "", "collected"],
    ["Anonyme", "", "1200.00", "", "authorised"],
    ["Anonyme", "", "5.00", "", "offline"],
    ["M. Petit", "", "30.00", "Contrepartie 1", "offline"],
]


def test_the_csv_names_only_who_agreed_or_chose_a_reward(client, campaign_with_backers):
    campaign, holder = campaign_with_backers
    client.force_login(holder)

    response = client.get(reverse("financing:campaign_backers_export", args=[campaign.pk, "csv"]))

    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="contributeurs-{campaign.slug}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["Nom", "Adresse électronique", "Montant (€)", "Contrepartie", "Date de la contribution", "Statut"]
    assert [row[:4] + [row[5]] for row in rows[1:]] == [
        row[:4] + [str(Pledge.Status(row[4]).label)] for row in EXPECTED  # the status in words, translated
    ]
    # The reward backer's real name is the delivery's; the others' names and emails never appear.
    for secret in ("Anne-So", "Roux", "anne@exemple.fr", "Mme Dupont", "lou@exemple.fr", "Annulé"):
        assert secret not in text


def test_the_workbook_reads_back_the_same_rows(client, campaign_with_backers):
    campaign, holder = campaign_with_backers
    client.force_login(holder)

    response = client.get(reverse("financing:campaign_backers_export", args=[campaign.pk, "xlsx"]))

    assert response["Content-Disposition"] == f'attachment; filename="contributeurs-{campaign.slug}.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Nom", "Adresse électronique", "Montant (€)", "Contrepartie", "Date de la contribution", "Statut"]
    assert [[row[0], row[1] or "", f"{row[2]:.2f}", row[3] or ""] for row in rows[1:]] == [row[:4] for row in EXPECTED]
    assert all(row[4].year >= 2026 for row in rows[1:])
    cells = " ".join(str(value) for row in rows for value in row if value is not None)
    for secret in ("Anne-So", "Roux", "anne@exemple.fr", "Mme Dupont", "lou@exemple.fr", "Annulé"):
        assert secret not in cells


def test_an_unknown_format_is_not_found(client, campaign_with_backers):
    campaign, holder = campaign_with_backers
    client.force_login(holder)
    assert client.get(reverse("financing:campaign_backers_export", args=[campaign.pk, "pdf"])).status_code == 404


def test_the_pledge_form_tells_a_reward_backer_their_name_and_email_go_to_the_holder(client, citizen):
    campaign = make_campaign(tiers=[(1000, None)])
    client.force_login(citizen)
    html = client.get(reverse("financing:pledge_create", args=[campaign.pk])).content.decode()
    assert "vos nom et adresse électronique sont transmis au porteur du projet pour vous la remettre" in html
