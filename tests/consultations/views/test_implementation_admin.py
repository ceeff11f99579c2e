"""The follow-up of adopted items in the admin: who sees it, who adds, corrects and deletes updates."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from consultations.models import BoardDecision, ImplementationUpdate
from consultations.services.implementation import add_update
from tests.consultations.followups import decided
from tests.consultations.other_sites import campsite
from tests.factories import LocalProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/implementation/"
DECISION = "/admin/implementation/{}/"
EDIT = "/admin/implementation/update/{}/"
DELETE = "/admin/implementation/update/{}/delete/"


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("decision", title="Abords de la piscine")


@pytest.fixture
def decision(consultation):
    return decided(LocalProjectPageFactory(parent=consultation, title="Des ombrières"), budget_granted=130000)


@pytest.fixture
def update(decision, moderator):
    return add_update(decision, by=moderator, date=datetime.date(2026, 4, 1), stage="in_progress", percent=40,
                      text="Mâts scellés.")


def posted(**fields):
    data = {"date": "2026-05-20", "stage": "done", "percent": "100", "text": "Ombrières posées.", "photo": ""}
    data.update(fields)
    return {f"update-{name}": value for name, value in data.items()}


@pytest.mark.parametrize(
    "role, lists, may_add",
    [("moderator", True, True), ("editor", True, True), ("elected_official", True, False)],
)
def test_staff_of_the_site_see_the_adopted_items_and_only_recorders_get_the_form(
    request, client, decision, consultation, role, lists, may_add
):
    decided(LocalProjectPageFactory(parent=consultation, title="Du beach-volley"), outcome=BoardDecision.Outcome.REJECTED)
    client.force_login(request.getfixturevalue(role))

    index = client.get(INDEX).content.decode()
    assert "Des ombrières" in index and "Du beach-volley" not in index
    assert f'href="{DECISION.format(decision.pk)}"' in index

    page = client.get(DECISION.format(decision.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "130\u00a0000\u00a0€" in html and "Abords de la piscine" in html
    assert ("Ajouter ce point" in html) is may_add


def test_an_elected_official_may_not_post_an_update(client, elected_official, decision):
    client.force_login(elected_official)

    response = client.post(DECISION.format(decision.pk), posted())

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not ImplementationUpdate.objects.exists()


def test_another_sites_moderator_neither_lists_nor_opens_this_sites_items(client, decision):
    moderator, _editor, elsewhere = campsite()
    theirs = decided(LocalProjectPageFactory(parent=elsewhere, title="Des emplacements vélo"))
    client.force_login(moderator)

    index = client.get(INDEX).content.decode()
    assert "Des emplacements vélo" in index and "Des ombrières" not in index
    assert client.get(DECISION.format(decision.pk))["Location"] == "/admin/"
    assert client.post(DECISION.format(decision.pk), posted()).status_code == 302
    assert not decision.updates.exists()
    assert client.get(DECISION.format(theirs.pk)).status_code == 200


def test_a_citizen_is_sent_to_the_admins_sign_in(client, citizen, decision):
    client.force_login(citizen)
    for url in (INDEX, DECISION.format(decision.pk)):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_item_not_adopted_has_no_follow_up_page(client, moderator, consultation):
    rejected = decided(consultation=consultation, outcome=BoardDecision.Outcome.REJECTED)
    client.force_login(moderator)
    assert client.get(DECISION.format(rejected.pk)).status_code == 404


def test_a_moderator_adds_an_update_and_sees_the_errors_of_a_wrong_one(client, moderator, decision):
    client.force_login(moderator)

    refused = client.post(DECISION.format(decision.pk), posted(percent="80"))
    assert refused.status_code == 200
    assert "Un élément réalisé l&#x27;est à 100 pour cent." in refused.content.decode()
    refused = client.post(DECISION.format(decision.pk), posted(percent="120"))
    assert refused.status_code == 200 and not decision.updates.exists()

    response = client.post(DECISION.format(decision.pk), posted())
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.stage, decision.progress, decision.progress_on) == ("done", 100, datetime.date(2026, 5, 20))
    page = client.get(DECISION.format(decision.pk)).content.decode()
    assert "Ombrières posées." in page and "Point d&#x27;avancement enregistré" in page


def test_an_editor_corrects_and_deletes_an_update(client, editor, decision, update):
    client.force_login(editor)
    assert "Mâts scellés." in client.get(EDIT.format(update.pk)).content.decode()

    response = client.post(EDIT.format(update.pk), posted(date="2026-04-01", stage="in_progress", percent="60",
                                                          text="Mâts scellés, voiles commandées."))
    assert response.status_code == 302 and response["Location"] == DECISION.format(decision.pk)
    decision.refresh_from_db()
    assert decision.progress == 60

    assert client.get(DELETE.format(update.pk)).status_code == 200
    assert client.post(DELETE.format(update.pk)).status_code == 302
    decision.refresh_from_db()
    assert not decision.updates.exists() and decision.stage == "" and decision.progress is None


def test_an_elected_official_neither_corrects_nor_deletes(client, elected_official, update):
    client.force_login(elected_official)
    for url in (EDIT.format(update.pk), DELETE.format(update.pk)):
        assert client.get(url)["Location"] == "/admin/"
        assert client.post(url, posted())["Location"] == "/admin/"
    assert ImplementationUpdate.objects.get(pk=update.pk).percent == 40


def test_the_list_filters_by_consultation_and_stage(client, moderator, decision, update, make_consultation):
    other = make_consultation("decision", title="Patinoire rénovée")
    waiting = decided(LocalProjectPageFactory(parent=other, title="Un vestiaire familial"))
    client.force_login(moderator)

    by_stage = client.get(INDEX, {"stage": "in_progress"}).content.decode()
    assert "Des ombrières" in by_stage and "Un vestiaire familial" not in by_stage
    without_news = client.get(INDEX, {"stage": "none"}).content.decode()
    assert "Un vestiaire familial" in without_news and "Des ombrières" not in without_news
    by_consultation = client.get(INDEX, {"consultation": other.pk}).content.decode()
    assert f'href="{DECISION.format(waiting.pk)}"' in by_consultation and "Des ombrières" not in by_consultation
    assert client.get(INDEX, {"consultation": "x", "stage": "nope"}).status_code == 200


def test_the_menu_offers_the_follow_up_to_those_who_read_it(client, moderator, elected_official):
    admin_only = UserFactory()
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user, shown in ((moderator, True), (elected_official, True), (admin_only, False)):
        client.force_login(user)
        assert ('"url": "/admin/implementation/"' in client.get("/admin/").content.decode()) is shown
