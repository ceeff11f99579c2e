"""A moderator clears a queue of ten contributions through the real admin pages, and an author
sees the outcome (issue 9).

In a pre-moderated consultation, three citizens wait for six proposals and four comments to be
published. The moderator signs in on the portal's sign-in page, follows the admin menu's
« Modération (10) », approves one proposal from its own page with the keyboard only, refuses
another there with a reason, then refuses a selection of proposals and comments in bulk (two
confirmations, one per kind, the reason chosen once) and approves the rest in bulk, until the
queue is empty and the menu no longer shows a count. Each decision emails its author; the author of
the refused proposal signs in and finds it refused, with the reason and the moderator's note, in
« Mes contributions ».

The admin speaks French (the staff's language), so the wording asserted is the French catalogue's.
The queue, a confirmation page and the author's page are saved at 1280 and 375 px wide as
test-artifacts/screenshots/moderation-<page>-<width>.png, for a human to look at.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Comment, ConsultationPage, Proposal
from consultations.roles import MODERATORS
from consultations.services.comments import post_comment
from consultations.services.proposals import submit_proposal
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import PASSWORD, ProposalFactory, UserFactory

from . import portal_ui as ui
from .artifacts import screenshot_path

POOL = "Rénovation de la piscine Jean-Bouin"
COMMENTED = "Des bancs à l'ombre autour du grand bassin"
SCREENSHOT_WIDTHS = (1280, 375)

# Six proposals and four comments, by three citizens (at most five proposals an hour each).
PROPOSALS = {
    "approved alone": ("Aurélie B.", "Ouvrir le bassin nordique le dimanche soir"),
    "refused alone": ("Aurélie B.", "Un parking pour camping-cars sur le parvis"),
    "refused in bulk 1": ("Bruno C.", "Vendre des cartes d'abonnement sur mon site"),
    "refused in bulk 2": ("Bruno C.", "Achetez mes lunettes de natation à prix cassés"),
    "approved in bulk 1": ("Chloé D.", "Des cabines familiales accessibles"),
    "approved in bulk 2": ("Chloé D.", "Un créneau de nage réservé aux seniors le matin"),
}
COMMENTS = {
    "refused in bulk 1": ("Bruno C.", "Promotion : mes bonnets de bain à moitié prix."),
    "refused in bulk 2": ("Bruno C.", "Visitez ma boutique en ligne de maillots de bain."),
    "approved in bulk 1": ("Aurélie B.", "Oui, et des bancs assez hauts pour les aînés."),
    "approved in bulk 2": ("Chloé D.", "Pensez aussi à un point d'eau potable près des bancs."),
}
OFF_TOPIC = "Hors sujet"  # ModerationReason "hors-sujet", seeded by migration 0011
SPAM = "Publicité ou spam"  # ModerationReason "spam"


# Data ---------------------------------------------------------------------------------------


@pytest.fixture
def authors(db):
    names = {name for name, _text in [*PROPOSALS.values(), *COMMENTS.values()]}
    return {name: UserFactory(display_name=name) for name in sorted(names)}


@pytest.fixture
def waiting(make_consultation, authors):  # noqa: F811 (the imported fixture)
    """Ten contributions awaiting moderation, posted through the services as citizens post them;
    the comments are on a proposal published before."""
    consultation = make_consultation(
        "proposals", title=POOL, moderation=ConsultationPage.Moderation.PRE
    )
    commented = ProposalFactory(
        consultation=consultation, title=COMMENTED, author=UserFactory(display_name="Dominique P.")
    )
    proposals = {
        key: submit_proposal(
            consultation, author=authors[name], title=title,
            body=f"{title} : la piscine en a besoin, pour tous les habitants du quartier.",
        )
        for key, (name, title) in PROPOSALS.items()
    }
    comments = {
        key: post_comment(commented, author=authors[name], body=body)
        for key, (name, body) in COMMENTS.items()
    }
    assert {item.status for item in [*proposals.values(), *comments.values()]} == {"pending"}
    return proposals, comments


@pytest.fixture
def moderator(db):
    return UserFactory(display_name="Mona M.", groups=[MODERATORS])


# Steps --------------------------------------------------------------------------------------


def plain(text):
    """French typography's no-break spaces (before « : », inside « »), as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# Wagtail's admin scrolls its content in a box of the window's height, which a full-page
