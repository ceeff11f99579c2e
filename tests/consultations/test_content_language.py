"""The English switcher translates the interface only: English pages say so, and the French
content inside them is marked lang="fr" so that screen readers read it in French."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from consultations.models import ConsultationPage
from consultations.services.voting import ballot_projects

pytestmark = pytest.mark.django_db

NOTICE = "This page's content is written in French; the interface is translated."


def page_in(client, language, url):
    client.cookies["portal_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def language_of(element):
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else None


def languages_of(html, text):
    soup = BeautifulSoup(html, "html.parser").body  # a <title> cannot mark a language inside it
    found = soup.find_all(string=lambda s: s and text in s)
    assert found, text
    return {language_of(string.parent) for string in found}


def test_english_pages_with_french_content_say_so_near_the_top(client, open_consultation):
    html = page_in(client, "en", open_consultation.url)
    assert NOTICE in html
    assert html.index(NOTICE) < html.index("<h1")
    assert NOTICE not in page_in(client, "fr", open_consultation.url)


def test_interface_only_pages_carry_no_notice(client):
    assert NOTICE not in page_in(client, "en", reverse("consultations:receipt_check"))


def test_french_content_on_an_english_ballot_is_marked_french(client, citizen, budget_vote):
    client.force_login(citizen)
    project = ballot_projects(budget_vote)[0]
    ballot = page_in(client, "en", reverse("consultations:ballot", args=[budget_vote.pk]))
    assert NOTICE in ballot
    for text in (project.title, project.summary, budget_vote.title):
        assert languages_of(ballot, text) == {"fr"}, text


def test_french_project_titles_on_english_results_are_marked_french(client, budget_vote):
    ConsultationPage.objects.filter(pk=budget_vote.pk).update(
        vote_closes_at=budget_vote.vote_opens_at + (budget_vote.vote_closes_at - budget_vote.vote_opens_at) / 1000
    )
    project = ballot_projects(budget_vote)[0]
    results = page_in(client, "en", reverse("consultations:results", args=[budget_vote.pk]))
    assert NOTICE in results
    assert languages_of(results, project.title) == {"fr"}
