"""A citizen backs a rewards campaign in the browser: from the campaign's page through the pledge
form and the (dummy) payment provider to the thank-you page, back to the campaign whose figures
moved, then cancels; the same by keyboard alone, with and without JavaScript; axe-core and reflow
on every page of the way."""

import re
import uuid

import pytest
from payments import PaymentStatus
from playwright.sync_api import expect

from financing.models import CampaignTally, MatchingEnvelope, Pledge
from financing.services.pledges import pledge as make_pledge
from tests.factories import UserFactory
from tests.financing.factories import make_campaign, make_envelope

from . import portal_ui as ui
from .crawl import PageReport, audit, check_reflow, format_reports, raise_for_failures
from .test_accessibility import serve_sites_on

PHONE = {"width": 375, "height": 667}
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def text_of(locator):
    return SPACES.sub(" ", locator.inner_text()).strip()


@pytest.fixture
def campaign(live_server, settings):
    """A rewards campaign (goal 1 000 €) the public company matches 1 € for every 2 €, with one
    backer already counted (100 € pledged, 50 € matched) and a poster limited to 5."""
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60  # anonymous visitors get kept pages, as in production
    serve_sites_on(live_server)
    make_envelope(1_000_000)
    page = make_campaign(
        title="Une fresque pour la piscine", tiers=[(2500, 5), (1000, None)], goal_cents=100_000,
        matching_amount=1, matching_per=2,
    )
    poster, thanks = page.reward_tiers.order_by("sort_order")
    poster.title, thanks.title = "Affiche signée", "Votre nom sur le mur"
    poster.save(), thanks.save()
    earlier = make_pledge(page, UserFactory(), amount_cents=10_000, token=uuid.uuid4())
    earlier.payments.get().change_status(PaymentStatus.PREAUTH)
    return page


def progress_text(page):
    return text_of(page.locator(".campaign__figures .campaign-progress__text"))


def poster_left(page):
    card = page.locator(".campaign-rewards li", has=page.get_by_role("heading", name="Affiche signée"))
    return text_of(card.locator("p", has_text="restante"))


def expect_figures(page, *, raised, share, matched, left):
    expect(page.locator(".campaign__figures progress")).to_have_attribute("value", str(share))
    assert progress_text(page) == f"{raised} € sur 1 000 € ({share} %) dont {matched} € d'abondement"
    assert poster_left(page) == left


def anonymous_view(new_context, url):
    page = new_context().new_page()
    page.goto(url)
    return page


def test_a_citizen_backs_a_campaign_with_a_reward_sees_it_count_then_cancels(
    campaign, new_context, live_server, snapshot
):
    url = live_server.url + campaign.url
    visitor = anonymous_view(new_context, url)  # and keeps it in the page cache
    expect_figures(visitor, raised="150", share=15, matched="50", left="5 sur 5 restantes")

    context = new_context()
    ui.sign_in_as(context, live_server.url, UserFactory(display_name="Lou P."))
    page = context.new_page()
    page.goto(url)
    expect_figures(page, raised="150", share=15, matched="50", left="5 sur 5 restantes")
    page.get_by_role("link", name="Soutenir cette campagne").click()

    expect(page.locator("h1")).to_have_text("Soutenir « Une fresque pour la piscine »")
    page.get_by_label("Contrepartie").select_option(label="Affiche signée (25 €)")
    page.get_by_label("Montant (€)").fill("25")
    page.get_by_label("Afficher mon nom parmi les contributeurs").check()
    page.get_by_role("button", name="Passer au paiement").click()

    expect(page.locator("h1")).to_have_text("Paiement de ma contribution")
    expect(page.locator("main")).to_contain_text("Votre contribution de 25 € à « Une fresque pour la piscine ».")
    page.locator("#id_status").select_option(PaymentStatus.PREAUTH)
    snapshot(page, "payment")
    page.get_by_role("button", name="Payer").click()

    expect(page.locator("h1")).to_have_text("Merci pour votre contribution")
    expect(page.get_by_role("status")).to_have_text("Votre contribution de 25 € est enregistrée.")
    expect(page.locator("main")).to_contain_text("Votre contrepartie : Affiche signée.")
    snapshot(page, "thank-you")

    page.get_by_role("link", name="← Une fresque pour la piscine").click()
    # 25 € pledged and 12,50 € matched: 187,50 € of 1 000 €; one poster fewer.
    expect_figures(page, raised="187,50", share=18, matched="62,50", left="4 sur 5 restantes")
    expect(page.locator(".campaign-backers")).to_contain_text("Lou P.")
    visitor.reload()
    expect_figures(visitor, raised="187,50", share=18, matched="62,50", left="4 sur 5 restantes")

    mine = Pledge.objects.get(backer__display_name="Lou P.")
    assert (mine.status, mine.amount_cents, mine.matched_cents, mine.tier.title) == (
        Pledge.Status.AUTHORISED, 2500, 1250, "Affiche signée"
    )
    page.goto(live_server.url + f"/financement/contributions/{mine.pk}/merci/")
    page.get_by_role("link", name="Annuler ma contribution").click()
    expect(page.locator("h1")).to_have_text("Annuler ma contribution")
    page.get_by_role("button", name="Annuler ma contribution").click()

    assert page.url == url
    expect(page.get_by_text("Votre contribution est annulée : rien ne sera prélevé.")).to_be_visible()
    expect_figures(page, raised="150", share=15, matched="50", left="5 sur 5 restantes")
    visitor.reload()
    expect_figures(visitor, raised="150", share=15, matched="50", left="5 sur 5 restantes")
    tally = CampaignTally.objects.get(campaign=campaign)
    assert (tally.pledged_cents, tally.matched_cents, tally.backers) == (10_000, 5000, 1)
    assert MatchingEnvelope.objects.get().used_cents == 5000


