"""The elected officials' dashboard (/admin/officials/): every consultation of every site with its
participation, outcome and decisions, filtered, sorted, for those who may read results; reachable
from the admin home and from the public site's header."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from consultations.models import BoardDecision, ConsultationIndexPage, ConsultationPage, LocalProjectPage
from home.models import HomePage
from tests.factories import (
    BallotFactory,
    ConsultationPageFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/officials/"
NB = "\u00a0"  # French puts a no-break space before a colon and inside « »


@pytest.fixture
def rink(home_page):
    """A second site, the ice rink, with its list of consultations."""
    root = Page.objects.get(depth=1)
    rink_home = root.add_child(instance=HomePage(title="Patinoire", slug="patinoire"))
    site = Site.objects.create(hostname="patinoire.example.fr", port=80, root_page=rink_home, site_name="Patinoire")
    index = rink_home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    return site, index


def make_in(index, phase, **fields):
    return ConsultationPage.objects.get(pk=ConsultationPageFactory(parent=index, phase=phase, **fields).pk)


@pytest.fixture
def rink_vote(rink):
    """A closed approval vote on the rink's site, last year: two ballots for « Nocturnes »."""
    _site, index = rink
    vote = make_in(
        index, "results", title="Soirées sur glace", slug="soirees",
        vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=1, projects=[1_000, 2_000],
    )
    first, second = LocalProjectPage.objects.child_of(vote).order_by("path")
    LocalProjectPage.objects.filter(pk=second.pk).update(title="Nocturnes")
    Page.objects.filter(pk=second.pk).update(title="Nocturnes")
    BallotFactory(consultation=vote, choices=[(second, 1)])
    BallotFactory(consultation=vote, choices=[(second, 1)])
    BallotFactory(consultation=vote, choices=[(first, 1)])
    last_year = timezone.localtime().replace(year=timezone.localdate().year - 1)
    ConsultationPage.objects.filter(pk=vote.pk).update(vote_closes_at=last_year, decision_at=None)
    ConsultationPage.objects.filter(pk=vote.pk).update(
        proposals_opens_at=last_year - timedelta(days=40), proposals_closes_at=last_year - timedelta(days=30),
        vote_opens_at=last_year - timedelta(days=10),
    )
    return ConsultationPage.objects.get(pk=vote.pk)


@pytest.fixture
def pool(make_consultation):
    """A consultation collecting proposals on the default site, this year: two people."""
    consultation = make_consultation("proposals", title="Horaires des piscines")
    ProposalFactory(consultation=consultation, supporters=1)
    return consultation


def official_client(client, elected_official):
    client.force_login(elected_official)
    return client


def body_rows(html):
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', body)


def test_an_official_reads_every_sites_consultations_with_their_figures(client, elected_official, pool, rink_vote):
    html = official_client(client, elected_official).get(URL).content.decode()
    assert set(body_rows(html)) == {"Horaires des piscines", "Soirées sur glace"}
    assert 'href="http://patinoire.example.fr/consultations/soirees/"' in html
    # The rink's vote: three voters, the first project « Nocturnes » with two approvals.
    assert f"Premier{NB}: «{NB}Nocturnes{NB}» (2 approbations)" in html
    assert "Vote pas encore clos" not in html
    # Totals: one per site, then every site, each person counted once.
    assert f"Total pour Patinoire{NB}: 1 consultation" in html
    assert f"Toutes les consultations listées{NB}: 2 consultations" in html
    assert re.search(r"Toutes les consultations listées.*?<td class=\"officials-number\">5</td>", html, re.S)
    assert '<table class="listing officials-table">' in html and "<caption" in html


def test_the_site_and_year_filters_narrow_the_list(client, elected_official, pool, rink_vote, rink):
    client = official_client(client, elected_official)
    site, _index = rink
    assert body_rows(client.get(URL, {"site": site.pk}).content.decode()) == ["Soirées sur glace"]
    html = client.get(URL, {"year": timezone.localdate().year}).content.decode()
    assert body_rows(html) == ["Horaires des piscines"]
    assert f'<option value="{timezone.localdate().year - 1}">' in html
    assert '<label class="w-field__label" for="officials-year">' in html


def test_a_column_heading_sorts_and_says_so(client, elected_official, pool, rink_vote):
    client = official_client(client, elected_official)
    html = client.get(URL, {"sort": "-participants"}).content.decode()
    assert body_rows(html) == ["Soirées sur glace", "Horaires des piscines"]
    assert re.search(r'<th scope="col" class="officials-number" aria-sort="descending"><a href="[^"]*sort=participants"', html)
    assert html.count("aria-sort=") == 1
    assert body_rows(client.get(URL, {"sort": "participants"}).content.decode()) == [
        "Horaires des piscines", "Soirées sur glace",
    ]
    assert body_rows(client.get(URL, {"sort": "title"}).content.decode()) == [
        "Horaires des piscines", "Soirées sur glace",
    ]
    # An unknown sort falls back to the newest first.
    assert body_rows(client.get(URL, {"sort": "password"}).content.decode()) == [
        "Horaires des piscines", "Soirées sur glace",
    ]


def test_decisions_and_their_implementation_are_summed_up(client, elected_official, rink_vote):
    first, second = LocalProjectPage.objects.child_of(rink_vote).order_by("path")
    BoardDecision.objects.create(consultation=rink_vote, local_project=second, outcome="adopted",
                                 meeting_date=date(2026, 1, 10), stage="done", progress=100)
    BoardDecision.objects.create(consultation=rink_vote, local_project=first, outcome="rejected",
                                 meeting_date=date(2026, 1, 10))
    html = official_client(client, elected_official).get(URL).content.decode()
    assert (f'2 décisions enregistrées<span class="officials-detail">1 adoptée, '
            f"mise en œuvre achevée{NB}: 1 sur 1</span>") in html


