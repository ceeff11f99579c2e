import pytest
from django.urls import reverse

from consultations.models import Ballot, ConsultationPage
from consultations.services.voting import ballot_projects
from tests.factories import BallotFactory, UserFactory

pytestmark = pytest.mark.django_db
Method = ConsultationPage.VoteMethod


def ballot_url(consultation):
    return reverse("consultations:ballot", args=[consultation.pk])


def ids(consultation):
    return [p.pk for p in ballot_projects(consultation)]


def test_budget_ballot_page_shows_projects_and_costs(client, citizen, budget_vote):
    client.force_login(citizen)
    response = client.get(ballot_url(budget_vote))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Projet 1" in html and "data-cost=\"40000\"" in html


def test_vote_then_change_the_vote_and_keep_the_receipt(client, citizen, budget_vote):
    a, b, c, d = ids(budget_vote)
    client.force_login(citizen)
    client.post(ballot_url(budget_vote), {"projects": [a, b]})
    receipt = Ballot.objects.get().receipt
    client.post(ballot_url(budget_vote), {"projects": [c]})
    ballot = Ballot.objects.get()
    assert ballot.receipt == receipt
    assert list(ballot.choices.values_list("project_id", flat=True)) == [c]
    assert receipt in client.get(ballot_url(budget_vote)).content.decode()


def test_over_budget_ballot_comes_back_with_a_message_and_stores_nothing(client, citizen, budget_vote):
    a, b, c, d = ids(budget_vote)
    client.cookies["portal_language"] = "en"
    client.force_login(citizen)
    response = client.post(ballot_url(budget_vote), {"projects": [a, d]})
    assert response.status_code == 400
    assert "over the budget" in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"projects": ["999999"]},
        {"projects": ["abc"]},
        {"projects": ["-1"]},
        {},
    ],
)
def test_tampered_budget_forms_are_refused(client, citizen, budget_vote, data):
    client.force_login(citizen)
    assert client.post(ballot_url(budget_vote), data).status_code == 400
    assert not Ballot.objects.exists()


def test_duplicated_project_in_the_form_is_refused(client, citizen, budget_vote):
    a, *_ = ids(budget_vote)
    client.force_login(citizen)
    assert client.post(ballot_url(budget_vote), {"projects": [a, a]}).status_code == 400
    assert not Ballot.objects.exists()


def test_for_against_form(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.FOR_AGAINST, projects=[1, 1, 1])
    a, b, c = ids(consultation)
    client.force_login(citizen)
    client.post(ballot_url(consultation), {f"project-{a}": "for", f"project-{b}": "against", f"project-{c}": ""})
    assert dict(Ballot.objects.get().choices.values_list("project_id", "value")) == {a: 1, b: -1}
    assert client.post(ballot_url(consultation), {f"project-{a}": "maybe"}).status_code == 400


def test_points_form_refuses_negative_and_excess_points(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.POINTS, points_per_voter=5, projects=[1, 1])
    a, b = ids(consultation)
    client.force_login(citizen)
    assert client.post(ballot_url(consultation), {f"points-{a}": "-2", f"points-{b}": "3"}).status_code == 400
    assert client.post(ballot_url(consultation), {f"points-{a}": "4", f"points-{b}": "3"}).status_code == 400
    assert client.post(ballot_url(consultation), {f"points-{a}": "4", f"points-{b}": "1"}).status_code == 302
    assert dict(Ballot.objects.get().choices.values_list("project_id", "value")) == {a: 4, b: 1}


def test_vote_after_close_is_refused_with_an_explanation(client, citizen, make_consultation):
    consultation = make_consultation("results", vote_method=Method.BUDGET, budget=10, projects=[1])
    client.force_login(citizen)
    client.cookies["portal_language"] = "en"
    response = client.post(ballot_url(consultation), {"projects": ids(consultation)})
    assert response.status_code == 403
    assert "The vote is closed." in response.content.decode()
    assert not Ballot.objects.exists()


def test_anonymous_visitor_sees_how_to_take_part(client, budget_vote):
    response = client.get(ballot_url(budget_vote))
    assert response.status_code == 200
    assert reverse("account_login") in response.content.decode()


def test_unverified_citizen_is_told_how_to_become_eligible(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.APPROVAL, max_choices=1, projects=[1], audience="residents")
    client.force_login(citizen)
    client.cookies["portal_language"] = "en"
    response = client.get(ballot_url(consultation))
    assert response.status_code == 403
    assert "verified residents" in response.content.decode()
    assert reverse("consultations:account_profile") in response.content.decode()


def test_resident_outside_the_area_is_told_why(client, make_consultation):
    from django.utils import timezone

    consultation = make_consultation(
        "vote", vote_method=Method.APPROVAL, max_choices=1, projects=[1], audience="residents", eligible_postcodes="69003"
    )
    resident = UserFactory(is_verified_resident=True, resident_verified_at=timezone.now(), postcode="69007")
    client.force_login(resident)
    client.cookies["portal_language"] = "en"
    assert "residents of the areas it concerns" in client.get(ballot_url(consultation)).content.decode()


def test_results_hidden_during_the_vote_unless_live(client, budget_vote, make_consultation):
    url = reverse("consultations:results", args=[budget_vote.pk])
    assert "results" not in client.get(url).context or client.get(url).context.get("results") is None
    live = make_consultation("vote", vote_method=Method.BUDGET, budget=10, projects=[1], live_results=True)
    assert client.get(reverse("consultations:results", args=[live.pk])).context["provisional"] is True


def test_results_after_close_show_counts_and_shares(client, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.APPROVAL, max_choices=2, projects=[1, 1, 1])
    a, b, c = ids(consultation)
    for choices in ([a, b], [a], [a, c], [b]):
        BallotFactory(consultation=consultation, choices=[(pk, 1) for pk in choices])
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        vote_closes_at=consultation.vote_opens_at + (consultation.vote_closes_at - consultation.vote_opens_at) / 1000
    )
    response = client.get(reverse("consultations:results", args=[consultation.pk]))
    results = response.context["results"]
    assert results.ballots == 4
    assert [(row.project.pk, row.approvals) for row in results.rows] == [(a, 3), (b, 2), (c, 1)]
    assert results.rows[0].share == 0.75
    assert "75,0" in response.content.decode()


def test_receipt_check_confirms_a_counted_ballot(client, citizen, budget_vote):
    ballot = BallotFactory(consultation=budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    client.cookies["portal_language"] = "en"
    url = reverse("consultations:receipt_check")
    assert "This ballot is counted" in client.get(url, {"code": ballot.receipt.lower()}).content.decode()
    assert "No ballot has this receipt" in client.get(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()


def test_deadline_calendar_file(client, budget_vote):
    response = client.get(reverse("consultations:deadline_ics", args=[budget_vote.pk]))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body
    assert budget_vote.vote_closes_at.strftime("%Y%m%dT%H%M") in body
