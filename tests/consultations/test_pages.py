import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import Facility

pytestmark = pytest.mark.django_db


def test_consultation_page_shows_question_phase_and_next_deadline(client, open_consultation):
    client.cookies["portal_language"] = "en"
    html = client.get(open_consultation.url).content.decode()
    assert "Comment rénover la piscine Jean-Bouin ?" in html
    assert "Current phase: <strong>Proposals</strong>" in html
    assert "Proposals close" in html
    assert reverse("consultations:deadline_ics", args=[open_consultation.pk]) in html
    assert 'aria-current="step"' in html


def test_consultation_page_invites_anonymous_visitors_to_sign_in(client, open_consultation):
    client.cookies["portal_language"] = "en"
    html = client.get(open_consultation.url).content.decode()
    assert "Sign in or create an account to take part." in html


def test_signed_in_citizen_gets_the_proposal_button(client, citizen, open_consultation):
    client.force_login(citizen)
    html = client.get(open_consultation.url).content.decode()
    assert reverse("consultations:proposal_create", args=[open_consultation.pk]) in html


def test_list_puts_open_consultations_first_and_filters_by_status(client, make_consultation, consultation_index):
    closed = make_consultation("results", title="Ancienne consultation")
    upcoming = make_consultation("information", title="Consultation à venir")
    current = make_consultation("proposals", title="Consultation ouverte")
    response = client.get(consultation_index.url)
    titles = [page.title for page in response.context["consultations"]]
    assert titles[0] == "Consultation ouverte"
    assert set(titles) == {closed.title, upcoming.title, current.title}
    only_closed = client.get(consultation_index.url, {"status": "closed"}).context["consultations"]
    assert [page.title for page in only_closed] == ["Ancienne consultation"]
    only_upcoming = client.get(consultation_index.url, {"status": "upcoming"}).context["consultations"]
    assert [page.title for page in only_upcoming] == ["Consultation à venir"]


def test_list_filters_by_facility_and_tag(client, make_consultation, consultation_index):
    rink = Facility.objects.create(name="Patinoire des Tanneurs")
    on_ice = make_consultation("proposals", title="Glace", facility=rink)
    on_ice.tags.add("hiver")
    on_ice.save_revision().publish()
    make_consultation("proposals", title="Bassin")
    by_facility = client.get(consultation_index.url, {"facility": rink.pk}).context["consultations"]
    assert [page.title for page in by_facility] == ["Glace"]
    by_tag = client.get(consultation_index.url, {"tag": "hiver"}).context["consultations"]
    assert [page.title for page in by_tag] == ["Glace"]


def test_phase_dates_must_follow_each_other(make_consultation):
    consultation = make_consultation("proposals")
    consultation.vote_opens_at = consultation.proposals_opens_at
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "vote_opens_at" in error.value.message_dict


@pytest.mark.parametrize(
    ("method", "field"),
    [("approval", "max_choices"), ("budget", "budget"), ("points", "points_per_voter")],
)
def test_each_vote_method_needs_its_rule(make_consultation, method, field):
    consultation = make_consultation("vote", vote_method=method, **{field: 1})
    setattr(consultation, field, None)
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert field in error.value.message_dict


def test_decision_is_published_back_on_the_consultation(client, make_consultation):
    consultation = make_consultation("decision", decision="<p>Le conseil retient le projet 2.</p>")
    client.cookies["portal_language"] = "en"
    html = client.get(consultation.url).content.decode()
    assert "What was decided" in html and "Le conseil retient le projet 2." in html


def test_local_project_page_shows_cost_and_discussion(client, budget_vote):
    project = budget_vote.get_children().specific().first()
    client.cookies["portal_language"] = "en"
    html = client.get(project.url).content.decode()
    assert "Estimated cost" in html and "40,000" in html


def test_map_degrades_to_the_address_without_javascript(client, make_consultation):
    consultation = make_consultation("proposals", address="12 quai des Tanneurs, 69003 Lyon", latitude="45.7600", longitude="4.8400")
    html = client.get(consultation.url).content.decode()
    assert "12 quai des Tanneurs, 69003 Lyon" in html
    assert 'data-map data-lat="45.760000"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_a_new_neighbourhood_is_offered_in_the_filters_at_once(client, open_consultation, consultation_index):
    from django.urls import reverse

    from consultations.models import Neighbourhood

    url = reverse("consultations:proposal_list", args=[open_consultation.pk])
    client.get(url), client.get(consultation_index.url)  # lists of places now remembered
    Neighbourhood.objects.create(name="Les Brotteaux", postcodes="69006")
    assert "Les Brotteaux" in client.get(url).content.decode()
    assert "Les Brotteaux" in client.get(consultation_index.url).content.decode()
