"""A moderator records the board's decisions through the real admin pages, and a visitor reads them
on the portal (issue 10).

After a budget vote has closed, the moderator signs in on the portal's sign-in page, follows the
admin menu's « Décisions du conseil » to the consultation, downloads its « Décisions » sheet,
fills it in as the board's secretary would (one project adopted with a budget, one proposal
rejected), with a typo in a decision on the first try. The upload lists that error with its cell
and records nothing; once the file is corrected, the preview shows the two changes, confirmed with
the keyboard only. An anonymous visitor then finds them in the consultation's « Ce qui a été
décidé » and on the project's own page, and each participant got one email.

The error list, the preview and the public section are saved at 1280 and 375 px wide as
test-artifacts/screenshots/decisions-<step>-<width>.png, for a human to look at.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook
from playwright.sync_api import expect

from consultations import decision_sheet
from consultations.models import BoardDecision, ConsultationPage
from consultations.roles import MODERATORS
from consultations.services.voting import ballot_projects
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import (
    BallotFactory,
    CommentFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)

from .artifacts import screenshot_path
from .crawl import PageReport, audit, format_reports, raise_for_failures
from .test_moderation import CONTENT_HEIGHT, focus_next, plain, sign_in

TITLE = "Budget participatif des équipements sportifs"
BENCHES = "Des bancs à l'ombre autour du stade"
SCREENSHOT_WIDTHS = (1280, 375)
PARTICIPANTS = [
    "votante@exemple.fr", "votant@exemple.fr", "autrice@exemple.fr", "soutien@exemple.fr",
    "commentaire@exemple.fr",
]


@pytest.fixture
def closed_vote(make_consultation):  # noqa: F811 (the imported fixture)
    """A budget vote whose results are out: two ballots, a supported proposal, a comment."""
    consultation = make_consultation(
        "results", title=TITLE, vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000,
        projects=[40_000, 50_000, 30_000, 70_000],
    )
    projects = list(ballot_projects(consultation))
    voters = [UserFactory(email=address) for address in PARTICIPANTS[:2]]
    BallotFactory(consultation=consultation, voter=voters[0],
                  choices=[(projects[0], 1), (projects[2], 1)])
    BallotFactory(consultation=consultation, voter=voters[1], choices=[(projects[1], 1)])
    proposal = ProposalFactory(consultation=consultation, title=BENCHES,
                               author=UserFactory(email=PARTICIPANTS[2]))
    SupportFactory(proposal=proposal, user=UserFactory(email=PARTICIPANTS[3]))
    CommentFactory(target=projects[3], author=UserFactory(email=PARTICIPANTS[4]))
    return consultation, projects[0], proposal


@pytest.fixture
def moderator(db):
    return UserFactory(email="moderation@exemple.fr", display_name="Mona M.", groups=[MODERATORS])


# Steps --------------------------------------------------------------------------------------


def capture(page, step, *, selector=None):
    """The page at each width; the admin scrolls inside a box that full-page shots do not unroll,
    so the window is made as tall as its content."""
    viewport = page.viewport_size
    for width in SCREENSHOT_WIDTHS:
        page.set_viewport_size({"width": width, "height": viewport["height"]})
        height = min(page.evaluate(CONTENT_HEIGHT), 6000)
        page.set_viewport_size({"width": width, "height": max(height, viewport["height"])})
        path = screenshot_path(f"decisions-{step}-{width}")
        if selector:
            page.locator(selector).screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


def fill_in(content, values):
    """The downloaded sheet with the board's columns filled in, as xlsx bytes, and the row number
    of each title filled in. `values` maps a title to
    (decision, budget, date, rationale, department)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[decision_sheet.SHEET]
    rows = {}
    for row in sheet.iter_rows(min_row=decision_sheet.FIRST_ROW):
        title = row[2].value
        if title in values:
            rows[title] = row[0].row
            for cell, value in zip(row[4:9], values[title], strict=True):
                cell.value = value
    assert rows.keys() == values.keys(), f"not in the sheet: {values.keys() - rows.keys()}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), rows


