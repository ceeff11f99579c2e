"""A signed-in citizen takes part in consultations through the real pages: finds one in the list,
posts a proposal, comments, replies, supports and withdraws the support; then votes on a budget,
is refused an over-budget ballot, changes the vote, checks the receipt and, once the vote has
closed, reads the results. The key forms are also used with JavaScript disabled.

The interface is switched to English with the header switcher (English msgids are the reference
wording while the French catalogue catches up); data is set up through the services and time is
moved by changing the consultation's dates in the database. Each key page is saved at 1280 and
320 px wide as test-artifacts/screenshots/journey-<page>-<width>.png, for a human to look at.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import (
    Ballot,
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    LocalProjectPage,
    Proposal,
    Support,
)
from consultations.services.comments import post_comment
from consultations.services.proposals import submit_proposal
from consultations.services.voting import cast_ballot
from freshness.versions import CONTENT, bump
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import PASSWORD, UserFactory

from . import portal_ui as ui
from .artifacts import screenshot_path

POOL = "Rénovation de la piscine Jean-Bouin"
POOL_QUESTION = "Comment rénover la piscine Jean-Bouin ?"
BUDGET_VOTE = "Budget participatif de Gerland"
OTHER_PROPOSAL = "Ouvrir le bassin nordique le dimanche soir"
MY_PROPOSAL = "Des cabines familiales accessibles"
RECEIPT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
SCREENSHOT_WIDTHS = (1280, 320)


# Data ---------------------------------------------------------------------------------------


@pytest.fixture
def consultations_in_menu(consultation_index):  # noqa: F811 (the imported fixture)
    """The consultations list is reachable from the main menu, as on the real site."""
    ConsultationIndexPage.objects.filter(pk=consultation_index.pk).update(show_in_menus=True)
    return consultation_index


@pytest.fixture
def neighbours(db):
    """Other citizens whose contributions are already there."""
    return {
        name: UserFactory(display_name=name)
        for name in ("Bastien R.", "Dominique P.", "Eva L.", "Farid K.")
    }


@pytest.fixture
def pool_consultation(make_consultation, consultations_in_menu, neighbours):  # noqa: F811
    """A consultation collecting proposals, with another citizen's proposal under discussion, next
    to an upcoming one and a closed one that the "open" filter must leave out."""
    make_consultation("information", title="Aménagement des berges du Rhône")
    make_consultation("results", title="Horaires d'été des médiathèques")
    consultation = make_consultation("proposals", title=POOL, question=POOL_QUESTION)
    proposal = submit_proposal(
        consultation,
        author=neighbours["Bastien R."],
        title=OTHER_PROPOSAL,
        body="Beaucoup de familles travaillent tard : un créneau le dimanche de 18 h à 21 h.",
    )
    post_comment(
        proposal, author=neighbours["Dominique P."], stance=Comment.Stance.FOR,
        body="Bonne idée, le dimanche soir le quartier est très calme.",
    )
    post_comment(
        proposal, author=neighbours["Eva L."], stance=Comment.Stance.AGAINST,
        body="Qui paiera les maîtres-nageurs en plus ?",
    )
    return consultation, proposal


@pytest.fixture
def budget_consultation(make_consultation, consultations_in_menu, neighbours):  # noqa: F811
    """A budget vote (100 000 € for 40 000, 50 000, 30 000 and 70 000 € projects), in which
    another citizen has already chosen projects 2 and 3."""
    consultation = make_consultation(
        "vote", title=BUDGET_VOTE, question="Quels projets financer dans le quartier ?",
        vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000,
        projects=[40_000, 50_000, 30_000, 70_000],
    )
    projects = list(LocalProjectPage.objects.child_of(consultation).order_by("path"))
    cast_ballot(
        consultation, voter=neighbours["Farid K."],
        choices=[(projects[1].pk, 1), (projects[2].pk, 1)],
    )
    return consultation


# Steps --------------------------------------------------------------------------------------


def capture(page, name):
    """Full-page screenshots at desktop and 320 px widths (test-artifacts/screenshots/)."""
    viewport = page.viewport_size
    for width in SCREENSHOT_WIDTHS:
        page.set_viewport_size({"width": width, "height": viewport["height"]})
        page.screenshot(path=screenshot_path(f"journey-{name}-{width}"), full_page=True)
    page.set_viewport_size(viewport)


def start_in_english(page, base_url):
    page.goto(base_url + "/")
    ui.switch_language(page, "en")


def sign_in_through_form(page, user):
    ui.sign_in_link(page).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        ui.submit_button(page).click()
    ui.expect_signed_in_as(page, user.display_name)


def expect_message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def open_consultations_list(page):
    page.locator("header nav.site-nav").get_by_role("link", name="Consultations").click()
    expect(page.locator("h1")).to_have_text("Consultations")


def consultation_titles(page):
    return page.locator("main .consultation-card h2")


def discussion(page):
    return page.locator("section.discussion")


def thread_of(page, body):
    """The first-level <li> of the discussion holding the comment `body`, with its replies."""
    return discussion(page).locator(":scope > ol.comment-list > li").filter(
        has=page.locator(":scope > article.comment", has_text=body)
    )


def reply_field(reply_box):
    """The reply box's text area. By role, not by its label: every reply form's label points to
    id="-body" (see test_each_reply_box_labels_its_own_text_area)."""
    return reply_box.get_by_role("textbox")


def budget_total(page):
    return page.locator("[data-budget-total]")


def euros(amount):
    """An amount as the page writes it in English: "90,000 €", server side and in JavaScript."""
    number = re.escape(f"{amount:,}")
    return rf"{number}\s€"


def project_box(page, number):
    return page.get_by_role("checkbox", name=re.compile(rf"^Projet {number}\b"))


# Journeys -----------------------------------------------------------------------------------


def test_citizen_posts_comments_replies_and_supports(
    page, live_server, citizen, pool_consultation
):
    consultation, other_proposal = pool_consultation
    start_in_english(page, live_server.url)
    sign_in_through_form(page, citizen)

    # The list, filtered to what is open for participation.
    open_consultations_list(page)
    expect(page.locator("main p[role=status]")).to_have_text("3 consultations")
    page.get_by_label("Status").select_option(label="Open for participation")
    submit(page, "Filter")
    expect(page).to_have_url(re.compile(r"/consultations/\?(.*&)?status=open\b"))
    expect(page.get_by_label("Status")).to_have_value("open")
    expect(page.locator("main p[role=status]")).to_have_text("1 consultation")
    expect(consultation_titles(page)).to_have_text([POOL])
    capture(page, "consultation-list")
    page.get_by_role("link", name=POOL, exact=True).click()
    expect(page.locator("h1")).to_have_text(POOL)

    # The consultation page: phase, timeline, actions.
    expect(page.locator(".phase-box__current")).to_have_text("Current phase: Proposals")
    expect(page.locator('.timeline [aria-current="step"]')).to_contain_text("Proposals")
    expect(page.get_by_role("link", name="See the 1 proposal")).to_be_visible()
    capture(page, "consultation")

    # Post a proposal.
    page.get_by_role("link", name="Post a proposal").click()
    expect(page.locator("h1")).to_have_text("Post a proposal")
    page.get_by_label("Title").fill(MY_PROPOSAL)
    page.get_by_label("Description").fill(
        "Prévoir des cabines assez larges pour un fauteuil roulant et une poussette,"
        " près du petit bain."
    )
    page.get_by_label("Keywords").fill("accessibilité, familles")
    # Checked before publishing: the proposal as it will appear, and those close to it.
    submit(page, "Check before publishing")
    expect(page.locator("main")).to_contain_text(MY_PROPOSAL)
    capture(page, "proposal-preview")
    submit(page, "Publish")
    expect(page).to_have_url(re.compile(r"/propositions/\d+/$"))
    expect_message(page, "Your proposal is published. Thank you!")
    expect(page.locator("h1")).to_have_text(MY_PROPOSAL)
    expect(page.locator("main")).to_contain_text("By Camille M.")
    expect(page.locator(".support-box__count")).to_have_text("0 supports")
    # Nobody supports their own proposal.
    expect(page.get_by_role("button", name="Support this proposal")).to_have_count(0)
    mine = Proposal.objects.get(title=MY_PROPOSAL)
    assert mine.status == Proposal.Status.PUBLISHED and mine.author == citizen

    # It is published in the list, next to the other citizen's.
    page.get_by_role("link", name=re.compile(r"^← Proposals — ")).click()
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation.pk}/propositions/"))
    expect(page.locator("main [role=status]")).to_have_text("2 proposals")
    expect(page.get_by_role("link", name=MY_PROPOSAL, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=OTHER_PROPOSAL, exact=True)).to_be_visible()
    capture(page, "proposal-list")

    # Support the other citizen's proposal from the list; the page comes back with the new count.
    page.get_by_role("button", name=f"Support — {OTHER_PROPOSAL}").click()
    expect_message(page, "Thank you for your support.")
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation.pk}/propositions/"))
    card = page.locator("main li").filter(has=page.get_by_role("link", name=OTHER_PROPOSAL))
    expect(card.locator(".card__counts")).to_contain_text("1 support")
    withdraw = page.get_by_role("button", name=f"Withdraw my support — {OTHER_PROPOSAL}")
    expect(withdraw).to_be_visible()

    # Comment on it with a stance.
    page.get_by_role("link", name=OTHER_PROPOSAL, exact=True).click()
    expect(page.locator("h1")).to_have_text(OTHER_PROPOSAL)
    expect(page.locator("main")).to_contain_text("By Bastien R.")
    expect(page.locator(".support-box")).to_contain_text("You support this proposal.")
    expect(discussion(page).locator("h2")).to_have_text("Discussion (2 threads)")
    new_comment = page.locator("form#comment-new")
    new_comment.get_by_label("Your comment").fill(
        "Oui, et annoncer ce créneau dans les centres sociaux du quartier."
    )
    new_comment.get_by_role("radio", name="For").check()
    with page.expect_navigation():
        new_comment.get_by_role("button", name="Publish my comment").click()
    expect(page).to_have_url(re.compile(r"/propositions/\d+/#comment-\d+$"))
    expect_message(page, "Your comment is published.")
    expect(discussion(page).locator("h2")).to_have_text("Discussion (3 threads)")
    posted = thread_of(page, "annoncer ce créneau").locator(":scope > article.comment")
    expect(posted.locator(".comment__author")).to_have_text("Camille M.")
    expect(posted.locator(".stance")).to_have_text("For")

    # Reply to another citizen's comment: open "Reply", write, send.
    thread = thread_of(page, "Qui paiera les maîtres-nageurs")
    reply_box = thread.locator("details.reply-box")
    expect(reply_box).not_to_have_attribute("open", "")
    reply_box.locator("summary").click()
    expect(reply_box).to_have_attribute("open", "")
    reply_field(reply_box).fill("La ville l'a prévu dans le budget de fonctionnement.")
    reply_box.get_by_role("radio", name="Against").check()
    with page.expect_navigation():
        reply_box.get_by_role("button", name="Send my reply").click()
    expect_message(page, "Your comment is published.")
    replies = thread_of(page, "Qui paiera les maîtres-nageurs").get_by_role("list", name="Replies")
    expect(replies).to_contain_text("La ville l'a prévu dans le budget de fonctionnement.")
    expect(replies.locator(".comment__author")).to_have_text("Camille M.")
    expect(replies.locator(".stance")).to_have_text("Against")
    # A reply is not a thread of its own.
    expect(discussion(page).locator("h2")).to_have_text("Discussion (3 threads)")
    capture(page, "proposal")

    # Withdraw the support from the proposal page.
    expect(page.locator(".support-box__count")).to_have_text("1 support")
    submit(page, "Withdraw my support")
    expect_message(page, "Your support has been withdrawn.")
    expect(page.locator(".support-box__count")).to_have_text("0 supports")
    expect(page.get_by_role("button", name="Support this proposal")).to_be_visible()
    assert not Support.objects.filter(proposal=other_proposal, user=citizen).exists()
    assert Comment.objects.filter(author=citizen).count() == 2


def test_citizen_votes_on_a_budget_checks_the_receipt_and_reads_the_results(
    page, live_server, citizen, budget_consultation
):
    consultation = budget_consultation
    start_in_english(page, live_server.url)
    sign_in_through_form(page, citizen)
    open_consultations_list(page)
    page.get_by_role("link", name=BUDGET_VOTE, exact=True).click()
    expect(page.locator("h1")).to_have_text(BUDGET_VOTE)
    expect(page.locator(".phase-box__current")).to_have_text("Current phase: Vote")
    projects = page.locator("section[aria-labelledby=projects-heading]")
    expect(projects.locator("h3")).to_have_text(["Projet 1", "Projet 2", "Projet 3", "Projet 4"])
    expect(page.get_by_role("link", name="Results")).to_have_count(0)  # not before the close

    page.get_by_role("link", name="Vote", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation.pk}/vote/$"))
    expect(page.locator("h1")).to_have_text("My ballot")
    expect(page.get_by_role("group", name=re.compile("fits within 100,000"))).to_be_visible()

    # The running total follows the ticks (JavaScript) and warns past the budget.
    expect(budget_total(page)).to_have_text(
        re.compile(rf"Your choices cost {euros(0)} out of {euros(100_000)}\.")
    )
    project_box(page, 1).check()
    project_box(page, 2).check()
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(90_000)} out of"))
    expect(budget_total(page)).not_to_contain_text("Over budget")
    project_box(page, 4).check()
    expect(budget_total(page)).to_have_text(
        re.compile(rf"cost {euros(160_000)} out of {euros(100_000)}\. Over budget!")
    )
    capture(page, "ballot-over-budget")

    # The server refuses it, says why, and gives the ballot back as it was filled in.
    submit(page, "Cast my vote")
    expect(page.get_by_role("alert")).to_have_text(re.compile(
        rf"Your ballot was not recorded:\s+Your choices cost {euros(160_000)},"
        rf" over the budget of {euros(100_000)}\. Remove a project and try again\."
    ))
    for number, ticked in ((1, True), (2, True), (3, False), (4, True)):
        expect(project_box(page, number)).to_be_checked(checked=ticked)
    capture(page, "ballot-refused")
    assert not Ballot.objects.filter(voter=citizen).exists()

    project_box(page, 4).uncheck()
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(90_000)} out of"))
    submit(page, "Cast my vote")
    expect_message(page, "Your vote has been recorded. Thank you!")
    expect(page.get_by_role("alert")).to_have_count(0)
    receipt = page.locator(".notice--success .receipt")
    expect(receipt).to_have_text(RECEIPT)
    code = receipt.inner_text()
    for number, ticked in ((1, True), (2, True), (3, False), (4, False)):
        expect(project_box(page, number)).to_be_checked(checked=ticked)
    capture(page, "ballot")

    # Change the vote: projects 1 and 3; the receipt stays the same.
    project_box(page, 2).uncheck()
    project_box(page, 3).check()
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(70_000)} out of"))
    submit(page, "Change my vote")
    expect_message(page, "Your vote has been changed. Only your latest ballot counts.")
    expect(page.locator(".notice--success .receipt")).to_have_text(code)
    for number, ticked in ((1, True), (2, False), (3, True), (4, False)):
        expect(project_box(page, number)).to_be_checked(checked=ticked)

    # The consultation page knows.
    page.get_by_role("link", name=f"← {BUDGET_VOTE}").click()
    expect(page.locator("main")).to_contain_text(f"Your receipt: {code}")
    expect(page.get_by_role("link", name="Change my vote")).to_be_visible()

    # Check the receipt: a mistyped code is not found, the real one is (typed loosely).
    page.goto(live_server.url + "/bulletin/verifier/")
    expect(page.locator("h1")).to_have_text("Check my ballot")
    page.get_by_label("Receipt").fill("AAAA-BBBB-CCCC-DDDD")
    submit(page, "Check")
    expect(page.locator("main [role=status]")).to_have_text(
        "No ballot has this receipt. Check the code you typed."
    )
    page.get_by_label("Receipt").fill(code.replace("-", " ").lower())
    submit(page, "Check")
    expect(page.locator("main [role=status]")).to_contain_text(
        f"This ballot is counted in “{BUDGET_VOTE}”"
    )

    # Time passes: the vote closes.
    now = timezone.now()
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        vote_opens_at=now - timedelta(days=10), vote_closes_at=now - timedelta(hours=1),
        decision_at=now + timedelta(days=10),
    )
    # Moving the dates back by a bulk write stands for an editor publishing new dates: like any
    # bulk write it bumps the version of what it changed (freshness/versions.py).
    bump(CONTENT)
    page.goto(live_server.url + consultation.url)
    expect(page.locator(".phase-box__current")).to_have_text("Current phase: Results")
    expect(page.get_by_role("link", name="Change my vote")).to_have_count(0)
    page.get_by_role("link", name="Results", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation.pk}/resultats/$"))
    expect(page.locator("h1")).to_have_text("Results")
    expect(page.locator("main")).not_to_contain_text("provisional")
    expect(page.locator("main dl")).to_contain_text(re.compile(r"Ballots\s*2"))
    rows = page.locator("table.results-table tbody tr")
    # Farid chose 2 and 3, Camille finally 1 and 3: her first choice (2) no longer counts.
    expect(rows).to_have_count(4)
    expected = [
        ("Projet 3", "2", "100.0%", "30,000 €"),
        ("Projet 1", "1", "50.0%", "40,000 €"),
        ("Projet 2", "1", "50.0%", "50,000 €"),
        ("Projet 4", "0", "0.0%", "70,000 €"),
    ]
    for row, (title, votes, share, cost) in zip(rows.all(), expected, strict=True):
        expect(row.locator("th")).to_have_text(title)
        expect(row.locator("td")).to_have_text([votes, share, cost])
    capture(page, "results")

    # The ballot is closed now.
    page.goto(live_server.url + f"/consultations/{consultation.pk}/vote/")
    expect(page.locator("main")).to_contain_text("The vote is closed.")
    expect(page.get_by_role("checkbox")).to_have_count(0)


def test_comment_and_budget_ballot_work_without_javascript(
    new_context, live_server, citizen, pool_consultation, budget_consultation
):
    _consultation, proposal = pool_consultation
    page = new_context(java_script_enabled=False).new_page()
    start_in_english(page, live_server.url)
    sign_in_through_form(page, citizen)

    page.goto(live_server.url + f"/propositions/{proposal.pk}/")
    new_comment = page.locator("form#comment-new")
    new_comment.get_by_label("Your comment").fill("Sans JavaScript, le formulaire marche aussi.")
    new_comment.get_by_role("radio", name="Against").check()
    with page.expect_navigation():
        new_comment.get_by_role("button", name="Publish my comment").click()
    expect_message(page, "Your comment is published.")
    posted = thread_of(page, "Sans JavaScript").locator(":scope > article.comment")
    expect(posted.locator(".stance")).to_have_text("Against")

    # <details> opens without script too.
    reply_box = thread_of(page, "Bonne idée").locator("details.reply-box")
    reply_box.locator("summary").click()
    reply_field(reply_box).fill("D'accord avec vous.")
    with page.expect_navigation():
        reply_box.get_by_role("button", name="Send my reply").click()
    expect(thread_of(page, "Bonne idée").get_by_role("list", name="Replies")).to_contain_text(
        "D'accord avec vous."
    )

    vote = budget_consultation
    page.goto(live_server.url + f"/consultations/{vote.pk}/vote/")
    # Without script the total is the server's, updated after each submission.
    expect(budget_total(page)).to_have_text(
        re.compile(rf"Your choices cost {euros(0)} out of {euros(100_000)}\.")
    )
    for number in (1, 2, 4):
        project_box(page, number).check()
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(0)} out of"))
    submit(page, "Cast my vote")
    expect(page.get_by_role("alert")).to_contain_text("over the budget of 100")
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(160_000)} out of"))
    project_box(page, 4).uncheck()
    submit(page, "Cast my vote")
    expect_message(page, "Your vote has been recorded. Thank you!")
    expect(page.locator(".notice--success .receipt")).to_have_text(RECEIPT)
    expect(budget_total(page)).to_have_text(re.compile(rf"cost {euros(90_000)} out of"))
    ballot = Ballot.objects.get(voter=citizen, consultation=vote)
    chosen = sorted(choice.project.title for choice in ballot.choices.all())
    assert chosen == ["Projet 1", "Projet 2"]


def test_each_reply_box_labels_its_own_text_area(page, live_server, citizen, pool_consultation):
    _consultation, proposal = pool_consultation
    ui.choose_language(page.context, live_server.url, "en")
    ui.sign_in_as(page.context, live_server.url, citizen)
    page.goto(live_server.url + f"/propositions/{proposal.pk}/")
    boxes = discussion(page).locator("details.reply-box")
    expect(boxes).to_have_count(2)
    for box in boxes.all():
        box.locator("summary").click()
        # Read at once (no auto-wait): the label of the text area in this very box.
        labels = reply_field(box).evaluate("area => [...area.labels].map(l => l.innerText.trim())")
        assert labels == ["Your reply"], f"the reply box's text area is labelled {labels}"
    ids = page.locator("main [id]").evaluate_all("elements => elements.map(e => e.id)")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates and "" not in ids, f"duplicate or empty ids: {duplicates}"
