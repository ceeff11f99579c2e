"""What a budget vote funds in the end: the rule locked once the vote opens, the comparison step,
free projects, staff's recorded changes (services/funding_overrides.py), and the same final list
on the results page, in the exports and in the board's sheet."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from consultations import budget_results, decision_sheet
from consultations.consultation_export.tables import Export, tables_for
from consultations.decision_reads import decision_items
from consultations.models import ConsultationPage, FundingOverride
from consultations.services import funding_overrides
from consultations.services.funding_overrides import OverrideRefused
from consultations.services.voting import ballot_projects
from tests.consultations.other_sites import campsite
from tests.factories import BallotFactory

pytestmark = pytest.mark.django_db
Method = ConsultationPage.VoteMethod
ADD, REMOVE = FundingOverride.Action.ADD, FundingOverride.Action.REMOVE


def ids(consultation):
    return [project.pk for project in ballot_projects(consultation)]


@pytest.fixture
def split_vote(make_consultation):
    """Closed. Six voters want A and B, four want C; 100 € for three projects of 50 €: the Method
    of Equal Shares funds A and C, greedy A and B."""
    consultation = make_consultation("results", vote_method=Method.BUDGET, budget=100, projects=[50, 50, 50])
    a, b, c = ids(consultation)
    for _n in range(6):
        BallotFactory(consultation=consultation, choices=[(a, 1), (b, 1)])
    for _n in range(4):
        BallotFactory(consultation=consultation, choices=[(c, 1)])
    return consultation


def funded(consultation):
    return [row.project.pk for row in budget_results.funding(consultation).funded]


def results_page(client, consultation):
    response = client.get(reverse("consultations:results", args=[consultation.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


# The rule is locked once the vote has opened


@pytest.mark.parametrize("field, value", [
    ("budget_rule", ConsultationPage.BudgetRule.GREEDY), ("budget", 200), ("budget_compare_with_greedy", True),
    ("vote_method", Method.POINTS),
])
def test_the_rule_and_the_budget_are_locked_once_the_vote_has_opened(make_consultation, field, value):
    consultation = make_consultation("vote", vote_method=Method.BUDGET, budget=100, projects=[50])
    setattr(consultation, field, value)
    with pytest.raises(ValidationError) as refused:
        consultation.full_clean()
    assert field in refused.value.message_dict
    assert "il ne peut plus changer" in refused.value.message_dict[field][0]
    consultation.refresh_from_db()
    assert consultation.budget_rule == ConsultationPage.BudgetRule.MES and consultation.budget == 100


def test_before_the_vote_opens_the_editor_may_change_the_rule(make_consultation):
    consultation = make_consultation("deliberation", vote_method=Method.BUDGET, budget=100, projects=[50])
    consultation.budget_rule = ConsultationPage.BudgetRule.GREEDY
    consultation.budget = 120
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    assert (consultation.budget_rule, consultation.budget) == ("greedy", 120)


def test_the_editor_sees_why_the_rule_cannot_change_in_the_admin(admin_client, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.BUDGET, budget=100, projects=[50])
    consultation.budget_rule = ConsultationPage.BudgetRule.GREEDY
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        consultation.full_clean()
    message = refused.value.message_dict["budget_rule"][0]
    assert message.startswith("Le vote est ouvert depuis le ") and message.endswith("il ne peut plus changer.")


# The comparison step and free projects


def test_with_the_comparison_step_greedy_is_kept_when_more_voters_prefer_it(client, split_vote):
    a, b, c = ids(split_vote)
    assert funded(split_vote) == [a, c]
    ConsultationPage.objects.filter(pk=split_vote.pk).update(budget_compare_with_greedy=True)
    split_vote.refresh_from_db()
    funding = budget_results.funding(split_vote)
    # The six {A, B} voters get two projects under greedy, one under MES; the four {C} voters one
    # under MES, none under greedy: six against four, greedy's list is kept.
    assert sorted(row.project.pk for row in funding.funded) == [a, b]
    assert funding.comparison["prefer_greedy"] == 6 and funding.comparison["prefer_mes"] == 4
    page = results_page(client, split_vote)
    assert "6 votants ont plus de projets financés avec la règle gloutonne" in page
    assert "Le résultat glouton est retenu." in page


def test_a_free_project_that_voters_chose_is_funded_without_taking_from_the_budget(client, make_consultation):
    consultation = make_consultation("results", vote_method=Method.BUDGET, budget=100, projects=[60, 0, 0])
    paid, free, unchosen = ids(consultation)
    BallotFactory(consultation=consultation, choices=[(paid, 1), (free, 1)])
    BallotFactory(consultation=consultation, choices=[(free, 1)])
    funding = budget_results.funding(consultation)
    assert [row.project.pk for row in funding.funded] == [paid, free]
    assert funding.budget_used == 60
    assert [row.project.pk for row in funding.not_funded] == [unchosen]
    assert "il ne coûte rien et 2 votants l'ont choisi" in results_page(client, consultation)


def test_ties_are_explained_on_the_results_page(client, split_vote):
    assert "le projet dont le numéro de référence vient en premier" in results_page(client, split_vote)


# Staff's recorded changes


def test_a_moderator_swaps_projects_with_reasons_shown_logged_and_withdrawable(client, split_vote, moderator):
    a, b, c = ids(split_vote)
    with pytest.raises(OverrideRefused, match="au-delà du budget"):
        funding_overrides.record_override(split_vote, split_vote.get_children().get(pk=b), ADD,
                                          "Les deux projets se complètent.", by=moderator)
    project_b, project_c = (split_vote.get_children().get(pk=pk).specific for pk in (b, c))
    funding_overrides.record_override(split_vote, project_c, REMOVE,
                                      "Le terrain finalement indisponible.", by=moderator)
    funding_overrides.record_override(split_vote, project_b, ADD, "Le projet suivant le plus soutenu.", by=moderator)
    funding = budget_results.funding(split_vote)
    assert [row.project.pk for row in funding.funded] == [a, b]
    assert funding.budget_used == 100 and funding.rule_budget_used == 100
    removed = funding.row(c)
    assert (removed.funded, removed.funded_by_rule, removed.override.action) == (False, True, REMOVE)

    page = results_page(client, split_vote)
    assert "L'équipe de la consultation a modifié cette liste 2 fois après le vote" in page
    assert "ajouté à la liste par l'équipe de la consultation le" in page
    assert "« Le projet suivant le plus soutenu. »" in page
    assert "retiré de la liste par l'équipe de la consultation le" in page
    assert "« Le terrain finalement indisponible. »" in page

    entries = PageLogEntry.objects.filter(page=split_vote, action=funding_overrides.LOG_FUNDING_OVERRIDE)
    assert entries.count() == 2
    with translation.override("en"):
        assert {entry.message for entry in entries} == {
            f"“{project_c.title}” taken out of the funded projects: Le terrain finalement indisponible.",
            f"“{project_b.title}” added to the funded projects: Le projet suivant le plus soutenu.",
        }

    # Putting C back would overspend while B is added: the addition has to go first.
    removal = FundingOverride.objects.get(local_project_id=c)
    with pytest.raises(OverrideRefused, match="annulez d'abord un ajout"):
        funding_overrides.withdraw_override(removal, by=moderator)
    assert funding_overrides.withdraw_override(FundingOverride.objects.get(local_project_id=b), by=moderator)
    assert funding_overrides.withdraw_override(removal, by=moderator)
    assert funded(split_vote) == [a, c] and not FundingOverride.objects.exists()
    assert entries.all().count() == 4  # .all(): entries was read above


@pytest.mark.parametrize("phase", ["deliberation", "vote"])
def test_no_change_before_the_vote_has_closed(make_consultation, moderator, phase):
    consultation = make_consultation(phase, vote_method=Method.BUDGET, budget=100, projects=[50, 50])
    project = consultation.get_children().first().specific
    with pytest.raises(OverrideRefused, match="une fois le vote clos"):
        funding_overrides.record_override(consultation, project, ADD, "Une raison suffisante.", by=moderator)
    assert not FundingOverride.objects.exists()


@pytest.mark.parametrize("action, reason, message", [
    (ADD, "", "Give the reason"),
    (ADD, "   court  ", "Give the reason"),
    (REMOVE, "Une raison suffisante.", "is not funded"),  # B is not funded by MES
    ("other", "Une raison suffisante.", "Choose whether"),
])
def test_bad_changes_are_refused_with_a_clear_message_and_change_nothing(split_vote, moderator, action, reason, message):
    _a, b, _c = ids(split_vote)
    with translation.override("en"), pytest.raises(OverrideRefused, match=message):
        funding_overrides.record_override(split_vote, split_vote.get_children().get(pk=b).specific, action,
                                          reason, by=moderator)
    assert not FundingOverride.objects.exists()
    assert not PageLogEntry.objects.filter(action=funding_overrides.LOG_FUNDING_OVERRIDE).exists()


def test_one_change_per_project(split_vote, moderator):
    _a, _b, c = ids(split_vote)
    project = split_vote.get_children().get(pk=c).specific
    funding_overrides.record_override(split_vote, project, REMOVE, "Une raison suffisante.", by=moderator)
    with pytest.raises(OverrideRefused, match="déjà un changement enregistré"):
        funding_overrides.record_override(split_vote, project, ADD, "Une autre raison, plus tard.", by=moderator)
    assert FundingOverride.objects.count() == 1


def test_only_the_consultations_staff_change_the_list(split_vote, citizen, elected_official):
    _a, _b, c = ids(split_vote)
    project = split_vote.get_children().get(pk=c).specific
    other_moderator, _editor, _consultation = campsite()
    for user in (citizen, elected_official, other_moderator):
        with pytest.raises(PermissionDenied):
            funding_overrides.record_override(split_vote, project, REMOVE, "Une raison suffisante.", by=user)
    assert not FundingOverride.objects.exists()


def test_the_admin_page_records_and_withdraws_a_change(client, split_vote, moderator, citizen):
    _a, _b, c = ids(split_vote)
    url = reverse("board_decisions:consultation", args=[split_vote.pk])
    client.force_login(citizen)
    response = client.post(reverse("board_decisions:funding", args=[split_vote.pk]),
                           {"project": c, "action": REMOVE, "reason": "Une raison suffisante."})
    assert response.status_code in (302, 403) and not FundingOverride.objects.exists()

    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert 'id="funding-title"' in page and f'id="reason-{c}"' in page
    response = client.post(reverse("board_decisions:funding", args=[split_vote.pk]),
                           {"project": c, "action": REMOVE, "reason": "Le terrain est indisponible."}, follow=True)
    assert FundingOverride.objects.get().local_project_id == c
    assert "Le terrain est indisponible." in response.content.decode()
    response = client.post(reverse("board_decisions:funding", args=[split_vote.pk]),
                           {"project": c, "action": ADD, "reason": ""}, follow=True)
    assert FundingOverride.objects.count() == 1
    override = FundingOverride.objects.get()
    client.post(reverse("board_decisions:funding_withdraw", args=[split_vote.pk, override.pk]))
    assert not FundingOverride.objects.exists()


# The same final list in the exports and the board's sheet


def test_the_export_lists_the_final_funding_with_reasons(split_vote, moderator):
    a, b, c = ids(split_vote)
    funding_overrides.record_override(split_vote, split_vote.get_children().get(pk=c).specific, REMOVE,
                                      "Le terrain n'est pas disponible.", by=moderator)
    table = next(table for table in tables_for() if table.name == "funding")
    rows = {row[1]: dict(zip((column.name for column in table.columns), row)) for row in table.rows(Export(split_vote))}
    assert [rows[pk]["funded"] for pk in (a, b, c)] == [True, False, False]
    assert [rows[pk]["funded_by_rule"] for pk in (a, b, c)] == [True, False, True]
    assert [rows[pk]["funded_by_other_rule"] for pk in (a, b, c)] == [True, True, False]
    assert rows[c]["change"] == "remove" and rows[c]["change_reason"] == "Le terrain n'est pas disponible."
    assert rows[b]["not_funded_because"].startswith("Ses soutiens n'avaient plus assez d'argent ensemble")
    assert rows[a]["votes"] == 6 and rows[a]["rule"] == "mes"


def test_the_board_sheet_proposes_the_funded_projects_as_adopted_with_their_cost(split_vote):
    a, b, c = ids(split_vote)
    items = {item.pk: item for item in decision_items(split_vote)}
    assert (items[a].proposed_budget, items[b].proposed_budget, items[c].proposed_budget) == (50, None, 50)
    assert items[a].result.endswith(" ; financé") and items[b].result.endswith(" ; non financé")
    workbook = load_workbook(io.BytesIO(decision_sheet.workbook_bytes(split_vote, items.values())))
    rows = {row[1]: row for row in workbook[decision_sheet.SHEET].iter_rows(min_row=3, values_only=True)}
    assert rows[a][4:7] == ("Adopté", 50, None)
    assert rows[b][4:7] == (None, None, None)


def test_the_sheet_left_as_proposed_changes_nothing_and_a_dated_row_records_the_proposal(split_vote, moderator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from consultations.services import decisions

    a, _b, c = ids(split_vote)
    content = decision_sheet.workbook_bytes(split_vote, decision_items(split_vote))
    plan = decisions.plan(split_vote, SimpleUploadedFile("d.xlsx", content))
    assert plan.is_valid and not plan.changes
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[decision_sheet.SHEET]
    for row in sheet.iter_rows(min_row=3):
        if row[1].value == a:
            row[6].value = timezone.localdate()
    out = io.BytesIO()
    workbook.save(out)
    plan = decisions.plan(split_vote, SimpleUploadedFile("d.xlsx", out.getvalue()))
    assert plan.is_valid and [(change.item.pk, change.values["budget_granted"]) for change in plan.changes] == [(a, 50)]