def upload(page, content):
    page.get_by_label("Classeur « Décisions » rempli (.xlsx)").set_input_files(
        {"name": "decisions-conseil.xlsx", "mimeType": decision_sheet.XLSX_MIME, "buffer": content}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier le classeur").click()


# The admin's messages fade in (opacity 0 to 1): axe would measure the contrast of text half seen.
SETTLED = """() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect.getTiming().iterations !== Infinity)
    .map(animation => animation.finished))"""


def accessible(page, name, *, width=None):
    """axe and the page's structure (crawl.audit), once transitions have ended; at `width` if
    given (a table then scrolls in its box, which axe checks the keyboard can reach)."""
    viewport = page.viewport_size
    if width:
        page.set_viewport_size({"width": width, "height": viewport["height"]})
    page.evaluate(SETTLED)
    report = PageReport(url=f"{page.url} ({name}{f', {width} px' if width else ''})")
    audit(page, report, lang="fr")
    page.set_viewport_size(viewport)
    return report


# The journey --------------------------------------------------------------------------------


def test_a_moderator_records_the_boards_decisions_from_the_sheet_and_visitors_read_them(
    new_context, live_server, closed_vote, moderator
):
    consultation, project, _proposal = closed_vote
    meeting = timezone.localdate() - datetime.timedelta(days=2)  # the board met this week
    with translation.override("fr"):
        meeting_text = date_format(meeting, "j F Y")
    adopted_text = re.compile(
        rf"Adopté\s+par le conseil le {meeting_text}, 40\s000\s€ accordés\."
    )
    page = new_context().new_page()
    reports = []

    # Through the portal's sign-in page, then the admin menu, to the consultation.
    sign_in(page, live_server.url, moderator, next_url="/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    menu = page.locator('a.sidebar-menu-item__link[href="/admin/decisions/"]')
    expect(menu).to_have_text("Décisions du conseil")
    with page.expect_navigation():
        menu.click()
    expect(page.locator("h1")).to_contain_text("Décisions du conseil")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/decisions/{consultation.pk}/$"))
    # Which consultation this is shows in the header, not only in the screen readers' h1.
    expect(page.locator("header.w-slim-header nav li").last).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Aucune décision enregistrée pour l’instant")
    reports.append(accessible(page, "blank"))

    # The sheet, through its link.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la feuille « Décisions » (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = download.path().read_bytes()

    # Filled in with a typo in a decision: the error is listed with its cell, nothing is recorded.
    decided = {
        project.title: (
            "Adpoté", 40000, meeting, "Le projet le plus soutenu.", "Direction des sports"
        ),
        BENCHES: (
            "Rejeté", None, meeting, "Des bancs sont déjà prévus par le plan ombre.", None
        ),
    }
    with_typo, rows = fill_in(sheet, decided)
    upload(page, with_typo)
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading")).to_have_text(
        re.compile(r"^Le classeur contient 1 erreur\s: rien n’a été enregistré$")
    )
    expect(alert).to_contain_text("Corrigez-la dans le classeur et déposez-le de nouveau.")
    errors = alert.locator("li")
    expect(errors).to_have_count(1)
    assert plain(errors.inner_text()) == (
        f"Décisions!E{rows[project.title]} : « Adpoté » n’est pas une décision ; "
        "choisissez parmi : "
        "Adopté, Adopté avec modifications, Reporté, Rejeté."
    )
    assert not BoardDecision.objects.exists()
    expect(page.get_by_role("button", name=re.compile("^Enregistrer et publier"))).to_have_count(0)
    capture(page, "errors")
    reports.append(accessible(page, "errors"))

    # Corrected, uploaded again: the preview lists the two changes, and still nothing is recorded.
    decided[project.title] = ("Adopté", *decided[project.title][1:])
    corrected, _rows = fill_in(sheet, decided)
    upload(page, corrected)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("#check-title")).to_have_text(re.compile(r"^Aperçu\s:\s2 changements$"))
    preview = page.locator("main table").filter(
        has=page.locator("caption", has_text="Ce que la confirmation va changer")
    )
    changes = preview.locator("tbody tr")
    expect(changes).to_have_count(2)
    adopted_row = changes.filter(has=page.get_by_role("rowheader", name=project.title))
    expect(adopted_row).to_contain_text("Adopté")
    expect(adopted_row).to_contain_text(re.compile(r"40\s000\s€"))
    expect(adopted_row).to_contain_text("Direction des sports")
    rejected_row = changes.filter(has=page.get_by_role("rowheader", name=BENCHES))
    expect(rejected_row).to_contain_text("Rejeté")
    assert not BoardDecision.objects.exists()
    capture(page, "preview")
    reports.append(accessible(page, "preview"))
    reports.append(accessible(page, "preview", width=375))

    # Confirmed with the keyboard only: the notice box stays ticked, Tab to the button, Enter.
    notify = page.get_by_label(re.compile("^Écrire aux participants"))
    expect(notify).to_be_checked()
    notify.focus()
    focus_next(page, 'form[action$="/apply/"] button[type=submit]')
    expect(page.locator(":focus")).to_have_text("Enregistrer et publier 2 décisions")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/admin/decisions/{consultation.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("2 décisions enregistrées et publiées.")
    recorded = page.locator("main table").filter(
        has=page.locator("caption", has_text="Décisions enregistrées pour cette consultation")
    )
    expect(recorded.locator("tbody tr")).to_have_count(2)
    expect(recorded).to_contain_text("Direction des sports")
    outcomes = sorted(BoardDecision.objects.values_list("outcome", flat=True))
    assert outcomes == ["adopted", "rejected"]
    reports.append(accessible(page, "recorded"))

    # An anonymous visitor reads them on the consultation's page...
    visitor = new_context().new_page()
    visitor.goto(live_server.url + consultation.url)
    section = visitor.locator("section#decisions")
    expect(section.get_by_role("heading", level=2)).to_have_text("Ce qui a été décidé")
    items = section.locator(".decision-list__item")
    expect(items).to_have_count(2)
    adopted = items.filter(has=visitor.get_by_role("link", name=project.title, exact=True))
    expect(adopted).to_contain_text(adopted_text)
    expect(adopted).to_contain_text("Le projet le plus soutenu.")
    expect(adopted).to_contain_text(re.compile(r"Service responsable\s:\sDirection des sports"))
    rejected = items.filter(has=visitor.get_by_role("link", name=BENCHES, exact=True))
    expect(rejected).to_contain_text(re.compile(rf"Rejeté\s+par le conseil le {meeting_text}\."))
    expect(rejected).to_contain_text("Des bancs sont déjà prévus par le plan ombre.")
    capture(visitor, "public")
    reports.append(accessible(visitor, "public"))

    # ... and on the project's own page.
    with visitor.expect_navigation():
        adopted.get_by_role("link", name=project.title, exact=True).click()
    decision = visitor.locator("section#decision")
    expect(decision.get_by_role("heading", level=2)).to_have_text("La décision du conseil")
    expect(decision).to_contain_text(adopted_text)
    capture(visitor, "project")

    # Each participant was told once.
    messages = sorted((message.to, plain(message.subject)) for message in mail.outbox)
    assert messages == sorted(
        ([address], f"« {TITLE} » : voici ce qui a été décidé") for address in PARTICIPANTS
    ), messages

    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "decisions pages")
