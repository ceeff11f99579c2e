"""The demo seeded once at scale 1 for the package (see conftest.seeded_demo): what visitors, staff and
benchmarks find in it, and that a second run changes nothing."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from consultations import permissions
from consultations.models import (
    Ballot,
    BallotChoice,
    BoardDecision,
    Comment,
    CommentUpvote,
    Consent,
    ConsultationIndexPage,
    ConsultationPage,
    Facility,
    Follow,
    ImplementationIndexPage,
    ImplementationUpdate,
    LocalProjectPage,
    Neighbourhood,
    OpinionResult,
    OpinionRound,
    Proposal,
    Statement,
    StatementVote,
    SynthesisPage,
    Support,
    TaggedProposal,
    User,
)
from consultations.phases import Phase
from consultations.selectors import vote_results
from consultations.services.voting import ballot_projects, validate_choices
from demo.accounts import CITIZEN_PASSWORD, CITIZENS_PER_SCALE, DEMO_ACCOUNTS, EMAIL_DOMAIN
from demo.citizen_texts import BENCHMARK
from demo.pages import SITES
from home.models import HomePage, SiteIdentity, StandardPage


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

EDITORIAL_SLUGS = [
    "comment-participer",
    "accessibilite",
    "mentions-legales",
    "conditions-utilisation",
    "donnees-personnelles",
    "cookies",
]


def seed(**options):
    output = io.StringIO()
    call_command("seed_demo", stdout=output, **options)
    return output.getvalue()


def generated_citizens():
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(
        email__in=[account.email for account in DEMO_ACCOUNTS]
    )


def row_counts():
    models = (
        User,
        EmailAddress,
        Consent,
        Page,
        Revision,
        Site,
        SiteIdentity,
        get_image_model(),
        Neighbourhood,
        Facility,
        Proposal,
        TaggedProposal,
        Follow,
        Support,
        Comment,
        CommentUpvote,
        Ballot,
        BallotChoice,
        BoardDecision,
        ImplementationUpdate,
        OpinionRound,
        Statement,
        StatementVote,
        OpinionResult,
    )
    return {model.__name__: model.objects.count() for model in models}


def portal_consultations():
    index = ConsultationIndexPage.objects.child_of(
        Site.objects.get(hostname="localhost").root_page
    ).get()
    return index, list(ConsultationPage.objects.child_of(index).live().specific())


def test_each_site_has_its_hostname_identity_and_legal_pages():
    for spec in SITES:
        site = Site.objects.get(hostname=spec["hostname"], port=8000)
        identity = SiteIdentity.objects.get(site=site)
        identity.full_clean()
        assert identity.organisation_name == spec["identity"]["organisation_name"]
        assert identity.logo and identity.default_social_image
        assert identity.legal_notice_page.slug == "mentions-legales"
        assert identity.privacy_page.slug == "donnees-personnelles"
        assert identity.terms_page.slug == "conditions-utilisation"
        assert identity.cookies_page.slug == "cookies"
        pages = Page.objects.child_of(site.root_page).live().type(StandardPage)
        assert sorted(pages.values_list("slug", flat=True)) == sorted(EDITORIAL_SLUGS)
        assert all(page.search_description for page in pages)
        assert all(page.revisions.exists() for page in pages)
    assert list(Site.objects.filter(is_default_site=True).values_list("hostname", flat=True)) == [
        "localhost"
    ]


def test_the_portal_reuses_the_home_page_created_by_the_migration(seeded_demo):
    home_page = HomePage.objects.get(pk=seeded_demo.migration_home_id)

    assert Site.objects.get(hostname="localhost").root_page_id == home_page.pk
    assert home_page.title == SITES[0]["home"]["title"]
    assert [block.block_type for block in home_page.body] == [
        "hero",
        "text",
        "featured",
        "call_to_action",
    ]
    assert home_page.live_revision is not None
    assert HomePage.objects.count() == len(SITES)


def test_home_page_bodies_pass_the_editors_validation():
    stream_block = HomePage._meta.get_field("body").stream_block
    home_pages = list(HomePage.objects.all())

    for home_page in home_pages:
        cleaned = stream_block.clean(home_page.body)  # raises ValidationError when invalid

        assert [block.block_type for block in cleaned] == [
            "hero",
            "text",
            "featured",
            "call_to_action",
        ], home_page.slug
    # The same check refuses a body an editor could not save: a hero without its heading.
    broken = home_pages[0].body.get_prep_value()
    broken[0]["value"]["heading"] = ""
    with pytest.raises(ValidationError):
        stream_block.clean(stream_block.to_python(broken))


def test_each_hostname_serves_its_own_home_page(client):
    rink = client.get("/", HTTP_HOST="patinoire.localhost")
    portal = client.get("/", HTTP_HOST="localhost")

    assert rink.status_code == 200
    assert '<span class="site-brand__name" lang="fr">Patinoire des Tanneurs</span>' in rink.text
    assert portal.status_code == 200
    assert '<span class="site-brand__name" lang="fr">Rives de Saône Loisirs</span>' in portal.text
    assert "Patinoire des Tanneurs</span>" not in portal.text


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_editorial_pages_are_served_on_their_site(client, spec):
    for slug in EDITORIAL_SLUGS:
        response = client.get(f"/{slug}/", HTTP_HOST=spec["hostname"])

        assert response.status_code == 200, slug
        assert spec["identity"]["organisation_name"] in response.text


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_each_site_has_its_follow_up_page_in_its_menu(client, spec):
    page = ImplementationIndexPage.objects.live().get(slug=spec["follow_up"]["slug"], url_path__startswith=f"/{spec['home']['slug']}/")

    html = client.get(f"/{page.slug}/", HTTP_HOST=spec["hostname"]).text

    menu = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    assert f'href="/{page.slug}/"' in menu and "Suivi des réalisations" in menu


def test_the_pools_adopted_projects_are_followed_up_as_the_consultation_tells(client):
    shades = BoardDecision.objects.get(local_project__slug="ombrieres-plages")
    paddling = BoardDecision.objects.get(local_project__slug="pataugeoire")
    consultation = shades.consultation
    results = vote_results(consultation, list(ballot_projects(consultation)))

    for decision in (shades, paddling):
        assert decision.outcome == BoardDecision.Outcome.ADOPTED
        assert decision.meeting_date == timezone.localtime(consultation.decision_at).date()
        # The rationale says more than half of the voters approved it: the ballots agree.
        assert "plus de la moitié des votants" in decision.rationale
        [row] = [row for row in results.rows if row.project.pk == decision.local_project_id]
        assert 2 * row.approvals > results.ballots
        dates = list(decision.updates.values_list("date", flat=True))
        assert dates == sorted(dates) and dates[0] == decision.meeting_date and dates[-1] <= timezone.localdate()
    assert (shades.stage, shades.progress) == ("done", 100)
    assert (paddling.stage, paddling.progress) == ("in_progress", 60)
    assert "les ombrières sont installées, la pataugeoire est en travaux" in consultation.summary

    html = client.get("/suivi-des-realisations/", HTTP_HOST="localhost").text
    assert "Des ombrières sur les plages minérales" in html and "Une pataugeoire pour les moins de 6 ans" in html
    assert "Les ombrières sont installées" in html and "Le bassin est coulé" in html
    assert "340\u00a0000\u00a0€" in html


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_the_footer_of_each_site_links_to_all_its_legal_pages(client, spec):
    html = client.get("/", HTTP_HOST=spec["hostname"]).text
    footer = html[html.index('<footer class="site-footer">'):]

    for slug in ("mentions-legales", "accessibilite", "conditions-utilisation", "donnees-personnelles", "cookies"):
        assert f'href="/{slug}/"' in footer, slug
        assert client.get(f"/{slug}/", HTTP_HOST=spec["hostname"]).status_code == 200, slug


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_the_signup_form_links_to_the_terms_and_privacy_pages_of_its_site(client, spec):
    html = client.get("/accounts/signup/", HTTP_HOST=spec["hostname"]).text

    assert '<a href="/conditions-utilisation/">' in html
    assert '<a href="/donnees-personnelles/">' in html


def test_editorial_pages_name_their_own_site():
    for spec in SITES:
        root = Site.objects.get(hostname=spec["hostname"]).root_page
        for page in StandardPage.objects.child_of(root):
            text = f"{page.intro} {page.body}"

            assert "{" not in text and "}" not in text, page.url_path
            if page.slug != "mentions-legales":
                assert spec["identity"]["contact_email"] in text, page.url_path


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.email)
def test_demo_account_signs_in_with_the_documented_password(client, account):
    user = User.objects.get(email=account.email)

    validate_password(account.password, user)
    assert set(user.groups.values_list("name", flat=True)) == set(account.groups)
    assert user.is_superuser == account.is_superuser
    assert EmailAddress.objects.filter(
        user=user, email=account.email, primary=True, verified=True
    ).exists()

    response = client.post(
        "/accounts/login/", {"login": account.email, "password": account.password}
    )

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/admin/").status_code == (200 if account.reaches_admin else 302)


def test_the_verified_demo_resident_was_checked_at_a_desk_by_the_moderator():
    resident = User.objects.get(email="citoyenne.verifiee@demo.example")

    assert resident.is_verified_resident
    assert resident.resident_verified_at is not None
    assert resident.resident_verification_method == User.VerificationMethod.DESK
    assert resident.resident_verified_by.email == "moderation@demo.example"
    assert not User.objects.get(email="citoyen@demo.example").is_verified_resident


def test_generated_citizens_sign_in_with_the_shared_password(client):
    citizen = generated_citizens().order_by("pk").first()

    response = client.post(
        "/accounts/login/", {"login": citizen.email, "password": CITIZEN_PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_generated_citizens_look_like_residents_of_the_metropolis():
    citizens = generated_citizens()

    assert citizens.count() == CITIZENS_PER_SCALE
    assert EmailAddress.objects.filter(user__in=citizens, verified=True, primary=True).count() == (
        CITIZENS_PER_SCALE
    )
    verified = citizens.filter(is_verified_resident=True)
    assert CITIZENS_PER_SCALE * 0.3 <= verified.count() <= CITIZENS_PER_SCALE * 0.7
    assert not verified.filter(postcode="").exists()
    assert not verified.filter(resident_verified_by=None).exists()
    assert all(citizen.display_name.endswith(".") for citizen in citizens)


def test_a_second_run_creates_nothing_new():
    counts = row_counts()

    output = seed(scale=1)

    assert row_counts() == counts
    assert "Rien à créer" in output


def test_scale_two_adds_the_next_citizens_and_their_contributions():
    first_emails = set(generated_citizens().values_list("email", flat=True))
    proposals = Proposal.objects.count()
    statement_votes = StatementVote.objects.count()

    seed(scale=2)

    assert len(first_emails) == CITIZENS_PER_SCALE
    assert generated_citizens().count() == 2 * CITIZENS_PER_SCALE
    assert first_emails < set(generated_citizens().values_list("email", flat=True))
    assert Proposal.objects.count() > proposals
    assert StatementVote.objects.count() > statement_votes


def test_every_run_prints_the_accounts_table(seeded_demo):
    again = seed(scale=0)

    for output in (seeded_demo.output, again):
        assert "http://127.0.0.1:8000/accounts/login/" in output
        for account in DEMO_ACCOUNTS:
            assert f"| {account.email}" in output
            assert f"| {account.password}" in output


def test_the_readme_shows_the_accounts_table(seeded_demo):
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = seeded_demo.output[seeded_demo.output.index("| Rôle") :].strip()

    assert table in readme


def test_a_negative_scale_is_refused():
    counts = row_counts()

    with pytest.raises(CommandError):
        seed(scale=-1)

    assert row_counts() == counts


def demo_consultations():
    return list(ConsultationPage.objects.live().specific())


def test_the_demo_shows_a_consultation_in_every_phase_and_every_vote_method():
    index, _portal = portal_consultations()
    consultations = demo_consultations()

    assert index.show_in_menus and index.live
    assert {consultation.phase for consultation in consultations} == set(Phase)
    assert {consultation.vote_method for consultation in consultations} == set(
        ConsultationPage.VoteMethod
    )
    rink = Site.objects.get(hostname="patinoire.localhost").root_page
    assert ConsultationPage.objects.descendant_of(rink).live().exists()


def test_consultations_use_each_participation_setting():
    consultations = demo_consultations()
    by_method = {consultation.vote_method: consultation for consultation in consultations}

    budget = by_method[ConsultationPage.VoteMethod.BUDGET]
    costs = [project.cost for project in ballot_projects(budget)]
    assert 5 <= len(costs) <= 8
    assert budget.budget < sum(costs)
    assert by_method[ConsultationPage.VoteMethod.APPROVAL].max_choices
    assert by_method[ConsultationPage.VoteMethod.POINTS].points_per_voter
    assert any(
        consultation.audience == ConsultationPage.Audience.RESIDENTS
        and consultation.postcode_list
        for consultation in consultations
    )
    assert any(
        consultation.moderation == ConsultationPage.Moderation.PRE
        for consultation in consultations
    )
    decided = [c for c in consultations if c.phase == Phase.DECISION]
    assert decided and all(consultation.decision for consultation in decided)


def test_consultation_pages_pass_the_editors_validation():
    stream_block = ConsultationPage._meta.get_field("context").stream_block
    block_types = set()

    for consultation in ConsultationPage.objects.specific():
        consultation.full_clean()
        stream_block.clean(consultation.context)
        block_types |= {block.block_type for block in consultation.context}
    for project in LocalProjectPage.objects.all():
        project.full_clean()

    assert {"text", "key_figures", "faq", "image", "document"} <= block_types


def test_stored_counts_equal_the_rows():
    proposals = Proposal.objects.annotate(
        supports_stored=Count("supports", distinct=True),
        comments_published=Count(
            "comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True
        ),
    )
    comments = Comment.objects.annotate(upvotes_stored=Count("upvotes"))

    assert Support.objects.count() > 100
    assert Comment.objects.filter(proposal__isnull=False).count() > 100
    for proposal in proposals:
        assert proposal.support_count == proposal.supports_stored, proposal.pk
        assert proposal.comment_count == proposal.comments_published, proposal.pk
    for comment in comments:
        assert comment.upvote_count == comment.upvotes_stored, comment.pk


def could_take_part(user, consultation):
    """Whether `user` could take part when they did: the demo suspends one of its citizens
    afterwards (demo/data/moderation.yaml), which the rule of the time ignores."""
    user.suspended_until = None
    return permissions.can_take_part(user, consultation)


def test_ballots_follow_the_vote_rules():
    ballots = Ballot.objects.select_related("consultation", "voter").prefetch_related("choices")

    assert ballots.count() > 20
    for ballot in ballots:
        consultation = ballot.consultation
        choices = [(choice.project_id, choice.value) for choice in ballot.choices.all()]
        assert consultation.phase in {Phase.VOTE, Phase.RESULTS, Phase.DECISION}
        assert ballot.method == consultation.vote_method
        validate_choices(consultation, choices)
        assert could_take_part(ballot.voter, consultation)
        assert consultation.vote_opens_at <= ballot.created_at <= ballot.updated_at
        assert ballot.updated_at <= consultation.vote_closes_at
    budget = ConsultationPage.objects.get(vote_method=ConsultationPage.VoteMethod.BUDGET)
    spent = (
        BallotChoice.objects.filter(ballot__consultation=budget)
        .values("ballot")
        .annotate(total=Sum("project__cost"))
    )
    assert spent and all(row["total"] <= budget.budget for row in spent)


def test_supports_and_comments_follow_the_participation_rules():
    supports = Support.objects.select_related("proposal__consultation", "user")
    assert not supports.filter(user=F("proposal__author")).exists()
    assert not supports.exclude(proposal__status=Proposal.Status.PUBLISHED).exists()
    for support in supports.filter(proposal__consultation__audience="residents"):
        assert could_take_part(support.user, support.proposal.consultation)
    for proposal in Proposal.objects.select_related("consultation", "author"):
        consultation = proposal.consultation
        assert consultation.proposals_opens_at <= proposal.created_at
        assert proposal.created_at <= consultation.proposals_closes_at
        assert could_take_part(proposal.author, consultation)
    commented = Comment.objects.filter(proposal__isnull=False)
    assert not commented.exclude(proposal__status=Proposal.Status.PUBLISHED).exists()
    assert not CommentUpvote.objects.filter(user=F("comment__author")).exists()
    assert not CommentUpvote.objects.exclude(comment__status=Comment.Status.PUBLISHED).exists()
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.parent_id is None
        assert reply.parent.target == reply.target
        assert reply.created_at >= reply.parent.created_at


def test_authors_follow_their_proposals():
    unfollowed = Proposal.objects.exclude(
        pk__in=Follow.objects.filter(user=F("proposal__author")).values("proposal")
    )

    assert Proposal.objects.exists()
    assert not unfollowed.exists()


def test_the_decision_tells_what_the_ballots_say():
    decided = next(
        page
        for page in ConsultationPage.objects.filter(
            vote_method=ConsultationPage.VoteMethod.FOR_AGAINST
        )
        if page.phase == Phase.DECISION
    )
    ballots = Ballot.objects.filter(consultation=decided).count()
    votes = {
        row["project__slug"]: row
        for row in BallotChoice.objects.filter(ballot__consultation=decided)
        .values("project__slug")
        .annotate(yes=Count("pk", filter=Q(value=1)), no=Count("pk", filter=Q(value=-1)))
    }

    assert ballots > 0
    # "approuvées par plus de la moitié des votants"
    for slug in ("ombrieres-plages", "pataugeoire"):
        assert votes[slug]["yes"] * 2 > ballots, votes[slug]
    # "davantage de votants s'y étant opposés que les ayant approuvés"
    assert votes["beach-volley"]["no"] > votes["beach-volley"]["yes"]


def test_the_benchmark_proposal_carries_a_long_discussion(client):
    proposal = Proposal.objects.get(title=BENCHMARK["title"])
    comments = proposal.comments.filter(status=Comment.Status.PUBLISHED)

    assert proposal.status == Proposal.Status.PUBLISHED
    assert proposal.consultation.phase == Phase.PROPOSALS
    assert comments.count() == BENCHMARK["comments"]
    assert comments.filter(parent__isnull=False).count() >= BENCHMARK["comments"] // 4
    response = client.get(proposal.get_absolute_url(), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert escape(proposal.title) in response.text
    assert escape(comments.latest("created_at").body) in response.text


def test_every_consultation_page_and_proposal_list_is_served(client):
    for consultation in ConsultationPage.objects.live():
        host = consultation.get_site().hostname
        page = client.get(consultation.url, HTTP_HOST=host)
        listing = client.get(
            reverse("consultations:proposal_list", args=[consultation.pk]), HTTP_HOST=host
        )

        assert page.status_code == 200, consultation.slug
        assert listing.status_code == 200, consultation.slug


def test_the_demo_queue_holds_waiting_reported_and_decided_contributions_on_every_site(client):
    """moderation.yaml's cases, through the moderation services: what each moderator finds."""
    from wagtail.models import ModelLogEntry

    from consultations.models import Sanction

    moderator = User.objects.get(email="moderation@demo.example")
    client.force_login(moderator)
    queue = client.get("/admin/moderation/").content.decode()
    # Reported first (the rink's reported comment, the advert hidden by three reports), then what
    # waits on the campsite.
    assert queue.index("ceux qui viennent patiner") < queue.index("Maillots de bain") < queue.index("Des soirées cinéma")
    decided = client.get("/admin/moderation/", {"state": "decided"}).content.decode()
    for text in ("Je vends ma caravane", "Un abri pour les vélos", "sécher les gants"):
        assert text in decided
    # The caravan's rejection is contested; the comment hidden for an address came back rewritten.
    appealed = client.get("/admin/moderation/", {"state": "contested"}).content.decode()
    assert "Je vends ma caravane" in appealed and "souvent sec avec les nageurs" in appealed
    assert "Il habite au 14 rue" not in appealed

    caravan = Proposal.objects.get(title="Je vends ma caravane de 2015")
    assert caravan.status == Proposal.Status.REJECTED and caravan.moderation_reason.code == "hors-sujet"
    assert caravan.appeal == "contested"
    entry = ModelLogEntry.objects.for_instance(caravan).get(action="consultations.moderation.reject")
    assert entry.user.email == "moderation.camping@demo.example"
    advert = Comment.objects.get(body__startswith="Maillots de bain")
    assert advert.status == Comment.Status.HIDDEN and advert.report_count == 3

    # The campsite's moderator sees the campsite's queue only.
    client.force_login(User.objects.get(email="moderation.camping@demo.example"))
    campsite_queue = client.get("/admin/moderation/").content.decode()
    assert "Des soirées cinéma" in campsite_queue and "Maillots de bain" not in campsite_queue

    # The advert's author is suspended for a week, and told so where they would take part.
    suspended = Sanction.objects.get().user
    assert suspended == advert.author and suspended.suspended_until is not None
    client.force_login(suspended)
    page = ConsultationPage.objects.get(slug="centres-aquatiques-vos-idees")
    html = client.get(reverse("consultations:proposal_create", args=[page.pk]), follow=True).content.decode()
    assert "suspendu" in html