def focus_by_tab(page, locator, *, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("node => node === document.activeElement"):
            return
    raise AssertionError(f"{locator} never received focus")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_backing_a_campaign_by_keyboard_alone(campaign, new_context, live_server, javascript):
    context = new_context(java_script_enabled=javascript)
    ui.sign_in_as(context, live_server.url, UserFactory(display_name="Lou P."))
    page = context.new_page()
    page.goto(live_server.url + campaign.url)

    focus_by_tab(page, page.get_by_role("link", name="Soutenir cette campagne"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Soutenir « Une fresque pour la piscine »")

    # A wrong amount first: the error summary takes the focus and leads to the field.
    amount = page.get_by_label("Montant (€)")
    focus_by_tab(page, amount)
    page.keyboard.type("vingt")
    focus_by_tab(page, page.get_by_role("button", name="Passer au paiement"))
    page.keyboard.press("Enter")
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator(".form-errors")).to_contain_text("Saisissez un montant en euros")
    assert Pledge.objects.filter(backer__display_name="Lou P.").count() == 0

    amount = page.get_by_label("Montant (€)")
    focus_by_tab(page, amount)
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    reward = page.get_by_label("Contrepartie")
    focus_by_tab(page, reward)
    # A closed <select> changes its choice with the arrow keys: No reward → the poster.
    page.keyboard.press("ArrowDown")
    expect(reward.locator("option:checked")).to_have_text("Affiche signée (25 €)")
    public = page.get_by_label("Afficher mon nom parmi les contributeurs")
    focus_by_tab(page, public)
    page.keyboard.press("Space")
    expect(public).to_be_checked()
    focus_by_tab(page, page.get_by_role("button", name="Passer au paiement"))
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Paiement de ma contribution")
    status = page.locator("#id_status")
    focus_by_tab(page, status)
    # The provider's first choice is « Waiting for input »; « Pre-authorized » is the second.
    page.keyboard.press("ArrowDown")
    expect(status).to_have_value(PaymentStatus.PREAUTH)
    focus_by_tab(page, page.get_by_role("button", name="Payer"))
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Merci pour votre contribution")
    expect(page.get_by_role("status")).to_have_text("Votre contribution de 30 € est enregistrée.")
    focus_by_tab(page, page.get_by_role("link", name="Annuler ma contribution"))
    page.keyboard.press("Enter")
    focus_by_tab(page, page.get_by_role("button", name="Annuler ma contribution"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre contribution est annulée : rien ne sera prélevé.")).to_be_visible()
    expect_figures(page, raised="150", share=15, matched="50", left="5 sur 5 restantes")
    assert Pledge.objects.get(backer__display_name="Lou P.").status == Pledge.Status.CANCELLED


def checked(page, reports, *, status=200):
    report = PageReport(url=page.url, status=status)
    audit(page, report, lang="fr")
    check_reflow(page, report)
    # WCAG 1.4.10 at a 375 px phone as well as at 320 px.
    viewport = page.viewport_size
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(viewport)
    if width > PHONE["width"]:
        report.problems.append(f"scrolls sideways at 375 px (page is {width} px)")
    reports.append(report)


def test_every_page_of_a_pledge_is_accessible(campaign, new_context, live_server):
    """Zero axe violations, whatever their impact (not only serious and critical)."""
    reports = []
    anonymous = new_context().new_page()
    for path in [campaign.get_parent().url, campaign.url]:
        anonymous.goto(live_server.url + path)
        checked(anonymous, reports)

    context = new_context()
    ui.sign_in_as(context, live_server.url, UserFactory(display_name="Lou P."))
    page = context.new_page()
    page.goto(live_server.url + campaign.url)
    checked(page, reports)
    page.get_by_role("link", name="Soutenir cette campagne").click()
    checked(page, reports)
    page.get_by_label("Montant (€)").fill("-3")
    page.get_by_role("button", name="Passer au paiement").click()
    expect(page.locator(".form-errors")).to_be_visible()
    checked(page, reports)
    page.get_by_label("Montant (€)").fill("25")
    page.get_by_role("button", name="Passer au paiement").click()
    expect(page.locator("h1")).to_have_text("Paiement de ma contribution")
    checked(page, reports)
    page.locator("#id_status").select_option(PaymentStatus.PREAUTH)
    page.get_by_role("button", name="Payer").click()
    expect(page.locator("h1")).to_have_text("Merci pour votre contribution")
    checked(page, reports)
    page.get_by_role("link", name="Annuler ma contribution").click()
    expect(page.locator("h1")).to_have_text("Annuler ma contribution")
    checked(page, reports)
    page.get_by_role("button", name="Annuler ma contribution").click()
    expect(page.get_by_text("Votre contribution est annulée : rien ne sera prélevé.")).to_be_visible()
    checked(page, reports)

    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    for report in reports:  # minor and moderate ones count here too
        report.blocking += report.minor
    raise_for_failures(reports, "pledge pages")
