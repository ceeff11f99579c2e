"""The public "Suivi des réalisations" page of a site, and the timeline on each adopted item's page."""

import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.images import get_image_model

from consultations.models import BoardDecision, ImplementationIndexPage, ImplementationUpdate
from consultations.services.implementation import add_update
from tests.consultations.followups import decided, decided_proposal
from tests.consultations.other_sites import campsite
from tests.factories import FacilityFactory, LocalProjectPageFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db

Stage = ImplementationUpdate.Stage


def _png():
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "#1d4f91").save(output, "PNG")
    return output.getvalue()


PNG = _png()


@pytest.fixture
def follow_up_page(home_page):
    page = home_page.add_child(instance=ImplementationIndexPage(title="Suivi des réalisations", slug="suivi"))
    page.save_revision().publish()
    return page


@pytest.fixture
def places():
    return {
        "pool": FacilityFactory(name="Piscine de Port-Fluvial"),
        "rink": FacilityFactory(name="Patinoire des Tanneurs"),
        "port": NeighbourhoodFactory(name="Port-Fluvial"),
        "tanneurs": NeighbourhoodFactory(name="Les Tanneurs"),
    }


@pytest.fixture
def items(make_consultation, places, moderator):
    """Two consultations of the default site: shades done and a proposal under way at the pool,
    a rink project adopted the year before, without news; and what must not be listed."""
    pool = make_consultation("decision", facility=places["pool"], title="Abords de la piscine")
    pool.neighbourhoods.add(places["port"])
    pool.save()
    rink = make_consultation("decision", facility=places["rink"], title="Patinoire rénovée")
    rink.neighbourhoods.add(places["tanneurs"])
    rink.save()
    shades = decided(
        LocalProjectPageFactory(parent=pool, title="Des ombrières"), budget_granted=130000,
        meeting_date=datetime.date(2026, 3, 12),
    )
    add_update(shades, by=moderator, date=datetime.date(2026, 5, 20), stage=Stage.DONE, percent=100,
               text="Ombrières posées au-dessus des plages.")
    proposal = decided_proposal(pool, budget_granted=20000, meeting_date=datetime.date(2026, 3, 12))
    proposal.proposal.neighbourhood = places["tanneurs"]
    proposal.proposal.title = "Des casiers connectés"
    proposal.proposal.save()
    add_update(proposal, by=moderator, date=datetime.date(2026, 4, 2), stage=Stage.IN_PROGRESS, percent=40,
               text="Casiers commandés.")
    rink_project = decided(
        LocalProjectPageFactory(parent=rink, title="Un vestiaire familial"), meeting_date=datetime.date(2025, 11, 5),
    )
    decided(LocalProjectPageFactory(parent=pool, title="Du beach-volley"), outcome=BoardDecision.Outcome.REJECTED)
    decided(LocalProjectPageFactory(parent=pool, title="Un snack"), outcome=BoardDecision.Outcome.DEFERRED)
    _moderator, _editor, elsewhere = campsite()
    decided(LocalProjectPageFactory(parent=elsewhere, title="Des emplacements vélo"))
    return {"shades": shades, "proposal": proposal, "rink": rink_project}


def listed(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_lists_the_adopted_items_of_its_own_site_with_their_progress(client, follow_up_page, items):
    html, titles = listed(client, follow_up_page)

    assert titles == ["Des ombrières", "Des casiers connectés", "Un vestiaire familial"]
    assert "Du beach-volley" not in html and "Un snack" not in html and "vélo" not in html
    assert "Abords de la piscine" in html and "Piscine de Port-Fluvial" in html
    assert "Ombrières posées au-dessus des plages." in html and "20 mai 2026" in html
    assert "130\u00a0000\u00a0€" in html
    assert "Réalisé" in html and "En cours" in html and "Pas encore commencé" in html


def test_the_summary_counts_items_done_under_way_and_the_budget_granted(client, follow_up_page, items):
    html, _titles = listed(client, follow_up_page)
    figures = re.findall(r'<span class="key-figures__value">([^<]*)</span>\s*([^<]*)</li>', html)

    assert [(value, label.strip()) for value, label in figures] == [
        ("3", "projets retenus"), ("1", "réalisé"), ("1", "en cours"), ("150\u00a0000\u00a0€", "de budget accordé"),
    ]


def test_progress_bars_are_native_and_say_their_figure_in_text(client, follow_up_page, items):
    html, _titles = listed(client, follow_up_page)

    bars = re.findall(r'<progress class="progress__bar" max="100" value="(\d+)" aria-label="Pourcentage réalisé">([^<]*)<', html)
    assert bars == [("100", "100\u00a0%"), ("40", "40\u00a0%")]
    figures = re.findall(r'<span class="progress__figure">([^<]*)</span>', html)
    assert figures == ["100\u00a0% réalisés", "40\u00a0% réalisés"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("facility={rink}", ["Un vestiaire familial"]),
        ("neighbourhood={tanneurs}", ["Des casiers connectés", "Un vestiaire familial"]),
        ("neighbourhood={port}", ["Des ombrières", "Des casiers connectés"]),
        ("year=2025", ["Un vestiaire familial"]),
        ("year=2026&facility={pool}", ["Des ombrières", "Des casiers connectés"]),
        ("year=1990&facility=abc&neighbourhood=%00", ["Des ombrières", "Des casiers connectés", "Un vestiaire familial"]),
    ],
)
def test_filters_by_facility_neighbourhood_and_year(client, follow_up_page, items, places, query, expected):
    ids = {name: place.pk for name, place in places.items()}
    _html, titles = listed(client, follow_up_page, "?" + query.format(**ids))
    assert titles == expected


