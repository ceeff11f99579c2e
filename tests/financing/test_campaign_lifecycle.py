"""A citizen's campaign from its proposal to its end: proposed from the site, reviewed with
Wagtail's workflow by the moderators, changed and resubmitted when they ask, published on
approval, its holder told by email each time; closed once delivered or repaid."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import WorkflowState

from consultations.services import sanctions
from financing.holder_reads import review_status
from financing.models import CampaignPage, CampaignTally, LoanInstalment, Pledge, Repayment
from financing.services.campaigns import Proposed, edit_campaign, mark_fulfilled, propose_campaign

from ..factories import UserFactory
from .factories import campaign_index, make_campaign

pytestmark = pytest.mark.django_db


def proposed(**changes):
    fields = {
        "title": "Un jardin partagé au pied de la patinoire", "holder_name": "Camille M.", "holder_kind": "citizen",
        "contact_email": "camille@exemple.fr", "summary": "Des bacs potagers pour le quartier.",
        "category": "donation", "goal_cents": 150_000, "deadline": timezone.now() + timedelta(days=30),
        "keep_what_is_raised": False, "equity_platform_url": "", "risks": "", "facility": None,
        "neighbourhood": None,
    }
    rows = {key: changes.pop(key) for key in ("budget_lines", "reward_tiers", "instalments", "description") if key in changes}
    fields.update(changes)
    return Proposed(fields=fields, description=rows.pop("description", "Des bacs, de la terre et des graines."), **rows)


def submitted(user, **changes):
    return propose_campaign(campaign_index(), user=user, proposed=proposed(**changes))


def task_action(client, moderator, campaign, action, comment=""):
    campaign.refresh_from_db()
    task_state = campaign.current_workflow_state.current_task_state
    client.force_login(moderator)
    return client.post(
        f"/admin/pages/workflow/action/{campaign.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )


def test_a_submitted_campaign_waits_unpublished_in_the_moderators_workflow(citizen):
    campaign = submitted(citizen, budget_lines=[("Bacs en bois", 90_000), ("Terre", 60_000)])
    campaign.refresh_from_db()
    assert not campaign.live and campaign.holder == citizen
    assert campaign.get_parent().specific == campaign_index()
    assert campaign.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert review_status(campaign).code == "in_review"
    draft = campaign.get_latest_revision_as_object()
    assert [(line.label, line.amount_cents) for line in draft.budget_lines.all()] == [("Bacs en bois", 90_000), ("Terre", 60_000)]
    assert draft.body[0].value.source == "<p>Des bacs, de la terre et des graines.</p>"


def test_a_draft_is_saved_without_review_and_not_shown_to_anyone(client, citizen):
    campaign = propose_campaign(campaign_index(), user=citizen, proposed=proposed(), submit=False)
    assert campaign.current_workflow_state is None
    assert review_status(campaign).code == "draft"
    assert client.get(campaign.url).status_code == 404
    assert client.get(campaign_index().url).status_code == 200
    assert campaign.title not in client.get(campaign_index().url).text


def test_approval_publishes_the_campaign_and_emails_its_holder(
    client, citizen, moderator, django_capture_on_commit_callbacks
):
    campaign = submitted(citizen)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = task_action(client, moderator, campaign, "approve", "Très beau projet.")
    assert response.status_code in (200, 302)
    campaign.refresh_from_db()
    assert campaign.live and review_status(campaign).code == "live"
    [email] = [message for message in mail.outbox if citizen.email in message.to]
    assert "est en ligne" in email.subject
    assert "Très beau projet." in email.body and campaign.url in email.body
    client.logout()
    assert client.get(campaign.url).status_code == 200


def test_changes_requested_are_emailed_and_shown_then_the_holder_edits_and_resubmits(
    client, citizen, moderator, django_capture_on_commit_callbacks
):
    campaign = submitted(citizen)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_action(client, moderator, campaign, "reject", "Précisez le budget, ligne par ligne.")
    [email] = [message for message in mail.outbox if citizen.email in message.to]
    assert "modifications demandées" in email.subject
    assert "Précisez le budget, ligne par ligne." in email.body
    status = review_status(campaign)
    assert status.code == "changes_requested" and status.reason == "Précisez le budget, ligne par ligne."

    client.force_login(citizen)
    page = client.get("/accounts/campaigns/").text
    assert "Modifications demandées" in page and "Précisez le budget, ligne par ligne." in page
    form = client.get(f"/financement/campagnes/{campaign.pk}/modifier/")
    assert form.status_code == 200 and "Précisez le budget" in form.text

    response = client.post(f"/financement/campagnes/{campaign.pk}/modifier/", form_data(
        title="Un jardin partagé, budget détaillé", **{"budget-0-label": "Bacs", "budget-0-amount": "900"},
    ))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert review_status(campaign).code == "in_review"
    draft = campaign.get_latest_revision_as_object()
    assert draft.title == "Un jardin partagé, budget détaillé"
    assert [(line.label, line.amount_cents) for line in draft.budget_lines.all()] == [("Bacs", 90_000)]
    assert not campaign.live
    with django_capture_on_commit_callbacks(execute=True):
        task_action(client, moderator, campaign, "approve")
    campaign.refresh_from_db()
    assert campaign.live and campaign.title == "Un jardin partagé, budget détaillé"


def form_data(**changes):
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    data = {
        "holder_name": "Camille M.", "holder_kind": "citizen", "contact_email": "camille@exemple.fr",
        "title": "Un jardin partagé", "summary": "Des bacs potagers.", "description": "Des bacs et des graines.",
        "category": "donation", "goal": "1 500,50", "deadline": day, "risks": "", "equity_platform_url": "",
        "facility": "", "neighbourhood": "", "action": "submit",
    }
    for prefix, rows in (("budget", 3), ("rewards", 3), ("instalments", 4)):
        data.update({
            f"{prefix}-TOTAL_FORMS": str(rows), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "12",
        })
    data.update(changes)
    return data


def test_the_form_proposes_a_campaign_with_its_goal_in_exact_cents(client, citizen):
    campaign_index().save_revision().publish()
    client.force_login(citizen)
    index_page = client.get(campaign_index().url).text
    assert "/financement/proposer/" in index_page
    assert client.get("/financement/proposer/").status_code == 200
    response = client.post("/financement/proposer/", form_data(**{
        "budget-0-label": "Bacs", "budget-0-amount": "1000,25", "budget-1-label": "Graines", "budget-1-amount": "500,25",
    }))
    assert response.status_code == 302 and response.url == "/accounts/campaigns/"
    campaign = CampaignPage.objects.get(holder=citizen)
    assert campaign.goal_cents == 150_050 and not campaign.live
    assert sorted(line.amount_cents for line in campaign.budget_lines.all()) == [50_025, 100_025]
    assert timezone.localtime(campaign.deadline).date() == timezone.localdate() + timedelta(days=20)


BAD_INPUT = [
    ({"goal": ""}, "objectif"),
    ({"goal": "beaucoup"}, "objectif"),
    ({"goal": "-20"}, "objectif"),
    ({"deadline": (timezone.localdate() - timedelta(days=1)).isoformat()}, "à venir"),
    ({"deadline": (timezone.localdate() + timedelta(days=120)).isoformat()}, "90 jours"),
    ({"deadline": "demain"}, "date"),
    ({"category": "equity"}, "plateforme"),
    ({"keep_what_is_raised": "on", "category": "rewards", "rewards-0-title": "Affiche",
      "rewards-0-description": "Une affiche", "rewards-0-amount": "20"}, "dons"),
    ({"category": "rewards"}, "au moins une contrepartie"),
    ({"rewards-0-title": "Affiche", "rewards-0-description": "Une affiche", "rewards-0-amount": "20"}, "contreparties"),
    ({"category": "loan", "instalments-0-due_on": "2027-06-01", "instalments-0-percent": "60"}, "100"),
    ({"title": ""}, "Titre"),
    ({"description": "  "}, "Description"),
    ({"budget-0-label": "Bacs", "budget-0-amount": "dix"}, "montant"),
]


@pytest.mark.parametrize("changes, message", BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_created(client, citizen, changes, message):
    campaign_index().save_revision().publish()
    client.force_login(citizen)
    response = client.post("/financement/proposer/", form_data(**changes))
    assert response.status_code == 400
    assert 'role="alert"' in response.text and message in response.text
    assert not CampaignPage.objects.filter(holder=citizen).exists()


def test_a_loan_schedule_of_100_percent_is_accepted(citizen):
    campaign = submitted(citizen, category="loan", instalments=[(timezone.localdate() + timedelta(days=200), 40),
                                                                  (timezone.localdate() + timedelta(days=400), 60)])
    assert [i.percent for i in campaign.get_latest_revision_as_object().loan_instalments.all()] == [40, 60]


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_created(client):
    campaign_index().save_revision().publish()
    response = client.post("/financement/proposer/", form_data())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not CampaignPage.objects.exists()


def test_a_suspended_account_cannot_propose(client, citizen, moderator, django_capture_on_commit_callbacks):
    campaign_index().save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        sanctions.sanction_account(
            citizen, moderator=moderator, kind="suspension", reason="insulte", until=timezone.now() + timedelta(days=3)
        )
    citizen.refresh_from_db()
    with pytest.raises(PermissionDenied, match="suspendu"):
        submitted(citizen)
    client.force_login(citizen)
    response = client.post("/financement/proposer/", form_data())
    assert response.status_code == 403 and "suspendu" in response.text
    assert not CampaignPage.objects.exists()


def test_submissions_are_rate_limited(citizen):
    for _n in range(5):
        submitted(citizen)
    with pytest.raises(ValidationError, match="trop rapidement"):
        submitted(citizen)
    assert CampaignPage.objects.filter(holder=citizen).count() == 5


def test_a_holder_cannot_edit_another_holders_campaign(client, citizen):
    campaign = propose_campaign(campaign_index(), user=citizen, proposed=proposed(), submit=False)
    other = UserFactory(email="voisin@exemple.fr")
    client.force_login(other)
    assert client.get(f"/financement/campagnes/{campaign.pk}/modifier/").status_code == 404
    assert client.post(f"/financement/campagnes/{campaign.pk}/modifier/", form_data(title="Volé")).status_code == 404
    with pytest.raises(PermissionDenied):
        edit_campaign(campaign, user=other, proposed=proposed(title="Volé"))
    assert campaign.get_latest_revision_as_object().title == "Un jardin partagé au pied de la patinoire"


@pytest.mark.parametrize("state", ["in_review", "live"])
def test_a_campaign_in_review_or_live_is_not_changed_from_the_site(client, citizen, moderator, state,
                                                                     django_capture_on_commit_callbacks):
    campaign = submitted(citizen)
    if state == "live":
        with django_capture_on_commit_callbacks(execute=True):
            task_action(client, moderator, campaign, "approve")
    campaign.refresh_from_db()
    with pytest.raises(PermissionDenied, match="plus être modifiée"):
        edit_campaign(campaign, user=citizen, proposed=proposed(title="Changé"))
    client.force_login(citizen)
    response = client.post(f"/financement/campagnes/{campaign.pk}/modifier/", form_data(title="Changé"), follow=True)
    assert "plus être modifiée" in response.text
    assert campaign.get_latest_revision_as_object().title != "Changé"


def test_mes_campagnes_says_where_each_campaign_stands_in_a_fixed_number_of_queries(
    client, citizen, django_assert_num_queries
):
    propose_campaign(campaign_index(), user=citizen, proposed=proposed(title="Brouillon"), submit=False)
    submitted(citizen, title="En relecture")
    live = make_campaign(holder=citizen, title="En ligne")
    done = make_campaign(holder=citizen, title="Réussie", deadline=timezone.now() - timedelta(days=1))
    CampaignTally.objects.create(campaign=done, outcome="succeeded", settled_at=timezone.now())
    client.force_login(citizen)
    client.get("/accounts/campaigns/")
    with django_assert_num_queries(7):
        page = client.get("/accounts/campaigns/").text
    for words in ("Brouillon", "En relecture", "En ligne", "Réussie"):
        assert words in page
    assert f"/financement/campagnes/{done.pk}/cloturer/" in page
    assert f"/financement/campagnes/{live.pk}/modifier/" not in page
    make_campaign(holder=citizen, title="Autre")
    with django_assert_num_queries(7):
        client.get("/accounts/campaigns/")


def _succeeded(category="rewards", **fields):
    campaign = make_campaign(category=category, deadline=timezone.now() - timedelta(days=1), **fields)
    CampaignTally.objects.create(campaign=campaign, outcome="succeeded", settled_at=timezone.now())
    return CampaignPage.objects.get(pk=campaign.pk)


def test_the_holder_closes_a_succeeded_campaign_once(client, citizen):
    campaign = _succeeded(holder=citizen)
    client.force_login(citizen)
    response = client.post(f"/financement/campagnes/{campaign.pk}/cloturer/", follow=True)
    assert "Votre campagne est clôturée" in response.text
    assert CampaignTally.objects.get(campaign=campaign).fulfilled_at is not None
    assert "Clôturée" in response.text
    with pytest.raises(PermissionDenied, match="déjà clôturée"):
        mark_fulfilled(CampaignPage.objects.get(pk=campaign.pk), user=citizen)


def test_only_the_holder_of_a_succeeded_campaign_closes_it(citizen):
    other = UserFactory(email="voisin@exemple.fr")
    with pytest.raises(PermissionDenied):
        mark_fulfilled(_succeeded(holder=citizen), user=other)
    live = make_campaign(holder=citizen)
    with pytest.raises(PermissionDenied, match="atteint son objectif"):
        mark_fulfilled(live, user=citizen)
    assert not CampaignTally.objects.filter(fulfilled_at__isnull=False).exists()


def test_a_loan_campaign_closes_once_every_instalment_is_repaid(citizen, moderator):

    campaign = _succeeded("loan", holder=citizen)
    first = LoanInstalment.objects.create(campaign=campaign, due_on=timezone.localdate(), percent=50)
    second = LoanInstalment.objects.create(campaign=campaign, due_on=timezone.localdate(), percent=50)
    loan = Pledge.objects.create(campaign=campaign, backer=UserFactory(), amount_cents=10_000, status="collected")
    Repayment.objects.create(pledge=loan, instalment=first, amount_cents=5_000, paid_on=timezone.localdate())
    with pytest.raises(PermissionDenied, match="1 restant"):
        mark_fulfilled(campaign, user=citizen)
    Repayment.objects.create(pledge=loan, instalment=second, amount_cents=5_000, paid_on=timezone.localdate())
    assert mark_fulfilled(CampaignPage.objects.get(pk=campaign.pk), user=citizen).fulfilled_at is not None


def test_the_admin_form_holds_editors_to_the_loan_schedule(client, editor, moderator):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    index = campaign_index()
    client.force_login(moderator)
    deadline = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%d %H:%M")

    def post(category, instalments):
        data = nested_form_data({
            "title": "Prêt pour un food-truck", "slug": "pret-food-truck", "holder_name": "Léa", "holder_kind": "business",
            "contact_email": "lea@exemple.fr", "summary": "Un food-truck.", "body": streamfield([]),
            "category": category, "goal_cents": "500000", "deadline": deadline, "matching_amount": "0",
            "matching_per": "1", "comment_moderation": "pre", "budget_lines": inline_formset([]), "reward_tiers": inline_formset([]),
            "loan_instalments": inline_formset(instalments), "comments": inline_formset([]),
        })
        return client.post(f"/admin/pages/add/financing/campaignpage/{index.pk}/", data)

    schedule = [{"due_on": "2027-06-01", "percent": "30"}, {"due_on": "2027-12-01", "percent": "30"}]
    refused = post("loan", schedule)
    assert refused.status_code == 200
    assert "100" in refused.text and "60" in refused.text
    assert not CampaignPage.objects.filter(slug="pret-food-truck").exists()
    refused = post("donation", schedule)
    assert "Seuls les prêts solidaires" in refused.text
    accepted = post("loan", [{"due_on": "2027-06-01", "percent": "40"}, {"due_on": "2027-12-01", "percent": "60"}])
    assert accepted.status_code == 302
    created = CampaignPage.objects.get(slug="pret-food-truck")
    assert created.loan_instalments.count() == 2
    assert created.comment_moderation == "pre"  # the editor chose to read comments before they appear


def test_anonymous_visitors_see_a_campaign_closed_at_once_despite_the_page_cache(client, settings, citizen):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    campaign = _succeeded(holder=citizen)
    assert "livrée" not in client.get(campaign.url).text
    mark_fulfilled(campaign, user=citizen)
    assert "Toutes les contreparties ont été livrées" in client.get(campaign.url).text


def test_the_admin_form_keeps_a_repaid_instalment_as_it_was_paid(client, moderator):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    campaign = make_campaign(category="loan", title="Prêt pour un four", slug="pret-four")
    # As the admin or the proposal form saves a schedule: in the page's revision.
    for position, due_on in enumerate([date(2027, 6, 1), date(2027, 12, 1)]):
        campaign.loan_instalments.add(LoanInstalment(due_on=due_on, percent=50, sort_order=position))
    campaign.save_revision().publish()
    first, second = LoanInstalment.objects.filter(campaign=campaign).order_by("sort_order")
    loan = Pledge.objects.create(campaign=campaign, backer=UserFactory(), amount_cents=10_000, status="collected")
    Repayment.objects.create(pledge=loan, instalment=first, amount_cents=5_000, paid_on=timezone.localdate())
    client.force_login(moderator)
    deadline = timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")

    def post(instalments):
        data = nested_form_data({
            "title": campaign.title, "slug": campaign.slug, "holder_name": campaign.holder_name,
            "holder_kind": campaign.holder_kind, "contact_email": campaign.contact_email, "summary": campaign.summary,
            "body": streamfield([]), "category": "loan", "goal_cents": str(campaign.goal_cents), "deadline": deadline,
            "matching_amount": "0", "matching_per": "1", "comment_moderation": "post", "budget_lines": inline_formset([]),
            "reward_tiers": inline_formset([]), "loan_instalments": inline_formset(instalments),
            "comments": inline_formset([]), "action-publish": "action-publish",
        })
        return client.post(f"/admin/pages/{campaign.pk}/edit/", data)

    def row(instalment, **changes):
        return {"id": str(instalment.pk), "due_on": str(instalment.due_on), "percent": str(instalment.percent), **changes}

    refused = post([row(first, percent="40"), row(second, percent="60")])
    assert "ni supprimée ni modifiée" in refused.text
    refused = post([row(first, DELETE="1"), row(second, percent="100")])
    assert "ni supprimée ni modifiée" in refused.text
    assert sorted(LoanInstalment.objects.filter(campaign=campaign).values_list("percent", flat=True)) == [50, 50]
    accepted = post([row(first), row(second, due_on="2028-01-15")])
    assert accepted.status_code == 302, accepted.context["form"].errors  # the unpaid instalment may still move
    assert (LoanInstalment.objects.get(pk=first.pk).due_on, LoanInstalment.objects.get(pk=first.pk).percent) == (
        date(2027, 6, 1), 50
    )


def test_my_campaigns_reads_a_closed_business_financing_offer(client, citizen):
    make_campaign(
        holder=citizen, title="Une épicerie coopérative", category="equity",
        equity_platform_url="https://plateforme.example/offre", deadline=timezone.now() - timedelta(days=1),
    )
    client.force_login(citizen)
    response = client.get("/accounts/campaigns/")
    assert response.status_code == 200
    assert "Offre close" in response.text
