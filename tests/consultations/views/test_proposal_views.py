import uuid

import pytest
from django.urls import reverse

from consultations.models import ConsultationPage, Proposal, Support
from tests.factories import ProposalFactory, SupportFactory, filled_in

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Un toboggan pour les petits",
    "body": "Le bassin ludique manque d'un petit toboggan pour les enfants de 3 à 6 ans.",
    "tags": "enfants, famille",
    "address": "",
    "neighbourhood": "",
    **filled_in(),
}


def create_url(consultation):
    return reverse("consultations:proposal_create", args=[consultation.pk])


def test_citizen_posts_a_proposal_published_at_once_under_post_moderation(client, citizen, open_consultation):
    client.force_login(citizen)
    response = client.post(create_url(open_consultation), {**GOOD, "submission_key": str(uuid.uuid4())})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.status == Proposal.Status.PUBLISHED
    assert sorted(proposal.tags.names()) == ["enfants", "famille"]
    page = client.get(proposal.get_absolute_url())
    assert "Un toboggan pour les petits" in page.content.decode()


def test_under_pre_moderation_the_proposal_waits(client, citizen, make_consultation):
    consultation = make_consultation("proposals", moderation=ConsultationPage.Moderation.PRE)
    client.force_login(citizen)
    client.post(create_url(consultation), GOOD)
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.PENDING
    assert client.get(reverse("consultations:proposal_list", args=[consultation.pk])).context["proposals"].paginator.count == 1
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(reverse("consultations:proposal_list", args=[consultation.pk])).context["proposals"].paginator.count == 0


@pytest.mark.parametrize("moderation", ["pre", "post"])
def test_the_consultation_and_its_proposal_form_say_how_contributions_are_moderated(
    client, citizen, make_consultation, moderation
):
    consultation = make_consultation("proposals", moderation=moderation)
    client.force_login(citizen)
    expected = {
        "pre": "relus par l'équipe de modération avant leur publication",
        "post": "publiés immédiatement",
    }[moderation]
    other = {"pre": "publiés immédiatement", "post": "avant leur publication"}[moderation]

    for html in (
        client.get(consultation.url).text,
        client.get(reverse("consultations:proposal_create", args=[consultation.pk])).text,
    ):
        assert expected in html
        assert other not in html


def test_a_double_click_stores_one_proposal(client, citizen, open_consultation):
    client.force_login(citizen)
    key = str(uuid.uuid4())
    client.post(create_url(open_consultation), {**GOOD, "submission_key": key})
    client.post(create_url(open_consultation), {**GOOD, "submission_key": key})
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required"),
        ({"title": "x" * 121}, "title", "at most 120 characters"),
        ({"body": "trop court"}, "body", "at least 20 characters"),
        ({"body": "y" * 5001}, "body", "at most 5000 characters"),
        ({"body": "Bonjour <script>alert(1)</script> et merci beaucoup"}, "body", "HTML tags"),
        ({"title": "<b>Gras</b> et fier"}, "title", "HTML tags"),
        ({"tags": "a,b,c,d,e,f"}, "tags", "Five keywords at most"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, citizen, open_consultation, changes, field, message):
    client.cookies["portal_language"] = "en"
    client.force_login(citizen)
    response = client.post(create_url(open_consultation), {**GOOD, **changes})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Proposal.objects.exists()


def test_the_form_is_in_french_by_default(client, citizen, open_consultation):
    client.force_login(citizen)
    response = client.post(create_url(open_consultation), {**GOOD, "body": "<i>texte</i> assez long pour passer"})
    assert "balises HTML" in response.content.decode()


def test_anonymous_visitors_are_told_to_sign_in(client, open_consultation):
    response = client.get(create_url(open_consultation))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("account_login") in html
    response = client.post(create_url(open_consultation), GOOD)
    assert not Proposal.objects.exists()


def test_csrf_less_posts_are_refused(citizen, open_consultation):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert client.post(create_url(open_consultation), GOOD).status_code == 403
    assert not Proposal.objects.exists()


def test_no_proposal_once_the_phase_is_over(client, citizen, make_consultation):
    consultation = make_consultation("deliberation")
    client.force_login(citizen)
    response = client.post(create_url(consultation), GOOD)
    assert response.status_code == 403
    assert "Le dépôt de propositions n&#x27;est pas ouvert en ce moment." in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.shared_cache
