"""Following a campaign and its news: who may post them, who gets them by email, and the campaign
page that shows them."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from consultations.models import NotificationPreferences
from financing.models import CampaignFollow, CampaignUpdate, Pledge
from financing.services.updates import follow_campaign, post_update, unfollow_campaign
from tests.consultations.other_sites import campsite
from tests.factories import UserFactory

from .factories import campaign_index, make_campaign

pytestmark = pytest.mark.django_db

TEXT = "Les peintures sont arrivées, le chantier commence lundi."


@pytest.fixture
def holder(db):
    return UserFactory(email="porteuse@exemple.fr", display_name="Porteuse")


@pytest.fixture
def campaign(holder):
    return make_campaign(holder=holder)


def counted_backer(campaign, email, status=Pledge.Status.AUTHORISED):
    backer = UserFactory(email=email)
    Pledge.objects.create(campaign=campaign, backer=backer, amount_cents=2500, status=status)
    return backer


def publish(client, campaign, host=None, **data):
    extra = {"HTTP_HOST": host} if host else {}
    return client.post(
        reverse("financing:update_create", args=[campaign.pk]),
        {"title": "Le chantier commence", "body": TEXT, **data}, **extra,
    )


# Follows


def test_a_citizen_follows_from_the_campaign_page_once_and_lets_go(client, citizen, campaign):
    client.force_login(citizen)
    html = client.get(campaign.url).content.decode()
    assert reverse("financing:campaign_follow", args=[campaign.pk]) in html

    follow_url = reverse("financing:campaign_follow", args=[campaign.pk])
    assert client.post(follow_url).url == campaign.url
    client.post(follow_url)
    assert CampaignFollow.objects.filter(user=citizen, campaign=campaign).count() == 1
    html = client.get(campaign.url).content.decode()
    assert "Vous suivez ce contenu." in html
    assert reverse("financing:campaign_unfollow", args=[campaign.pk]) in html

    client.post(reverse("financing:campaign_unfollow", args=[campaign.pk]))
    client.post(reverse("financing:campaign_unfollow", args=[campaign.pk]))
    assert not CampaignFollow.objects.filter(user=citizen).exists()


def test_unfollowing_what_one_does_not_follow_changes_nothing(citizen, campaign):
    other = UserFactory()
    follow_campaign(campaign, user=other)
    assert unfollow_campaign(campaign, user=citizen) is False
    assert CampaignFollow.objects.filter(campaign=campaign).count() == 1


def test_anonymous_visitors_are_asked_to_sign_in_and_nothing_is_recorded(client, campaign):
    html = client.get(campaign.url).content.decode()
    assert "/accounts/login/?next=" in html
    response = client.post(reverse("financing:campaign_follow", args=[campaign.pk]))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not CampaignFollow.objects.exists()


def test_a_draft_campaign_cannot_be_followed(client, citizen):
    draft = make_campaign(live=False)
    client.force_login(citizen)
    assert client.post(reverse("financing:campaign_follow", args=[draft.pk])).status_code == 404
    with pytest.raises(Exception, match="ne peut pas être suivie"):
        follow_campaign(draft, user=citizen)
    assert not CampaignFollow.objects.exists()


def test_followed_campaigns_are_listed_with_the_consultations_on_the_account_page(client, citizen, campaign):
    follow_campaign(campaign, user=citizen)
    client.force_login(citizen)
    html = client.get(reverse("consultations:account_notifications")).content.decode()
    assert "Campagnes de financement" in html
    assert campaign.title in html
    assert reverse("financing:campaign_unfollow", args=[campaign.pk]) in html
    assert "Vous ne suivez rien pour le moment" not in html

    response = client.post(
        reverse("financing:campaign_unfollow", args=[campaign.pk]),
        {"next": reverse("consultations:account_notifications")},
    )
    assert response.url == reverse("consultations:account_notifications")
    html = client.get(response.url).content.decode()
    assert "Vous ne suivez rien pour le moment" in html


# Who may post news


@pytest.fixture
def people(citizen, holder, editor, moderator):
    other_moderator, other_editor, _consultation = campsite()
    return {
        "anonymous": None, "citizen": citizen, "holder": holder, "moderator": moderator,
        "editor": editor, "other_site_editor": other_editor, "other_site_moderator": other_moderator,
    }


@pytest.mark.parametrize(
    "role, allowed",
    # The Modération group edits pages from the root (Wagtail's own Moderators group): its members
    # are editors of every site; a site's own moderators only publish.
    [("anonymous", False), ("citizen", False), ("holder", True), ("moderator", True), ("editor", True),
     ("other_site_editor", False), ("other_site_moderator", False)],
)
def test_who_may_post_news(client, people, campaign, role, allowed):
    user = people[role]
    if user is not None:
        client.force_login(user)
    form = client.get(reverse("financing:update_create", args=[campaign.pk]))
    response = publish(client, campaign)
    if role == "anonymous":
        assert form.status_code == response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    elif allowed:
        assert form.status_code == 200
        assert response.status_code == 302 and response.url.startswith(f"/financement/{campaign.slug}/#nouvelle-")
    else:
        assert form.status_code == response.status_code == 403
        assert "Seuls le porteur de la campagne et les rédacteurs de son site" in response.content.decode()
    assert CampaignUpdate.objects.exists() is allowed


def test_the_campaign_page_offers_the_form_to_its_holder_only(client, citizen, holder, campaign):
    form_url = reverse("financing:update_create", args=[campaign.pk])
    assert form_url not in client.get(campaign.url).content.decode()
    client.force_login(citizen)
    assert form_url not in client.get(campaign.url).content.decode()
    client.force_login(holder)
    assert form_url in client.get(campaign.url).content.decode()


def test_news_of_a_campaign_on_another_site_are_posted_on_that_site(client, editor):
    _moderator, camp_editor, _consultation = campsite()
    camp_site = Site.objects.get(hostname="camping.example.fr")
    campaign = make_campaign(parent=campaign_index(camp_site))
    client.force_login(camp_editor)
    url = reverse("financing:update_create", args=[campaign.pk])
    assert client.get(url).status_code == 301  # to the campsite's host
    assert client.get(url, HTTP_HOST="camping.example.fr").status_code == 200
    client.force_login(editor)  # the Rédaction group edits every site
    assert publish(client, campaign, host="camping.example.fr").status_code == 302


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": ""}, "title", "Champ requis."),
        ({"body": "Court"}, "body", "au moins 10 caractères"),
        ({"body": "Voir <script>alert(1)</script> ici"}, "body", "texte brut"),
    ],
)
def test_bad_news_get_a_form_error_and_nothing_is_recorded_nor_sent(
    client, holder, campaign, data, field, message, django_capture_on_commit_callbacks
):
    follow_campaign(campaign, user=UserFactory())
    client.force_login(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(client, campaign, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field])
    assert 'class="form-errors" role="alert"' in response.content.decode()
    assert not CampaignUpdate.objects.exists()
    assert mail.outbox == []


def test_a_draft_campaign_takes_no_news(holder):
    draft = make_campaign(live=False, holder=holder)
    with pytest.raises(Exception, match="campagne publiée"):
        post_update(draft, author=holder, title="Nouvelles", body=TEXT)
    assert not CampaignUpdate.objects.exists()


# Who gets them by email


def test_news_are_emailed_once_to_followers_and_counted_backers_but_not_their_author(
    holder, campaign, django_capture_on_commit_callbacks
):
    follower = UserFactory(email="suiveuse@exemple.fr")
    follow_campaign(campaign, user=follower)
    backer = counted_backer(campaign, "donatrice@exemple.fr", Pledge.Status.COLLECTED)
    follows_and_backs = counted_backer(campaign, "les-deux@exemple.fr")
    follow_campaign(campaign, user=follows_and_backs)
    counted_backer(campaign, "annule@exemple.fr", Pledge.Status.CANCELLED)
    counted_backer(campaign, "echec@exemple.fr", Pledge.Status.FAILED)
    follow_campaign(campaign, user=holder)
    follow_campaign(make_campaign(), user=UserFactory(email="ailleurs@exemple.fr"))
    inactive = UserFactory(email="inactive@exemple.fr", is_active=False)
    follow_campaign(campaign, user=inactive)

    with django_capture_on_commit_callbacks(execute=True):
        update = post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "donatrice@exemple.fr", "les-deux@exemple.fr", "suiveuse@exemple.fr",
    ]
    update.refresh_from_db()
    assert update.recipient_count == 3 and update.notified_at is not None
    message = mail.outbox[0]
    assert message.subject == f"Nouvelles de «\u00a0{campaign.title}\u00a0»\u00a0: Le chantier commence"
    assert TEXT in message.body
    assert f"http://localhost{campaign.url}#nouvelle-{update.pk}" in message.body
    assert backer.email in [m.to[0] for m in mail.outbox]


def test_nothing_leaves_before_the_transaction_commits(holder, campaign, django_capture_on_commit_callbacks):
    follow_campaign(campaign, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)
    assert mail.outbox == [] and len(callbacks) == 1


def test_an_editors_news_go_to_the_holder_too(editor, holder, campaign, django_capture_on_commit_callbacks):
    follow_campaign(campaign, user=holder)
    with django_capture_on_commit_callbacks(execute=True):
        post_update(campaign, author=editor, title="Un mot de l'équipe", body=TEXT)
    assert [message.to for message in mail.outbox] == [[holder.email]]


def test_who_turned_campaign_news_off_gets_none(holder, campaign, django_capture_on_commit_callbacks):
    follower = UserFactory()
    follow_campaign(campaign, user=follower)
    NotificationPreferences.objects.create(user=follower, campaign_updates=False)
    with django_capture_on_commit_callbacks(execute=True):
        update = post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)
    assert mail.outbox == []
    update.refresh_from_db()
    assert update.recipient_count == 0 and update.notified_at is not None


def test_the_email_comes_from_the_campaigns_own_site(django_capture_on_commit_callbacks):
    _moderator, camp_editor, _consultation = campsite()
    campaign = make_campaign(parent=campaign_index(Site.objects.get(hostname="camping.example.fr")))
    follow_campaign(campaign, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        update = post_update(campaign, author=camp_editor, title="Le chantier commence", body=TEXT)
    body = mail.outbox[0].body
    assert f"http://camping.example.fr/financement/{campaign.slug}/#nouvelle-{update.pk}" in body
    assert "http://camping.example.fr/notifications/unsubscribe/" in body


def test_the_one_click_unsubscribe_link_turns_campaign_news_off(holder, campaign, django_capture_on_commit_callbacks):
    follower = UserFactory()
    follow_campaign(campaign, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)
    headers = mail.outbox[0].message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    assert link in mail.outbox[0].body
    path = re.sub(r"^https?://[^/]+", "", link)

    response = Client(enforce_csrf_checks=True).post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    preferences = NotificationPreferences.objects.get(user=follower)
    assert preferences.campaign_updates is False
    assert preferences.replies and preferences.results and preferences.decisions

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_update(campaign, author=holder, title="Deuxième nouvelle", body=TEXT)
    assert mail.outbox == []


def test_the_unsubscribe_page_names_campaign_news(client, holder, campaign, django_capture_on_commit_callbacks):
    follow_campaign(campaign, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)
    path = re.sub(r"^https?://[^/]+", "", mail.outbox[0].message()["List-Unsubscribe"].strip("<>"))
    html = client.get(path).content.decode()
    assert "nouvelles des campagnes de financement que je suis ou soutiens" in html


# The campaign page


def test_news_are_shown_newest_first_with_their_date_and_anchor(client, holder, campaign):
    first = post_update(campaign, author=holder, title="Première nouvelle", body=TEXT)
    second = post_update(campaign, author=holder, title="Seconde nouvelle", body="Ligne un.\nLigne deux, plus longue.")
    CampaignUpdate.objects.filter(pk=first.pk).update(published_at=timezone.now() - timezone.timedelta(days=3))
    html = client.get(campaign.url).content.decode()
    assert html.index("Seconde nouvelle") < html.index("Première nouvelle")
    assert f'id="nouvelle-{first.pk}"' in html and f'id="nouvelle-{second.pk}"' in html
    assert "Ligne un.<br>Ligne deux" in html
    assert f'datetime="{timezone.localtime(second.published_at).isoformat()}"' in html


@pytest.mark.parametrize("number", [3, 30])
def test_the_news_cost_one_query_however_many(client, holder, campaign, number, django_assert_num_queries):
    for n in range(number):
        CampaignUpdate.objects.create(campaign=campaign, author=holder, title=f"Nouvelle {n}", body=TEXT)
    client.get(campaign.url)  # fills what the page keeps in memory (site, identity, menus)
    with django_assert_num_queries(CAMPAIGN_PAGE_QUERIES):
        html = client.get(campaign.url).content.decode()
    assert html.count('class="campaign-news__item"') == number


# The page's own reads, its menus kept in memory: 10 whatever the number of news (the backers' count
# and their first names are two of them).
CAMPAIGN_PAGE_QUERIES = 10


def test_anonymous_visitors_see_new_news_at_once_despite_the_page_cache(client, settings, holder, campaign):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    assert "Pas encore de nouvelles" in client.get(campaign.url).content.decode()
    assert "Pas encore de nouvelles" in client.get(campaign.url).content.decode()  # kept

    post_update(campaign, author=holder, title="Le chantier commence", body=TEXT)

    assert "Le chantier commence" in client.get(campaign.url).content.decode()
