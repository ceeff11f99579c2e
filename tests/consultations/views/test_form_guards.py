"""The public forms refuse robots without an outside service (consultations/form_guards.py): a
filled trap field, a form sent too fast after it appeared, or without its signed time, stores
nothing and says why."""

import re
from html import unescape
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from consultations import form_guards
from consultations.form_tokens import MAX_AGE
from consultations.models import Comment, Proposal, Report
from tests.factories import CommentFactory, filled_in

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Des bancs à l'ombre",
    "body": "Installer trois bancs sous les platanes, le long du bassin extérieur.",
    "tags": "", "address": "", "neighbourhood": "",
}
SIGNUP = {
    "email": "robot@exemple.fr",
    "display_name": "Robot",
    "password1": "patinoire-du-dimanche",
    "password2": "patinoire-du-dimanche",
    "accept_terms": "on",
}
TRAP_MESSAGE = "un champ que seuls les robots voient a été rempli"
TOO_FAST_MESSAGE = "un peu trop vite après son affichage"
UNSIGNED_MESSAGE = "Ce formulaire n&#x27;a pas pu être vérifié"


def create_url(consultation):
    return reverse("consultations:proposal_create", args=[consultation.pk])


def started_in(html, form_id=None):
    fragment = html if form_id is None else html[html.index(f'id="{form_id}"'):]
    return re.search(r'name="form_started" value="([^"]+)"', fragment).group(1)


def publish(client, consultation, **changes):
    data = {**PROPOSAL, "submission_key": str(uuid.uuid4()), "step": "publish", **filled_in(), **changes}
    return client.post(create_url(consultation), data)


def test_a_proposal_filled_in_by_a_person_is_stored(client, citizen, open_consultation):
    client.force_login(citizen)
    response = publish(client, open_consultation)
    assert response.status_code == 302
    assert Proposal.objects.filter(author=citizen).count() == 1


def test_a_filled_trap_refuses_the_proposal_and_stores_nothing(client, citizen, open_consultation):
    client.force_login(citizen)
    response = publish(client, open_consultation, website="https://promo.example")
    assert response.status_code == 200
    assert TRAP_MESSAGE in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_proposal_sent_too_fast_is_refused_and_can_be_sent_again_later(client, citizen, open_consultation):
    client.force_login(citizen)
    response = publish(client, open_consultation, **filled_in(seconds_ago=1))
    html = response.content.decode()
    assert TOO_FAST_MESSAGE in html
    assert not Proposal.objects.exists()
    # The form shown again keeps the time it first appeared: sent once the person has read it,
    # it goes through.
    token = started_in(html)
    assert form_guards.age(token) < 60
    assert publish(client, open_consultation, form_started=token).status_code == 200
    assert publish(client, open_consultation, **filled_in(seconds_ago=4)).status_code == 302
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize(
    "started",
    [
        "",
        "1700000000",
        "not-a-time:signature",
        form_guards.issue(started=time.time() - 60).replace(":", ":x", 1),
        "{}0:{}".format(*form_guards.issue(started=time.time() - 60).split(":")),
    ],
    ids=["missing", "unsigned", "forged", "tampered-signature", "tampered-time"],
)
def test_a_proposal_without_its_signed_time_is_refused(client, citizen, open_consultation, started):
    client.force_login(citizen)
    response = publish(client, open_consultation, form_started=started)
    html = response.content.decode()
    assert UNSIGNED_MESSAGE in html
    assert not Proposal.objects.exists()
    # A fresh time replaces the unusable one, so that the person is not stuck.
    assert form_guards.age(started_in(html)) is not None


def test_a_form_opened_too_long_ago_is_refused(client, citizen, open_consultation):
    client.force_login(citizen)
    response = publish(client, open_consultation, **filled_in(seconds_ago=MAX_AGE + 60))
    assert "ouvert il y a trop longtemps" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_form_shows_a_trap_people_never_meet_and_the_time_it_appeared(client, citizen, open_consultation):
    client.force_login(citizen)
    html = client.get(create_url(open_consultation)).content.decode()
    trap = re.search(r'<div class="form-trap" aria-hidden="true">.*?</div>', html, re.DOTALL).group(0)
    assert '<label for="id_website">Laissez ce champ vide</label>' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap and 'value=""' in trap
    assert 0 <= form_guards.age(started_in(html)) < 60


