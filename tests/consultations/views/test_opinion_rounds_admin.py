"""Opinion rounds in the admin: the editors of a consultation set up its rounds and the team's
statements; nobody else does; a statement somebody voted on stays as it was worded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import OpinionResult, OpinionRound, Statement, StatementVote
from consultations.services.opinions import cast_statement_vote
from tests.consultations.other_sites import campsite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
Status = Statement.Status


def moment(offset_days):
    return (timezone.localtime() + offset_days * DAY).strftime("%Y-%m-%d %H:%M")


def form_data(consultation, *, statements=(), title="La piscine Saint-Roch", opens=-1, closes=10):
    """The POST of the round's form; `statements`: (id or None, text, delete) of the team's."""
    data = {
        "consultation": consultation.pk,
        "title": title,
        "introduction": "Dites-nous ce que vous en pensez.",
        "opens_at": moment(opens),
        "closes_at": moment(closes),
        "accepts_statements": "on",
        "statements-TOTAL_FORMS": len(statements),
        "statements-INITIAL_FORMS": sum(1 for pk, _text, _delete in statements if pk),
        "statements-MIN_NUM_FORMS": 0,
        "statements-MAX_NUM_FORMS": 1000,
    }
    for index, (pk, text, delete) in enumerate(statements):
        data[f"statements-{index}-id"] = pk or ""
        data[f"statements-{index}-text"] = text
        data[f"statements-{index}-DELETE"] = "1" if delete else ""
    return data


@pytest.fixture
def opinion_round(open_consultation):
    now = timezone.now()
    opinion_round = OpinionRound.objects.create(
        consultation=open_consultation, title="Les horaires", opens_at=now - DAY, closes_at=now + 10 * DAY
    )
    Statement.objects.create(round=opinion_round, text="Ouvrir le dimanche", status=Status.PUBLISHED)
    Statement.objects.create(round=opinion_round, text="Fermer à 22 h", status=Status.PUBLISHED)
    return opinion_round


def staff_statements(opinion_round):
    return list(opinion_round.statements.filter(author=None).order_by("pk"))


def test_an_editor_creates_a_round_with_the_teams_statements_published(client, editor, open_consultation):
    client.force_login(editor)
    response = client.post(reverse("opinion_rounds:add"), form_data(
        open_consultation, statements=[(None, "Garder la façade Art déco", False), (None, "Ouvrir le bassin d'été", False)],
    ))
    assert response.status_code == 302
    opinion_round = OpinionRound.objects.get()
    assert opinion_round.consultation_id == open_consultation.pk
    assert list(opinion_round.statements.values_list("text", "status", "author")) == [
        ("Garder la façade Art déco", Status.PUBLISHED, None),
        ("Ouvrir le bassin d'été", Status.PUBLISHED, None),
    ]


def test_the_round_must_close_after_it_opens(client, editor, open_consultation):
    client.force_login(editor)
    response = client.post(reverse("opinion_rounds:add"), form_data(open_consultation, opens=3, closes=2))
    assert response.status_code == 200
    assert "Le tour doit se clore après son ouverture." in response.content.decode()
    assert not OpinionRound.objects.exists()


def test_another_sites_editor_neither_lists_nor_creates_nor_edits_the_round(client, open_consultation, opinion_round):
    _moderator, other_editor, _their_consultation = campsite()
    client.force_login(other_editor)
    assert opinion_round.title not in client.get(reverse("opinion_rounds:index")).content.decode()
    response = client.post(reverse("opinion_rounds:add"), form_data(open_consultation, title="Intrus"))
    assert response.status_code == 200  # the consultation is not among the choices
    assert not OpinionRound.objects.filter(title="Intrus").exists()
    refused = client.get(reverse("opinion_rounds:edit", args=[opinion_round.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    refused = client.post(reverse("opinion_rounds:recompute", args=[opinion_round.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert not OpinionResult.objects.exists()
    for name in ("history", "usage"):
        refused = client.get(reverse(f"opinion_rounds:{name}", args=[opinion_round.pk]))
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")


def test_a_citizen_is_kept_out(client, open_consultation, opinion_round):
    client.force_login(UserFactory())
    for url in (reverse("opinion_rounds:index"), reverse("opinion_rounds:add"),
                reverse("opinion_rounds:edit", args=[opinion_round.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse("opinion_rounds:recompute", args=[opinion_round.pk])).status_code in (302, 403)
    assert not OpinionResult.objects.exists()


def test_a_statement_with_votes_is_neither_deleted_nor_reworded(client, editor, open_consultation, opinion_round):
    voted, unvoted = staff_statements(opinion_round)
    cast_statement_vote(voted, UserFactory(), 1)
    client.force_login(editor)
    url = reverse("opinion_rounds:edit", args=[opinion_round.pk])

    response = client.post(url, form_data(open_consultation, statements=[
        (voted.pk, voted.text, True), (unvoted.pk, unvoted.text, False)]))
    assert response.status_code == 200
    assert "a des votes\u00a0: elle ne peut pas être supprimée" in response.content.decode()
    response = client.post(url, form_data(open_consultation, statements=[
        (voted.pk, "Ouvrir le samedi", False), (unvoted.pk, unvoted.text, False)]))
    assert response.status_code == 200
    assert "sa formulation ne peut plus changer" in response.content.decode()
    assert staff_statements(opinion_round) == [voted, unvoted]
    assert Statement.objects.get(pk=voted.pk).text == "Ouvrir le dimanche"

    response = client.post(url, form_data(open_consultation, statements=[
        (voted.pk, voted.text, False), (unvoted.pk, unvoted.text, True)]))
    assert response.status_code == 302
    assert staff_statements(opinion_round) == [voted]
    assert StatementVote.objects.count() == 1


def test_participants_statements_are_shown_not_edited(client, editor, open_consultation, opinion_round):
    proposed = Statement.objects.create(round=opinion_round, text="Des cours d'aquagym", author=UserFactory())
    client.force_login(editor)
    url = reverse("opinion_rounds:edit", args=[opinion_round.pk])
    page = client.get(url).content.decode()
    assert "Des cours d&#x27;aquagym" in page and "En attente de modération" in page
    assert 'value="Des cours d&#x27;aquagym"' not in page
    first, second = staff_statements(opinion_round)
    response = client.post(url, form_data(open_consultation, statements=[
        (first.pk, first.text, False), (second.pk, second.text, False)]))
    assert response.status_code == 302
    assert Statement.objects.get(pk=proposed.pk).status == Status.PENDING


def test_the_listing_shows_each_rounds_figures_and_status(client, editor, open_consultation, opinion_round):
    first, second = staff_statements(opinion_round)
    for citizen in (UserFactory(), UserFactory()):
        cast_statement_vote(first, citizen, 1)
        cast_statement_vote(second, citizen, -1)
    OpinionRound.objects.create(consultation=open_consultation, title="Les tarifs", opens_at=timezone.now() + DAY)
    client.force_login(editor)
    page = client.get(reverse("opinion_rounds:index")).content.decode()
    assert "Les horaires" in page and "Les tarifs" in page
    assert "Ouvert" in page and "À venir" in page
    assert "Recalculer maintenant" in page


def test_an_editor_recomputes_a_round_now(client, editor, opinion_round):
    cast_statement_vote(staff_statements(opinion_round)[0], UserFactory(), 1)
    client.force_login(editor)
    response = client.post(reverse("opinion_rounds:recompute", args=[opinion_round.pk]))
    assert response.status_code == 302
    assert OpinionResult.objects.get().round_id == opinion_round.pk


def test_a_round_with_votes_cannot_be_deleted(client, editor, opinion_round):
    cast_statement_vote(staff_statements(opinion_round)[0], UserFactory(), 1)
    client.force_login(editor)
    response = client.post(reverse("opinion_rounds:delete", args=[opinion_round.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert OpinionRound.objects.filter(pk=opinion_round.pk).exists()


def test_its_editor_reads_the_rounds_history(client, editor, opinion_round):
    client.force_login(editor)
    response = client.get(reverse("opinion_rounds:history", args=[opinion_round.pk]))
    assert response.status_code == 200 and opinion_round.title in response.content.decode()


def test_a_deleted_round_leaves_the_consultations_list_of_rounds(client, editor, open_consultation, opinion_round):
    from consultations.opinion_reads import round_summaries

    assert [summary.pk for summary in round_summaries(open_consultation)] == [opinion_round.pk]
    client.force_login(editor)
    response = client.post(reverse("opinion_rounds:delete", args=[opinion_round.pk]))

    assert response.status_code == 302
    assert not OpinionRound.objects.filter(pk=opinion_round.pk).exists()
    assert round_summaries(open_consultation) == []