def test_posting_is_rate_limited_per_user(client, citizen, open_consultation):
    client.force_login(citizen)
    for number in range(5):
        client.post(create_url(open_consultation), {**GOOD, "title": f"Proposition numéro {number}", "body": f"{GOOD['body']} ({number})"})
    client.cookies["portal_language"] = "en"
    response = client.post(create_url(open_consultation), {**GOOD, "title": "Une de trop"})
    assert "posting too fast" in response.content.decode()
    assert Proposal.objects.count() == 5


def test_support_then_withdraw(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation)
    client.force_login(citizen)
    url = reverse("consultations:proposal_support", args=[proposal.pk])
    client.post(url)
    client.post(url)
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and Support.objects.count() == 1
    client.post(url, {"action": "withdraw"})
    proposal.refresh_from_db()
    assert proposal.support_count == 0 and not Support.objects.exists()


def test_authors_cannot_support_their_own_proposal(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation, author=citizen)
    client.force_login(citizen)
    client.post(reverse("consultations:proposal_support", args=[proposal.pk]))
    assert not Support.objects.exists()


def test_author_edits_until_the_first_support(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation, author=citizen)
    client.force_login(citizen)
    edit_url = reverse("consultations:proposal_edit", args=[proposal.pk])
    client.post(edit_url, {**GOOD, "title": "Des casiers bien plus grands"})
    proposal.refresh_from_db()
    assert proposal.title == "Des casiers bien plus grands"
    SupportFactory(proposal=proposal)
    client.post(edit_url, {**GOOD, "title": "Encore un changement"})
    proposal.refresh_from_db()
    assert proposal.title == "Des casiers bien plus grands"


def test_only_the_author_edits(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation, title="Des casiers plus grands")
    client.force_login(citizen)
    client.post(reverse("consultations:proposal_edit", args=[proposal.pk]), {**GOOD, "title": "Piratage du titre"})
    proposal.refresh_from_db()
    assert proposal.title == "Des casiers plus grands"


def test_author_withdraws_and_the_proposal_stays_readable(client, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation, author=citizen)
    client.force_login(citizen)
    client.post(reverse("consultations:proposal_withdraw", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_links_in_a_proposal_become_clickable_and_markup_never_renders(client, open_consultation):
    proposal = ProposalFactory(
        consultation=open_consultation, body="Voir le plan sur https://exemple.fr/plan et\nmerci d'avance."
    )
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert '<a href="https://exemple.fr/plan" rel="nofollow">https://exemple.fr/plan</a>' in html
    assert "et<br>merci" in html


@pytest.mark.parametrize("sort", ["newest", "supported", "discussed", "random"])
def test_every_sort_lists_every_published_proposal(client, open_consultation, sort):
    ProposalFactory.create_batch(3, consultation=open_consultation)
    response = client.get(reverse("consultations:proposal_list", args=[open_consultation.pk]), {"sort": sort})
    assert response.context["proposals"].paginator.count == 3


def test_random_order_is_stable_for_one_visitor(client, open_consultation):
    ProposalFactory.create_batch(30, consultation=open_consultation)
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    first = [p.pk for p in client.get(url).context["proposals"]]
    second = [p.pk for p in client.get(url).context["proposals"]]
    assert first == second
    newest_first = [p.pk for p in client.get(url, {"sort": "newest"}).context["proposals"]]
    assert first != newest_first


def test_search_finds_words_of_the_title_and_body(client, open_consultation):
    ProposalFactory(consultation=open_consultation, title="Un sauna finlandais", body="Ouvrir un sauna dans l'espace bien-être de la piscine.")
    ProposalFactory(consultation=open_consultation, title="Des horaires du soir", body="Ouvrir le bassin jusqu'à 22 heures en semaine.")
    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    found = [Proposal.objects.get(pk=p.pk).title for p in client.get(url, {"q": "sauna"}).context["proposals"]]
    assert found == ["Un sauna finlandais"]


def test_proposals_of_a_private_or_unpublished_consultation_are_not_shown(client, citizen, make_consultation):
    from wagtail.models import PageViewRestriction

    private, withdrawn = make_consultation("proposals"), make_consultation("proposals")
    proposals = [ProposalFactory(consultation=consultation, author=citizen) for consultation in (private, withdrawn)]
    for proposal in proposals:  # seen once, so remembered
        assert client.get(proposal.get_absolute_url()).status_code == 200
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    withdrawn.unpublish()
    for consultation, proposal in zip((private, withdrawn), proposals, strict=True):
        assert client.get(proposal.get_absolute_url()).status_code == 404
        assert client.get(reverse("consultations:proposal_list", args=[consultation.pk])).status_code == 404