# screenshot does not unroll: the window is made as tall as the tallest scrolling content.
CONTENT_HEIGHT = """() => Math.max(...Array.from(
    document.querySelectorAll("body, body *"), element => element.scrollHeight))"""


def capture(page, name):
    viewport = page.viewport_size
    for width in SCREENSHOT_WIDTHS:
        page.set_viewport_size({"width": width, "height": viewport["height"]})
        height = min(page.evaluate(CONTENT_HEIGHT), 6000)
        page.set_viewport_size({"width": width, "height": max(height, viewport["height"])})
        page.screenshot(path=screenshot_path(f"moderation-{name}-{width}"), full_page=True)
    page.set_viewport_size(viewport)


def sign_in(page, base_url, user, *, next_url):
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        ui.submit_button(page).click()


def menu_item(page):
    """The admin menu's moderation entry (its label carries the count of what waits)."""
    return page.locator('a.sidebar-menu-item__link[href="/admin/moderation/"]')


def queue_count(page):
    return page.locator("main p[aria-live=polite]")


def row_checkbox(page, text):
    return page.get_by_role("checkbox", name=f"Sélectionner « {text} »")


def expect_admin_message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def continue_with(page, decision):
    page.get_by_label("Pour les contributions sélectionnées :").select_option(label=decision)
    with page.expect_navigation():
        page.get_by_role("button", name="Poursuivre…").click()


def confirm(page, *, kind, listed):
    """A bulk confirmation page of `kind` ("proposal" or "comment") listing exactly `listed`."""
    expect(page).to_have_url(re.compile(rf"/admin/bulk/consultations/{kind}/"))
    selection = page.locator("main ul").filter(has=page.locator('a[href*="/admin/moderation/"]'))
    expect(selection.locator("li")).to_have_count(len(listed))
    for text in listed:
        expect(selection).to_contain_text(text)