def test_a_closed_budget_vote_shows_what_it_funds(client, elected_official, make_consultation):
    vote = make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000, projects=[40_000, 50_000, 70_000],
    )
    projects = list(LocalProjectPage.objects.child_of(vote).order_by("path"))
    for _ in range(3):
        BallotFactory(consultation=vote, choices=[(projects[0], 1), (projects[1], 1)])
    ConsultationPage.objects.filter(pk=vote.pk).update(vote_closes_at=timezone.now() - timedelta(days=1))
    html = official_client(client, elected_official).get(URL).content.decode()
    assert f"2 projets financés, 90{NB}000{NB}€ sur 100{NB}000{NB}€" in html


def test_a_closed_points_vote_without_a_budget_shows_its_first_project(client, elected_official, make_consultation):
    vote = make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.POINTS, points_per_voter=10, projects=[1_000, 2_000],
    )
    first, second = LocalProjectPage.objects.child_of(vote).order_by("path")
    BallotFactory(consultation=vote, choices=[(first, 3), (second, 7)])
    BallotFactory(consultation=vote, choices=[(first, 6), (second, 4)])
    ConsultationPage.objects.filter(pk=vote.pk).update(vote_closes_at=timezone.now() - timedelta(days=1))
    html = official_client(client, elected_official).get(URL).content.decode()
    assert f"Premier{NB}: «{NB}{second.title}{NB}» (11 points)" in html


def test_turnout_shows_as_a_percentage_or_a_dash(client, elected_official, make_consultation):
    vote = make_consultation(
        "vote", vote_method=ConsultationPage.VoteMethod.APPROVAL, max_choices=1, projects=[1_000],
        audience=ConsultationPage.Audience.RESIDENTS, title="Vote des résidents",
    )
    residents = [
        UserFactory(is_verified_resident=True, resident_verified_at=timezone.now()) for _ in range(8)
    ]
    BallotFactory(consultation=vote, voter=residents[0])
    make_consultation("proposals", title="Sans vote")
    html = official_client(client, elected_official).get(URL, {"sort": "title"}).content.decode()
    first, second = html.split("<tbody>")[1].split("</tr>")[:2]
    assert "Sans vote" in first and "—</span>" in first
    assert "Vote des résidents" in second and "12,5\u00a0%" in second


def test_the_chart_shows_participants_month_by_month_with_its_table(client, elected_official, pool):
    html = official_client(client, elected_official).get(URL).content.decode()
    assert "Participants mois par mois" in html
    month = timezone.localdate().strftime("%Y")
    assert re.search(rf"<th scope=\"row\">[a-zéû]+ {month}</th><td class=\"chart__number\">2</td>", html)


@pytest.mark.parametrize("role, status, location", [
    ("elected_official", 200, None), ("moderator", 200, None), ("superuser", 200, None),
    # Wagtail turns the view's PermissionDenied into a redirect to the admin's home, with a message.
    ("editor", 302, "/admin/"),
    ("citizen", 302, "/admin/login/?next=/admin/officials/"),
    ("anonymous", 302, "/admin/login/?next=/admin/officials/"),
])
def test_who_may_open_the_dashboard(client, request, role, status, location):
    if role == "superuser":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == status
    if location:
        assert response["Location"] == location


def test_the_menu_and_the_admin_home_lead_there_for_those_who_may_read_results(client, elected_official, editor, pool):
    client.force_login(elected_official)
    home = client.get("/admin/").content.decode()
    assert f'href="{URL}"' in home and "Voir le tableau de bord des élus" in home
    client.force_login(editor)
    assert f'href="{URL}"' not in client.get("/admin/").content.decode()


def test_the_public_header_links_to_it_for_officials_only(client, settings, home_page, elected_official, citizen):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    caches["pages"].clear()
    link = f'<a href="{URL}">Tableau de bord des élus</a>'
    client.force_login(elected_official)
    assert link in client.get("/").content.decode()
    client.force_login(citizen)
    assert link not in client.get("/").content.decode()
    client.logout()
    assert link not in client.get("/").content.decode()
    assert link not in client.get("/").content.decode()  # the kept copy
    caches["pages"].clear()


@pytest.mark.parametrize("number", [2, 6])
def test_the_dashboard_reads_as_many_queries_whatever_the_number_of_consultations(
    client, elected_official, make_consultation, number, request
):
    for n in range(number):
        consultation = make_consultation(
            "results" if n % 2 else "proposals",
            vote_method=ConsultationPage.VoteMethod.APPROVAL if n % 2 else ConsultationPage.VoteMethod.NONE,
            max_choices=1, projects=[1_000] if n % 2 else [],
            audience=ConsultationPage.Audience.RESIDENTS,
        )
        ProposalFactory(consultation=consultation, supporters=1)
        if n % 2:
            BallotFactory.create(consultation=consultation)
    client.force_login(elected_official)
    client.get(URL)  # the process keeps the sites' root paths and the user's permissions
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    assert len(context.captured_queries) == EXPECTED_QUERIES


# The session, the user and their permissions (5, with Wagtail's profile), the sites, the
# versions, the consultations, participation (the contributions, read once for every figure; the
# register of voters and the neighbourhoods it names), the approval votes' first projects, and
# what Wagtail's menu reads (locales, page, collection and site permissions).
EXPECTED_QUERIES = 16