def test_the_benchmark_proposal_has_an_official_answer_under_study(client):
    from demo.citizen_texts import BENCHMARK as proposal_spec

    proposal = Proposal.objects.get(title=proposal_spec["title"])
    assert proposal.answer_status == "under_study"
    html = client.get(proposal.get_absolute_url(), follow=True).content.decode()
    assert escape("À l'étude") in html and "deux maîtres-nageurs de plus" in html


def test_the_pools_synthesis_is_frozen_and_its_words_agree_with_its_figures(client):
    page = SynthesisPage.objects.get(slug="synthese", url_path__contains="/abords-piscine-ete-port-fluvial/")
    snapshot = page.snapshots.get()
    figures = snapshot.figures
    rows = {row["title"]: row for row in figures["results"]["rows"]}
    ballots = figures["results"]["ballots"]
    # « Les ombrières et la pataugeoire sont approuvées par plus de la moitié des votants. »
    for title in ("Des ombrières sur les plages minérales", "Une pataugeoire pour les moins de 6 ans"):
        assert 2 * rows[title]["approvals"] > ballots
    # « Le snack recueille plus de votes pour que contre ; les terrains de beach-volley, plus de votes contre que pour. »
    assert rows["Un snack avec terrasse"]["approvals"] > rows["Un snack avec terrasse"]["against"]
    assert rows["Deux terrains de beach-volley"]["against"] > rows["Deux terrains de beach-volley"]["approvals"]
    # « La proposition la plus commentée demande de l'ombre sur les plages. »
    assert figures["proposals"]["most_discussed"][0]["title"] == "De l'ombre sur les plages"
    html = client.get(page.url_path.removeprefix("/home"), HTTP_HOST="localhost").text
    assert snapshot.digest in html and "Chiffres arrêtés le" in html

    budget = SynthesisPage.objects.get(slug="synthese", url_path__contains="/budget-participatif-2027/")
    assert budget.officials_only and not budget.snapshots.exists()
    assert client.get(budget.url_path.removeprefix("/home"), HTTP_HOST="localhost").status_code == 302