def test_the_filter_form_works_without_javascript_and_labels_its_fields(client, follow_up_page, items):
    html, _titles = listed(client, follow_up_page, "?year=2025")

    assert '<form method="get" class="filters"' in html
    for name in ("facility", "neighbourhood", "year"):
        assert f'<label for="filter-{name}">' in html and f'id="filter-{name}"' in html
    assert '<option value="2025" selected>2025</option>' in html and '<option value="2026">2026</option>' in html


# Once its route and the lists of places are kept: the versions of the site's consultations, their
# ids, their view restrictions, the years offered, the count for the pager, the summary, the site
# root paths (Wagtail's cache), the page of items and their consultations' neighbourhoods.
QUERIES = 9


def test_costs_the_same_queries_whatever_the_number_of_items(client, follow_up_page, items, make_consultation, moderator):
    def count():
        client.get(follow_up_page.url)
        with CaptureQueriesContext(connection) as context:
            client.get(follow_up_page.url)
        return len(context.captured_queries)

    assert count() == QUERIES
    more = make_consultation("decision")
    for number in range(6):
        decision = decided(LocalProjectPageFactory(parent=more, title=f"Projet {number}"), budget_granted=1000)
        add_update(decision, by=moderator, date=datetime.date(2026, 6, 1), stage=Stage.IN_PROGRESS, percent=10,
                   text="Commencé.")
    assert count() == QUERIES


def test_there_is_one_follow_up_page_per_site(follow_up_page, home_page):
    assert not ImplementationIndexPage.can_create_at(home_page)


def test_a_local_projects_page_shows_its_timeline_newest_first(client, items):
    project = items["shades"].local_project
    add_update(items["shades"], by=items["shades"].updates.first().created_by, date=datetime.date(2026, 4, 1),
               stage=Stage.IN_PROGRESS, percent=50, text="Mâts scellés.")

    html = client.get(project.url).content.decode()

    section = html[html.index('<section class="implementation"'):]
    assert section.index("20 mai 2026") < section.index("1er avril 2026")
    assert "Ombrières posées au-dessus des plages." in section and "Mâts scellés." in section
    assert "Réalisé, 100\u00a0%" in section and "En cours, 50\u00a0%" in section
    assert 'value="100"' in section


def test_a_photo_of_an_update_is_shown_with_its_description_as_alternative_text(client, items, moderator):
    photo = get_image_model().objects.create(
        title="chantier.png", description="Le bassin coulé, vu depuis la plage nord",
        file=ImageFile(io.BytesIO(PNG), name="chantier.png"),
    )
    add_update(items["rink"], by=moderator, date=datetime.date(2026, 2, 1), stage=Stage.IN_PROGRESS, percent=20,
               text="Dalle coulée.", photo=photo)

    html = client.get(items["rink"].local_project.url).content.decode()

    assert re.search(r'<img alt="Le bassin coulé, vu depuis la plage nord"[^>]*src="[^"]*chantier', html)


def test_a_proposals_page_shows_its_timeline(client, items):
    proposal = items["proposal"].proposal

    html = client.get(proposal.get_absolute_url()).content.decode()

    assert "Casiers commandés." in html and "En cours, 40\u00a0%" in html


def test_an_item_not_adopted_shows_no_timeline(client, make_consultation):
    rejected = decided(consultation=make_consultation("decision"), outcome=BoardDecision.Outcome.REJECTED)

    html = client.get(rejected.local_project.url).content.decode()

    assert 'class="implementation"' not in html


def test_a_new_update_shows_at_once_on_the_follow_up_page_and_the_items_page(client, follow_up_page, items, moderator, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    project = items["rink"].local_project
    client.get(follow_up_page.url), client.get(project.url)

    add_update(items["rink"], by=moderator, date=datetime.date(2026, 1, 15), stage=Stage.PLANNED, percent=0,
               text="Marché de travaux attribué.")

    assert "Marché de travaux attribué." in client.get(follow_up_page.url).content.decode()
    assert "Marché de travaux attribué." in client.get(project.url).content.decode()
