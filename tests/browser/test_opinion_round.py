"""An opinion round in the browser: axe-core on the round page (anonymous, signed in, after an
answer) and on the answers and proposal pages, and answering by keyboard alone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import OpinionRound, Statement
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import UserFactory

from . import portal_ui as ui
from .crawl import PageReport, audit, check_reflow, format_reports, raise_for_failures

STATEMENTS = [
    "La piscine devrait ouvrir dès 7 heures en semaine.",
    "Le bassin nordique doit rester ouvert l'hiver.",
    "Les créneaux des familles le dimanche suffisent.",
]


@pytest.fixture
def opinion_round(make_consultation):  # noqa: F811 (the imported fixture)
    consultation = make_consultation("proposals", title="Rénovation de la piscine Jean-Bouin")
    now = timezone.now()
    opinion_round = OpinionRound.objects.create(
        consultation=consultation, title="Les horaires de la piscine",
        introduction="Dites-nous ce que vous pensez des horaires d'ouverture.",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10),
    )
    for text in STATEMENTS:
        Statement.objects.create(round=opinion_round, text=text, status=Statement.Status.PUBLISHED)
    return opinion_round


def checked(page, reports, status=200):
    report = PageReport(url=page.url, status=status)
    audit(page, report, lang="fr")
    check_reflow(page, report)
    reports.append(report)


def test_the_round_pages_are_accessible(opinion_round, new_context, live_server):
    url = live_server.url + opinion_round.get_absolute_url()
    reports = []
    anonymous = new_context().new_page()
    anonymous.goto(url)
    expect(anonymous.locator("main form button[name=value]")).to_have_count(0)
    checked(anonymous, reports)

    context = new_context()
    ui.sign_in_as(context, live_server.url, UserFactory(display_name="Lou P."))
    page = context.new_page()
    for path in ["", "proposer/"]:
        page.goto(url + path)
        checked(page, reports)
    page.goto(url)
    page.get_by_role("button", name="D'accord", exact=True).click()
    expect(page.locator("#answer-confirmation")).to_be_visible()
    checked(page, reports)
    page.goto(url + "mes-reponses/")
    checked(page, reports)
    page.goto(url + "proposer/")
    page.get_by_label("Votre affirmation").fill("court")
    page.get_by_role("button", name="Envoyer mon affirmation").click()
    expect(page.locator(".form-errors")).to_be_visible()
    checked(page, reports, status=400)
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "opinion round pages")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_answering_by_keyboard_alone(opinion_round, new_context, live_server, javascript):
    context = new_context(java_script_enabled=javascript)
    ui.sign_in_as(context, live_server.url, UserFactory(display_name="Lou P."))
    page = context.new_page()
    page.goto(live_server.url + opinion_round.get_absolute_url())
    if javascript:
        page.evaluate("window.samePage = true")
    first = page.locator("#affirmation").inner_text()
    agree = page.get_by_role("button", name="D'accord", exact=True)
    for _ in range(40):
        page.keyboard.press("Tab")
        if agree.evaluate("button => button === document.activeElement"):
            break
    else:
        raise AssertionError("« D'accord » never received focus")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-confirmation")).to_have_text("Votre réponse « d'accord » est enregistrée.")
    expect(page.locator(".opinion-progress__text")).to_contain_text("1 sur 3 affirmations")
    second = page.locator("#affirmation")
    assert second.inner_text() != first
    # Focus is on the new statement: the next Tab reaches its first answer.
    expect(second).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="D'accord", exact=True)).to_be_focused()
    # With JavaScript the statement was swapped in place; the address is the one the server gave.
    assert page.evaluate("window.samePage === true") is javascript
    assert "?repondu=" in page.url and page.url.endswith("#affirmation")