def yes_decide(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, décider").click()


def focus_next(page, selector, *, limit=20):
    """Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} never received focus after {limit} presses of Tab")


# The journey --------------------------------------------------------------------------------


def test_a_moderator_clears_a_queue_of_ten_and_the_author_sees_the_outcome(
    new_context, live_server, waiting, moderator, authors
):
    proposals, comments = waiting
    title = {key: proposal.title for key, proposal in proposals.items()}
    body = {key: comment.body for key, comment in comments.items()}
    page = new_context().new_page()

    # Through the portal's own sign-in page, into the admin and its moderation entry.
    sign_in(page, live_server.url, moderator, next_url="/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(menu_item(page)).to_have_text("Modération (10)")
    with page.expect_navigation():
        menu_item(page).click()
    expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
    expect(queue_count(page)).to_have_text("10 contributions")
    expect(page.locator("main tbody tr")).to_have_count(10)
    capture(page, "queue")

    # One proposal approved on its own page, with the keyboard only.
    with page.expect_navigation():
        page.get_by_role("link", name=title["approved alone"], exact=True).click()
    expect(page.locator("main")).to_contain_text(title["approved alone"])
    approve = page.get_by_role("radio", name="Approuver")
    approve.focus()
    page.keyboard.press("Space")
    expect(approve).to_be_checked()
    focus_next(page, "main form button[type=submit]")
    expect(page.locator(":focus")).to_have_text("Enregistrer la décision")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
    expect_admin_message(page, "Décision enregistrée : l'auteur en est informé.")
    expect(queue_count(page)).to_have_text("9 contributions")
    expect(page.get_by_role("link", name=title["approved alone"], exact=True)).to_have_count(0)

    # Another refused on its page: without a reason, nothing changes; then with one.
    with page.expect_navigation():
        page.get_by_role("link", name=title["refused alone"], exact=True).click()
    page.get_by_role("radio", name="Refuser").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("main")).to_contain_text("Choisissez le motif de cette décision.")
    assert Proposal.objects.get(pk=proposals["refused alone"].pk).status == "pending"
    page.get_by_label("Motif").select_option(label=OFF_TOPIC)
    page.get_by_label("Note à l'auteur (facultative)").fill(
        "Le parvis n'est pas l'objet de cette consultation sur le bassin."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la décision").click()
    expect_admin_message(page, "Décision enregistrée")
    expect(queue_count(page)).to_have_text("8 contributions")

    # Two proposals and two comments refused together: proposals first, then comments, the
    # reason asked once and offered again on the second confirmation.
    for text in (title["refused in bulk 1"], title["refused in bulk 2"], body["refused in bulk 1"],
                 body["refused in bulk 2"]):
        row_checkbox(page, text).check()
    continue_with(page, "Refuser")
    confirm(page, kind="proposal", listed=[title["refused in bulk 1"], title["refused in bulk 2"]])
    capture(page, "confirmation")
    page.get_by_label("Motif").select_option(label=SPAM)
    yes_decide(page)
    confirm(page, kind="comment", listed=[body["refused in bulk 1"], body["refused in bulk 2"]])
    expect(page.get_by_label("Motif").locator("option:checked")).to_have_text(SPAM)
    yes_decide(page)
    expect(page).to_have_url(re.compile(r"/admin/moderation/"))
    expect_admin_message(page, "2 contributions décidées : leurs auteurs en sont informés.")
    expect(queue_count(page)).to_have_text("4 contributions")
    expect(menu_item(page)).to_have_text("Modération (4)")

    # The rest approved together: no reason needed.
    for checkbox in page.locator('main tbody input[type=checkbox][name="item"]').all():
        checkbox.check()
    continue_with(page, "Approuver")
    confirm(
        page, kind="proposal", listed=[title["approved in bulk 1"], title["approved in bulk 2"]]
    )
    yes_decide(page)
    confirm(page, kind="comment", listed=[body["approved in bulk 1"], body["approved in bulk 2"]])
    yes_decide(page)
    expect(page.locator("main")).to_contain_text("Rien à modérer ici.")
    expect(queue_count(page)).to_have_text("0 contribution")
    expect(menu_item(page)).to_have_text("Modération")

    statuses = {
        **{key: Proposal.objects.get(pk=item.pk).status for key, item in proposals.items()},
        **{
            f"comment {key}": Comment.objects.get(pk=item.pk).status
            for key, item in comments.items()
        },
    }
    assert statuses == {
        "approved alone": "published",
        "refused alone": "rejected",
        "refused in bulk 1": "rejected",
        "refused in bulk 2": "rejected",
        "approved in bulk 1": "published",
        "approved in bulk 2": "published",
        "comment refused in bulk 1": "rejected",
        "comment refused in bulk 2": "rejected",
        "comment approved in bulk 1": "published",
        "comment approved in bulk 2": "published",
    }

    # Every author is told of every decision, with its reason when there is one.
    emails = [
        (message.to, plain(message.subject), plain(message.body)) for message in mail.outbox
    ]
    assert len(emails) == 10
    refusal = [
        (to, body) for to, subject, body in emails
        if subject == f"Votre proposition « {title['refused alone']} » : Refusée"
    ]
    assert len(refusal) == 1, [subject for _to, subject, _body in emails]
    to, text = refusal[0]
    assert to == [authors["Aurélie B."].email]
    assert f"Motif : {OFF_TOPIC}." in text
    assert "Le parvis n'est pas l'objet de cette consultation" in text
    spam_notices = [to for to, _subject, body in emails if f"Motif : {SPAM}." in body]
    assert spam_notices == [[authors["Bruno C."].email]] * 4

    # The author of the refused proposal finds it refused among their contributions, with the
    # reason and the moderator's note.
    author_page = new_context().new_page()
    sign_in(
        author_page, live_server.url, authors["Aurélie B."], next_url="/accounts/contributions/"
    )
    expect(author_page).to_have_url(re.compile(r"/accounts/contributions/$"))
    ui.expect_signed_in_as(author_page, "Aurélie B.")
    rows = author_page.locator("main tbody tr:not(.table__detail)")
    refused_row = rows.filter(
        has=author_page.get_by_role("link", name=title["refused alone"], exact=True)
    )
    expect(refused_row).to_contain_text("Refusée")
    outcome = refused_row.locator("xpath=following-sibling::tr[1]").locator(".moderation-outcome")
    expect(outcome).to_contain_text(f"Motif : {OFF_TOPIC}.")
    expect(outcome).to_contain_text("Le parvis n'est pas l'objet de cette consultation")
    contest = outcome.get_by_role("link", name=re.compile(r"^Contester cette décision"))
    expect(contest).to_be_visible()
    approved_row = rows.filter(
        has=author_page.get_by_role("link", name=title["approved alone"], exact=True)
    )
    expect(approved_row).to_contain_text("Publiée")
    capture(author_page, "author-contributions")
