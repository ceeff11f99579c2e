"""Expressions of interest in business financing: a signed-in citizen states, changes and withdraws
the amount they consider investing; refusals say why and store nothing; the page says it is not an
investment and shows how many people are interested, fresh despite the anonymous page cache; the
holder and staff download the people to contact."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.services import sanctions
from financing.models import CampaignPage, InterestExpression
from financing.services.interest import express_interest, withdraw_interest
from tests.factories import UserFactory

from .factories import make_campaign
from .staff_sites import campsite_with_a_campaign

pytestmark = pytest.mark.django_db

PLATFORM = "https://plateforme-agreee.example/offres/glisse"


@pytest.fixture
def equity(db):
    return make_campaign(title="Buvette coopérative", category="equity", equity_platform_url=PLATFORM)


def page_text(client, campaign):
    return client.get(campaign.url).text.replace("\u202f", " ").replace("\xa0", " ")


def express(client, campaign, amount):
    return client.post(reverse("financing:interest_express", args=[campaign.pk]), {"amount": amount})


def test_a_citizen_states_changes_and_withdraws_an_amount(client, equity, citizen):
    client.force_login(citizen)
    page = page_text(client, equity)
    assert "Ce n'est pas un investissement" in page and "rien n'est payé" in page
    assert "votre nom et votre adresse électronique" in page  # what the holder receives, said on the form

    response = express(client, equity, "1 500,50")
    assert response.status_code == 302 and response["Location"].endswith("#interest-heading")
    assert InterestExpression.objects.get().amount_cents == 150_050
    assert "Vous envisagez d'investir 1 500,50 €" in page_text(client, equity)

    express(client, equity, "800")
    assert InterestExpression.objects.get().amount_cents == 80_000

    client.post(reverse("financing:interest_withdraw", args=[equity.pk]))
    assert not InterestExpression.objects.exists()


@pytest.mark.parametrize(
    "amount, message",
    [("abc", "supérieur à zéro"), ("-3", "supérieur à zéro"), ("0,50", "Le plus petit montant est de 1 €"),
     ("100000,01", "Le plus grand montant"), ("", "Champ requis")],
    ids=["text", "negative", "below-one-euro", "above-maximum", "empty"],
)
def test_bad_amounts_are_refused_with_a_translated_message_and_nothing_stored(client, equity, citizen, amount, message):
    client.force_login(citizen)
    response = express(client, equity, amount)
    assert response.status_code == 200
    assert message in response.text.replace("\xa0", " ")
    assert not InterestExpression.objects.exists()


def test_after_the_deadline_no_new_expression_and_no_change(client, citizen):
    ended = make_campaign(category="equity", equity_platform_url=PLATFORM, deadline=timezone.now() - timedelta(hours=1))
    client.force_login(citizen)
    response = express(client, ended, "500")
    assert response.status_code == 403 and "échéance" in response.text
    assert "échéance" in page_text(client, ended)
    assert not InterestExpression.objects.exists()


def test_after_the_deadline_an_expression_can_no_longer_be_withdrawn(client, equity, citizen):
    express_interest(equity, citizen, amount_cents=50_000)
    CampaignPage.objects.filter(pk=equity.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(citizen)
    response = client.post(reverse("financing:interest_withdraw", args=[equity.pk]), follow=True)
    assert "échéance" in response.text
    assert InterestExpression.objects.get().amount_cents == 50_000


def test_refusals_store_nothing(citizen, moderator, django_capture_on_commit_callbacks):
    equity = make_campaign(category="equity", equity_platform_url=PLATFORM)
    donation = make_campaign()
    draft = make_campaign(category="equity", equity_platform_url=PLATFORM, live=False)
    with pytest.raises(PermissionDenied, match="financement d'entreprise"):
        express_interest(donation, citizen, amount_cents=5000)
    with pytest.raises(PermissionDenied, match="pas ouverte"):
        express_interest(draft, citizen, amount_cents=5000)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="Connectez-vous"):
        express_interest(equity, AnonymousUser(), amount_cents=5000)
    closed = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied, match="fermé"):
        express_interest(equity, closed, amount_cents=5000)
    with pytest.raises(ValidationError):
        express_interest(equity, citizen, amount_cents=50)
    with django_capture_on_commit_callbacks(execute=True):
        sanctions.sanction_account(
            citizen, moderator=moderator, kind="suspension", reason="insulte", until=timezone.now() + timedelta(days=3)
        )
    citizen.refresh_from_db()
    with pytest.raises(PermissionDenied, match="suspendu"):
        express_interest(equity, citizen, amount_cents=5000)
    assert not InterestExpression.objects.exists()


def test_one_expression_per_citizen_and_campaign(equity, citizen):
    express_interest(equity, citizen, amount_cents=5000)
    express_interest(equity, citizen, amount_cents=7000)
    assert InterestExpression.objects.get().amount_cents == 7000
    assert withdraw_interest(equity, citizen) is True
    assert withdraw_interest(equity, citizen) is False


def test_anonymous_visitors_see_the_count_change_despite_the_page_cache(client, settings, equity):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    assert "Personne n'a encore fait part de son intérêt" in page_text(client, equity)
    express_interest(equity, UserFactory(), amount_cents=50_000)
    express_interest(equity, UserFactory(), amount_cents=25_050)
    text = page_text(client, equity)
    assert "2 personnes intéressées, qui envisagent 750,50 € au total" in text
    withdrawer = UserFactory()
    express_interest(equity, withdrawer, amount_cents=10_000)
    assert "3 personnes intéressées" in page_text(client, equity)
    withdraw_interest(equity, withdrawer)
    assert "2 personnes intéressées, qui envisagent 750,50 €" in page_text(client, equity)


def test_anonymous_visitors_are_asked_to_sign_in(client, equity):
    text = page_text(client, equity)
    assert "Connectez-vous pour faire part de votre intérêt" in text
    assert reverse("financing:interest_withdraw", args=[equity.pk]) not in text


def test_the_campaign_page_costs_the_same_queries_with_2_or_20_people_interested(client, equity, citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(citizen)
    for _ in range(2):
        express_interest(equity, UserFactory(), amount_cents=10_000)
    client.get(equity.url)
    with CaptureQueriesContext(connection) as few:
        client.get(equity.url)
    for _ in range(18):
        express_interest(equity, UserFactory(), amount_cents=10_000)
    with CaptureQueriesContext(connection) as many:
        assert "20 personnes" in client.get(equity.url).text
    assert len(many) == len(few)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "holder", "editor", "other_site_editor"])
def test_who_downloads_the_people_interested(client, equity, citizen, editor, role):
    holder = UserFactory(email="scic@glisse.example")
    CampaignPage.objects.filter(pk=equity.pk).update(holder=holder)
    interested = UserFactory(email="ines@exemple.fr", first_name="Inès", last_name="Moreau")
    express_interest(equity, interested, amount_cents=120_050)
    _moderator, other_editor, _camp = campsite_with_a_campaign()
    user = {"anonymous": None, "citizen": citizen, "holder": holder, "editor": editor, "other_site_editor": other_editor}[role]
    if user is not None:
        client.force_login(user)
    url = reverse("financing:interest_download", args=[equity.pk])
    response = client.get(url)
    if role in ("holder", "editor"):
        assert response.status_code == 200
        lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert lines[0][:3] == ["Nom", "Adresse électronique", "Montant envisagé (€)"]
        assert lines[1][:3] == ["Inès Moreau", "ines@exemple.fr", "1200.50"]
        if role == "holder":
            assert url in client.get(equity.url).text
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404
        assert url not in client.get(equity.url).text