def _statement_texts(entries):
    texts = dict(Statement.objects.values_list("pk", "text"))
    return {(entry["direction"], texts[entry["statement"]].replace("\u00a0", " ")) for entry in entries}


def test_the_saint_roch_round_maps_its_planted_groups_and_the_synthesis_agrees(client):
    opinion_round = OpinionRound.objects.get(consultation__slug="renovation-piscine-saint-roch")
    assert opinion_round.is_open()
    staff = opinion_round.statements.filter(author=None)
    assert staff.count() == 25 and set(staff.values_list("status", flat=True)) == {Statement.Status.PUBLISHED}
    proposed = opinion_round.statements.exclude(author=None)
    assert sorted(proposed.values_list("status", flat=True)) == ["pending", "published", "published"]
    assert not proposed.filter(status="published", moderated_by=None).exists()
    assert not StatementVote.objects.filter(statement__status="pending").exists()
    voters = StatementVote.objects.filter(statement__round=opinion_round).values("participant").distinct().count()
    assert voters >= CITIZENS_PER_SCALE * 0.9
    for vote in StatementVote.objects.filter(statement__round=opinion_round).select_related("participant"):
        assert permissions.can_take_part(vote.participant, opinion_round.consultation)
        assert opinion_round.opens_at <= vote.updated_at <= timezone.now()

    data = opinion_round.results.latest().data
    assert data["enough_data"] and data["participants"] == voters
    # « Le tour d'opinions fait apparaître deux groupes : le plus nombreux tient au tarif actuel et
    # préfère un bassin d'apprentissage à un toit ouvrant ; l'autre accepterait une hausse modérée des
    # tarifs pour des horaires plus larges et réclame un bassin de 50 m. »
    assert data["k"] == 2
    larger, smaller = sorted(data["groups"], key=lambda group: -group["size"])
    assert larger["size"] > smaller["size"]
    assert {
        ("agree", "Le tarif d'entrée ne doit pas augmenter après les travaux."),
        ("agree", "Un bassin d'apprentissage est plus utile qu'un toit ouvrant."),
    } <= _statement_texts(larger["representative"])
    assert {
        ("agree", "Une hausse modérée des tarifs est acceptable si la piscine ouvre plus longtemps."),
        ("agree", "Il manque un bassin de 50 m dans la métropole."),
    } <= _statement_texts(smaller["representative"])
    # « Presque tous s'accordent pour réparer d'abord les fuites du bassin et pour ouvrir des
    # créneaux aux écoles du quartier. »
    assert {
        ("agree", "Les fuites du bassin doivent être réparées avant tout autre chantier."),
        ("agree", "Les écoles du quartier doivent obtenir des créneaux d'apprentissage de la natation."),
    } <= _statement_texts(data["consensus"])

    page = SynthesisPage.objects.get(slug="synthese", url_path__contains="/renovation-piscine-saint-roch/")
    assert page.officials_only
    assert "deux groupes" in str(page.body)


def test_the_rinks_round_has_too_few_participants_to_be_mapped():
    opinion_round = OpinionRound.objects.get(consultation__slug="patinoire-renovee-vos-envies")
    assert opinion_round.consultation.get_site().hostname.startswith("patinoire")
    data = opinion_round.results.latest().data
    assert not data["enough_data"] and data["reason"] == "too_few_participants"
    assert data["participants"] == 4