def test_the_preview_step_is_guarded_and_carries_the_time_the_form_appeared(client, citizen, open_consultation):
    client.force_login(citizen)
    too_fast = publish(client, open_consultation, step="preview", **filled_in(seconds_ago=0))
    assert TOO_FAST_MESSAGE in too_fast.content.decode()
    assert too_fast.templates[0].name == "consultations/proposal_form.html"

    started = filled_in()
    preview = publish(client, open_consultation, step="preview", **started).content.decode()
    assert f'name="form_started" value="{started["form_started"]}"' in preview
    assert 'class="form-trap"' in preview
    carried = {name: unescape(value) for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview)}
    refused = client.post(create_url(open_consultation), {**carried, "step": "publish", "website": "x"})
    assert TRAP_MESSAGE in refused.content.decode()
    assert not Proposal.objects.exists()
    client.post(create_url(open_consultation), {**carried, "step": "publish", "website": ""})
    assert Proposal.objects.count() == 1


def test_a_comment_with_a_filled_trap_or_sent_too_fast_is_refused(client, citizen, proposal):
    client.force_login(citizen)
    url = reverse("consultations:comment_create", args=["proposition", proposal.pk])
    comment = {"body": "Très bonne idée pour l'été.", "stance": "for", "submission_key": str(uuid.uuid4())}
    trapped = client.post(url, {**comment, **filled_in(), "website": "spam"})
    assert trapped.status_code == 400 and TRAP_MESSAGE in trapped.content.decode()
    too_fast = client.post(url, {**comment, **filled_in(seconds_ago=0)})
    assert too_fast.status_code == 400 and TOO_FAST_MESSAGE in too_fast.content.decode()
    assert not Comment.objects.filter(author=citizen).exists()
    assert client.post(url, {**comment, **filled_in()}).status_code == 302
    assert Comment.objects.filter(author=citizen).count() == 1


def test_every_comment_form_of_a_page_carries_its_own_trap_and_a_real_time(client, citizen, proposal, settings):
    CommentFactory(target=proposal)
    client.force_login(citizen)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "time-this-form-was-shown" not in html
    assert len(re.findall(r'class="form-trap" aria-hidden="true"', html)) == 2
    ids = re.findall(r'<input type="text" name="website" id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 2
    tokens = re.findall(r'name="form_started" value="([^"]+)"', html)
    assert len(tokens) == 2 and all(form_guards.age(token) is not None for token in tokens)
    # What the page gives is what the form takes, once a person took their time.
    settings.FORM_MIN_FILL_SECONDS = 0
    url = reverse("consultations:comment_create", args=["proposition", proposal.pk])
    response = client.post(url, {"body": "Je suis d'accord.", "stance": "for", "form_started": tokens[-1]})
    assert response.status_code == 302


def test_a_report_with_a_filled_trap_is_refused(client, citizen):
    comment = CommentFactory()
    client.force_login(citizen)
    url = f"/signaler/commentaire/{comment.pk}/"
    assert 'class="form-trap"' in client.get(url).content.decode()
    refused = client.post(url, {"reason": "spam", **filled_in(), "website": "x"})
    assert TRAP_MESSAGE in refused.content.decode()
    refused = client.post(url, {"reason": "spam"})
    assert UNSIGNED_MESSAGE in refused.content.decode()
    assert not Report.objects.exists()
    assert client.post(url, {"reason": "spam", **filled_in()}).status_code == 302
    assert Report.objects.count() == 1


def test_a_sign_up_sent_too_fast_creates_no_account(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'class="form-trap"' in page
    response = client.post("/accounts/signup/", {**SIGNUP, **filled_in(seconds_ago=1)})
    assert response.status_code == 200
    assert TOO_FAST_MESSAGE in response.content.decode()
    response = client.post("/accounts/signup/", {**SIGNUP, **filled_in(), "website": "http://spam.example"})
    assert TRAP_MESSAGE in response.content.decode()
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert not mail.outbox
    client.post("/accounts/signup/", {**SIGNUP, **filled_in()})
    assert get_user_model().objects.filter(email=SIGNUP["email"]).exists()
