import re

import pytest
from freshness.versions import CONTENT, bump
from django.test import Client
from django.urls import reverse

from consultations.models import Ballot, ConsultationPage
from consultations.services.voting import ballot_projects, cast_ballot
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


def test_a_ballot_submission_reads_the_projects_once(client, citizen, budget_vote):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b, _c, _d = ids(budget_vote)
    client.force_login(citizen)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(ballot_url(budget_vote), {"projects": [a, b]})
    assert response.status_code == 302
    project_reads = [q["sql"] for q in queries.captured_queries if 'FROM "consultations_localprojectpage"' in q["sql"]]
    assert len(project_reads) == 1


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
    assert "This ballot is counted" in client.post(url, {"code": ballot.receipt.lower()}).content.decode()
    assert "No ballot has this receipt" in client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()
    assert "This ballot is counted" in client.post(url, {"code": ballot.receipt.replace("-", "\u2013 ")}).content.decode()


def test_receipt_check_is_a_form_posted_with_a_csrf_token(citizen, budget_vote):
    ballot = BallotFactory(consultation=budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    client = Client(enforce_csrf_checks=True)
    url = reverse("consultations:receipt_check")
    page = client.get(url).content.decode()
    assert re.search(r'<form method="post" action="/bulletin/verifier/"', page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(url, {"code": ballot.receipt}).status_code == 403
    response = client.post(url, {"code": ballot.receipt, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response.context["ballot"] == ballot


def test_a_receipt_in_the_address_fills_the_form_but_reveals_nothing(client, citizen, budget_vote):
    ballot = BallotFactory(consultation=budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    client.cookies["portal_language"] = "en"
    url = reverse("consultations:receipt_check")
    for code in (ballot.receipt, "AAAA-BBBB-CCCC-DDDD"):
        html = client.get(url, {"code": code}).content.decode()
        assert f'value="{code}"' in html
        assert "Press “Check” to check it." in html
        assert "This ballot is counted" not in html and "No ballot has this receipt" not in html


def test_the_ballot_page_checks_its_receipt_without_putting_it_in_an_address(client, citizen, budget_vote):
    ballot = BallotFactory(consultation=budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    client.force_login(citizen)
    html = client.get(ballot_url(budget_vote)).content.decode()
    assert ballot.receipt in html
    assert f"?code={ballot.receipt}" not in html
    assert f'<input type="hidden" name="code" value="{ballot.receipt}">' in html


def test_receipt_guessing_is_throttled_per_client_address(citizen, budget_vote):
    ballot = BallotFactory(consultation=budget_vote, voter=citizen, choices=[(ids(budget_vote)[0], 1)])
    url = reverse("consultations:receipt_check")
    for attempt in range(20):
        assert Client().post(url, {"code": f"AAAA-BBBB-CCCC-{attempt:04d}"}).status_code == 200
    # A fresh client (new cookies, new session) behind the same address is still throttled.
    client = Client()
    client.cookies["portal_language"] = "en"
    response = client.post(url, {"code": ballot.receipt})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many receipts were checked" in html
    assert "This ballot is counted" not in html
    assert Client(REMOTE_ADDR="203.0.113.9").post(url, {"code": ballot.receipt}).status_code == 200


def test_receipt_guessing_is_throttled_per_account_across_addresses(client, citizen, budget_vote):
    client.force_login(citizen)
    url = reverse("consultations:receipt_check")
    for attempt in range(20):
        response = client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR=f"203.0.113.{attempt}")
        assert response.status_code == 200
    assert client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR="198.51.100.1").status_code == 429


def test_the_throttle_message_is_translated(client, budget_vote):
    url = reverse("consultations:receipt_check")
    for _attempt in range(21):
        response = client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 429
    assert "Trop de récépissés" in response.content.decode()


def test_deadline_calendar_file(client, budget_vote):
    response = client.get(reverse("consultations:deadline_ics", args=[budget_vote.pk]))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in body and "DTSTART:" in body
    assert budget_vote.vote_closes_at.strftime("%Y%m%dT%H%M") in body


@pytest.fixture
def points_vote(make_consultation):
    return make_consultation("vote", vote_method=Method.POINTS, points_per_voter=5, projects=[1, 1])


def english(client, user):
    client.cookies["portal_language"] = "en"
    client.force_login(user)


@pytest.mark.parametrize(
    ("projects", "message"),
    [
        (lambda own, other: ["²"], "This ballot names a project that is not on the ballot."),
        (lambda own, other: ["9" * 4301], "This ballot names a project that is not on the ballot."),
        (lambda own, other: [own[0], other[0]], "This ballot names a project that is not on the ballot."),
        (lambda own, other: [own[0], "999999"], "This ballot names a project that is not on the ballot."),
        (lambda own, other: [own[0], own[0]], "A project appears twice on this ballot."),
        (lambda own, other: [own[0], own[3]], "over the budget"),
        (lambda own, other: [], "Your ballot is empty"),
    ],
)
def test_a_tampered_budget_ballot_is_refused_with_a_message(
    client, citizen, budget_vote, make_consultation, projects, message
):
    other = make_consultation("vote", vote_method=Method.BUDGET, budget=10, projects=[1])
    english(client, citizen)
    response = client.post(ballot_url(budget_vote), {"projects": projects(ids(budget_vote), ids(other))})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_an_approval_ballot_over_the_limit_is_refused(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.APPROVAL, max_choices=1, projects=[1, 1])
    english(client, citizen)
    response = client.post(ballot_url(consultation), {"projects": ids(consultation)})
    assert response.status_code == 400
    assert "You may choose at most 1 project." in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda a, b, other: {f"points-{a}": "-2", f"points-{b}": "3"}, "Give each project from 0 to 5 points."),
        (lambda a, b, other: {f"points-{a}": "abc"}, "Points are whole numbers."),
        (lambda a, b, other: {f"points-{a}": "²"}, "Points are whole numbers."),
        (lambda a, b, other: {f"points-{a}": "1.5"}, "Points are whole numbers."),
        (lambda a, b, other: {f"points-{a}": "9" * 4301}, "Points are whole numbers."),
        (lambda a, b, other: {f"points-{a}": ["1", "2"]}, "A project appears twice on this ballot."),
        (lambda a, b, other: {f"points-{a}": "1", "points-999999": "1"}, "not on the ballot"),
        (lambda a, b, other: {f"points-{a}": "1", f"points-{other}": "1"}, "not on the ballot"),
        (lambda a, b, other: {f"points-{a}": "4", f"points-{b}": "3"}, "You gave 7 points but have only 5."),
        (lambda a, b, other: {f"points-{a}": "0", f"points-{b}": ""}, "Your ballot is empty"),
    ],
)
def test_a_tampered_points_ballot_is_refused_with_a_message(
    client, citizen, points_vote, make_consultation, data, message
):
    other = make_consultation("vote", vote_method=Method.POINTS, points_per_voter=5, projects=[1])
    a, b = ids(points_vote)
    english(client, citizen)
    response = client.post(ballot_url(points_vote), data(a, b, ids(other)[0]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda a, b: {f"project-{a}": "maybe"}, "Answer for, against or abstain."),
        (lambda a, b: {f"project-{a}": ["for", "against"]}, "A project appears twice on this ballot."),
        (lambda a, b: {f"project-{a}": "for", "project-999999": "for"}, "not on the ballot"),
        (lambda a, b: {f"project-{a}": "", f"project-{b}": ""}, "Your ballot is empty"),
    ],
)
def test_a_tampered_for_against_ballot_is_refused_with_a_message(client, citizen, make_consultation, data, message):
    consultation = make_consultation("vote", vote_method=Method.FOR_AGAINST, projects=[1, 1])
    english(client, citizen)
    response = client.post(ballot_url(consultation), data(*ids(consultation)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_refused_points_ballot_comes_back_as_it_was_filled_in(client, citizen, points_vote):
    a, b = ids(points_vote)
    english(client, citizen)
    html = client.post(ballot_url(points_vote), {f"points-{a}": "-2", f"points-{b}": "3"}).content.decode()
    assert f'name="points-{a}" id="points-{a}" value="-2"' in html
    assert f'name="points-{b}" id="points-{b}" value="3"' in html


def test_a_refused_for_against_ballot_comes_back_as_it_was_filled_in(client, citizen, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.FOR_AGAINST, projects=[1, 1])
    a, b = ids(consultation)
    english(client, citizen)
    html = client.post(ballot_url(consultation), {f"project-{a}": "against", f"project-{b}": "maybe"}).content.decode()
    assert f'name="project-{a}" value="against" checked' in html
    assert f'name="project-{b}" value="" checked' in html


def test_a_refused_budget_ballot_comes_back_with_the_projects_ticked(client, citizen, budget_vote):
    a, b, c, d = ids(budget_vote)
    english(client, citizen)
    html = client.post(ballot_url(budget_vote), {"projects": [a, d]}).content.decode()
    ticked = re.findall(r'<input type="checkbox" name="projects" value="(\d+)"[^>]* checked', html)
    assert ticked == [str(a), str(d)]
    assert "Your choices cost 110,000" in html


def test_the_ballot_page_shows_the_stored_points_and_answers(client, citizen, points_vote, make_consultation):
    a, b = ids(points_vote)
    cast_ballot(points_vote, voter=citizen, choices=[(a, 4), (b, 1)])
    stances = make_consultation("vote", vote_method=Method.FOR_AGAINST, projects=[1, 1])
    c, d = ids(stances)
    cast_ballot(stances, voter=citizen, choices=[(c, -1), (d, 0)])
    english(client, citizen)
    html = client.get(ballot_url(points_vote)).content.decode()
    assert f'id="points-{a}" value="4"' in html and f'id="points-{b}" value="1"' in html
    assert "Points given: 5 out of 5." in html
    html = client.get(ballot_url(stances)).content.decode()
    assert f'name="project-{c}" value="against" checked' in html
    assert f'name="project-{d}" value="abstain" checked' in html


def test_the_calendar_file_folds_long_lines_and_reads_back_the_title(client, make_consultation):
    import icalendar

    title = "Rénovation de la piscine Jean-Bouin ; bassins, vestiaires, accès et été : donnez votre avis"
    consultation = make_consultation("vote", title=title, vote_method=Method.BUDGET, budget=10, projects=[1])
    response = client.get(reverse("consultations:deadline_ics", args=[consultation.pk]))
    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).endswith(f" : {title}")
    assert event["DTSTART"].dt == consultation.vote_closes_at.replace(microsecond=0)


def test_the_results_of_a_budget_vote_say_which_projects_are_funded_and_why_and_compare_the_rules(
    client, make_consultation
):
    """Six voters want A and B, four want C; 100 € for three projects of 50 €. Greedy funds the
    two most voted (A and B); the Method of Equal Shares gives the four their share: A and C."""
    consultation = make_consultation("vote", vote_method=Method.BUDGET, budget=100, projects=[50, 50, 50])
    a, b, c = ids(consultation)
    for _n in range(6):
        BallotFactory(consultation=consultation, choices=[(a, 1), (b, 1)])
    for _n in range(4):
        BallotFactory(consultation=consultation, choices=[(c, 1)])
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        vote_closes_at=consultation.vote_opens_at + (consultation.vote_closes_at - consultation.vote_opens_at) / 1000
    )
    response = client.get(reverse("consultations:results", args=[consultation.pk]))
    funding = response.context["funding"]
    assert [row.project.pk for row in funding.funded] == [a, c]
    assert [(row.project.pk, row.rejection.reason, row.funded_by_other_rule) for row in funding.not_funded] == [
        (b, "not_enough_money", True)
    ]
    assert funding.budget_used == 100 and funding.differs
    page = " ".join(response.content.decode().split())
    assert "Règle : <strong>Méthode des parts égales</strong>. 100 € du budget de 100 € sont utilisés." in page
    assert "chacun des 10 votants disposait de" in page
    assert "financé par ses 6 soutiens, pour" in page
    assert "il ne restait à ses soutiens que" in page
    assert "Ce que chaque règle financerait : elles diffèrent" in page

    # Had the editor chosen greedy before the vote (the page refuses the change now: see
    # test_the_rule_and_the_budget_are_locked_once_the_vote_has_opened).
    ConsultationPage.objects.filter(pk=consultation.pk).update(budget_rule=ConsultationPage.BudgetRule.GREEDY)
    bump(CONTENT)
    funding = client.get(reverse("consultations:results", args=[consultation.pk])).context["funding"]
    assert sorted(row.project.pk for row in funding.funded) == sorted([a, b])
    assert [(row.project.pk, row.rejection.reason) for row in funding.not_funded] == [(c, "did_not_fit")]


def test_the_ballot_page_names_the_rule_that_will_decide(client, citizen, budget_vote):
    client.force_login(citizen)
    page = " ".join(client.get(ballot_url(budget_vote)).content.decode().split())
    assert "désignés à partir de tous les bulletins par cette règle : Méthode des parts égales." in page
