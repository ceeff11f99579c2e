"""axe-core and basic page structure on every public page of the seeded demo, found by crawling.

The crawl starts from each Wagtail Site's home page and every live public page, then follows
same-origin links, so pages added to the demo later are audited without touching this file.
Account pages are audited anonymously and signed in as the demo citizen.
"""

import io
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from consultations.models import Proposal, Sanction, User
from consultations.roles import MODERATORS
from consultations.services.sanctions import sanction_account
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.factories import CommentFactory, ProposalFactory, UserFactory

from . import portal_ui as ui
from .artifacts import ARTIFACTS_DIR, SCREENSHOTS_DIR
from .crawl import (
    Crawl,
    PageReport,
    audit,
    check_reflow,
    format_reports,
    normalise,
    origin,
    raise_for_failures,
)

DEMO_CITIZEN = "citoyen@demo.example"
ANONYMOUS_ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_ACCOUNT_PAGES = [
    "/",
    "/accounts/profile/",
    "/accounts/my-data/",
    "/accounts/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/contributions/",
    "/accounts/contributions/?type=comments",
]
NOT_FOUND_PATH = "/cette-page-n-existe-pas/"
# What editors wrote, in the pages' own language whatever the interface language.
EDITORIAL_CONTENT = [
    ".site-brand__tagline",
    ".site-nav a:not(.site-nav__search)",  # page titles; the search link is the interface's
    "main h1",
    "main .lead",
    "main .rich-text",
    "main .hero__lead",
    "main .card",
    "main .call-to-action",
    "footer address",
]


def serve_sites_on(live_server):
    """Point every Site at the live server's port (Wagtail matches on hostname and port)."""
    port = urlsplit(live_server.url).port
    for site in Site.objects.all():
        site.port = port
        site.save()  # not update(): saving clears Wagtail's cached site root paths
    return {origin(site.root_url) for site in Site.objects.all()}


def public_wagtail_pages():
    """{normalised URL: content language} of every live, public, routable Wagtail page."""
    pages = {}
    for page in Page.objects.live().public().specific().select_related("locale"):
        if url := page.full_url:
            pages[normalise(url)] = page.locale.language_code
    return pages


def save_report(reports, name):
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.json"
    path.write_text(
        json.dumps([report.__dict__ for report in reports], indent=2, ensure_ascii=False)
    )
    return path


def assert_clean(reports, crawl, name):
    path = save_report(reports, name)
    print(f"{name}: {len(reports)} pages audited, full results in {path}")
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, f"{name} (axe serious/critical, structure, reflow, console)")
    assert not crawl.truncated, f"the crawl stopped at {crawl.limit} pages: raise the limit"


@pytest.fixture
def demo(live_server):
    """The demo portal of `manage.py seed_demo`, every site served by the live server."""
    call_command("seed_demo", stdout=io.StringIO())
    origins = serve_sites_on(live_server)
    assert origin(live_server.url) in origins, (
        f"no Site answers at {live_server.url}: {list(Site.objects.values('hostname', 'port'))}"
    )
    return origins


def test_every_public_page_is_accessible(demo, new_context, live_server):
    wagtail_urls = set(public_wagtail_pages())
    sites = [normalise(site.root_url) for site in Site.objects.all()]
    assert len(sites) >= 2, "the demo should seed at least two sites"
    crawl = Crawl(
        context=new_context(),
        origins=demo,
        lang="fr",
        wagtail_urls=wagtail_urls,
        expected_status={normalise(live_server.url + NOT_FOUND_PATH): 404},
        screenshots=SCREENSHOTS_DIR / "crawl-public",
    )
    reports = crawl.run(
        [
            *sites,
            *sorted(wagtail_urls),
            *(live_server.url + path for path in ANONYMOUS_ACCOUNT_PAGES),
            live_server.url + NOT_FOUND_PATH,
        ]
    )
    audited = {report.url.split(" -> ")[-1] for report in reports}
    assert wagtail_urls <= audited, f"pages never audited: {sorted(wagtail_urls - audited)}"
    assert_clean(reports, crawl, "accessibility-public")


def rejected_proposal_of(author, consultation):
    """A proposal of the author that a moderator rejected: its page, "My contributions" and the
    contest and resubmit forms then show the decision and the ways to appeal it."""
    from consultations.services import moderation

    proposal = Proposal.objects.create(
        consultation=consultation, author=author, status=Proposal.Status.PENDING,
        title="Des casiers gratuits au vestiaire", body="Des casiers gratuits à code au vestiaire, pour les familles.",
    )
    moderator = User.objects.filter(email="moderation@demo.example").get()
    return moderation.reject(proposal, moderator=moderator, reason="hors-sujet", note="Voir la charte.")


def test_account_pages_of_the_demo_citizen_are_accessible(demo, new_context, live_server):
    context = new_context()
    ui.sign_in_as(context, live_server.url, User.objects.get(email=DEMO_CITIZEN))
    crawl = Crawl(
        context=context,
        origins={origin(live_server.url)},
        lang="fr",
        follow=lambda url: urlsplit(url).path.startswith("/accounts/"),
        screenshots=SCREENSHOTS_DIR / "crawl-signed-in",
    )
    reportable = (
        Proposal.objects.filter(status=Proposal.Status.PUBLISHED)
        .exclude(author__email=DEMO_CITIZEN)
        .filter(consultation__path__startswith=Site.objects.get(is_default_site=True).root_page.path)
        .order_by("pk")
        .first()
    )
    report_form = f"/signaler/proposition/{reportable.pk}/"
    rejected = rejected_proposal_of(User.objects.get(email=DEMO_CITIZEN), reportable.consultation)
    appeal_pages = [rejected.get_absolute_url(), f"/contester/proposition/{rejected.pk}/",
                    f"/resoumettre/proposition/{rejected.pk}/"]
    reports = crawl.run(live_server.url + path for path in [*SIGNED_IN_ACCOUNT_PAGES, report_form, *appeal_pages])
    audited = {
        urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        for url in (report.url.split(" -> ")[-1] for report in reports)
    }
    expected = {*SIGNED_IN_ACCOUNT_PAGES, report_form, *appeal_pages}
    assert expected <= audited, f"redirected away (not signed in?): {sorted(expected - audited)}"
    assert_clean(reports, crawl, "accessibility-account")


def test_french_content_keeps_its_language_when_the_interface_is_in_english(
    demo, new_context, live_server
):
    """WCAG 3.1.2 / RGAA 8.7: with the interface in English, screen readers must still read the
    editors' French text with a French voice, so that text needs an ancestor with lang="fr"."""
    context = new_context()
    for site_origin in demo:
        ui.choose_language(context, site_origin, "en")
    page = context.new_page()
    mislabelled = {}  # selector: [(url, text, lang)]
    for url, content_language in sorted(public_wagtail_pages().items()):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        found = page.evaluate(
            """selectors => selectors.flatMap(selector =>
                Array.from(document.querySelectorAll(selector)).map(el => ({
                    selector,
                    lang: (el.closest("[lang]") || {}).lang,
                    text: el.innerText.trim().replace(/\\s+/g, " ").slice(0, 50),
                })))""",
            EDITORIAL_CONTENT,
        )
        for item in found:
            if item["text"] and item["lang"] != content_language:
                mislabelled.setdefault(item["selector"], []).append(
                    (url, item["text"], item["lang"])
                )
    assert not mislabelled, "French editorial content announced in another language:\n" + "\n".join(
        f"  {selector} on {len({url for url, *_ in cases})} pages, e.g. {cases[0][0]} "
        f'"{cases[0][1]}" read as lang="{cases[0][2]}"'
        for selector, cases in mislabelled.items()
    )


def test_sign_up_errors_are_announced_and_tied_to_their_fields(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("#id_email").fill("nadia@exemple.fr")
    page.locator("#id_display_name").fill("Nadia")
    page.locator("#id_password1").fill("court")
    page.locator("#id_password2").fill("différent")
    page.locator("#id_accept_terms").check()
    with page.expect_navigation():
        ui.submit_button(page).click()

    summary = page.locator("main .form-errors")
    expect(summary).to_have_attribute("role", "alert")
    invalid_ids = page.locator('main [aria-invalid="true"]').evaluate_all(
        "fields => fields.map(field => field.id)"
    )
    assert invalid_ids, "no field is marked aria-invalid"
    for field_id in invalid_ids:
        # The summary links to the field, and the field's description includes its error.
        expect(summary.locator(f'a[href="#{field_id}"]')).to_have_count(1)
        expect(page.locator(f"#{field_id}")).to_have_attribute(
            "aria-describedby", re.compile(rf"\b{field_id}_error\b")
        )
        expect(page.locator(f"#{field_id}_error")).not_to_be_empty()

    report = PageReport(url=page.url)
    audit(page, report, lang="fr")
    raise_for_failures([report], "sign-up form with errors")


# Moderation's public parts (issue 9) --------------------------------------------------------


@pytest.fixture
def suspended_citizen(make_consultation):  # noqa: F811 (the imported fixture)
    """A citizen suspended for a week, in front of a consultation open to proposals and a
    published proposal with a comment: every participation form is replaced by the notice."""
    consultation = make_consultation("proposals", title="Rénovation de la piscine Jean-Bouin")
    proposal = ProposalFactory(consultation=consultation, title="Ouvrir le bassin le dimanche")
    comment = CommentFactory(target=proposal, body="Bonne idée, le dimanche soir est calme.")
    citizen = UserFactory(display_name="Sam S.")
    sanction_account(
        citizen,
        moderator=UserFactory(groups=[MODERATORS]),
        kind=Sanction.Kind.SUSPENSION,
        reason="insulte",
        until=timezone.now() + timedelta(days=7),
    )
    return citizen, consultation, proposal, comment


def test_the_suspension_notice_replacing_the_forms_is_accessible(
    suspended_citizen, new_context, live_server
):
    citizen, consultation, proposal, comment = suspended_citizen
    context = new_context()
    ui.sign_in_as(context, live_server.url, citizen)
    page = context.new_page()
    notice = re.compile(r"Votre compte est suspendu jusqu'au .+ \(Insulte ou attaque personnelle\)")
    reports = []
    for path, status, where in [
        # The proposal form answers the notice instead, with the status of a refusal.
        (f"/consultations/{consultation.pk}/propositions/nouvelle/", 403, "main .notice"),
        # The proposal page keeps its discussion, without the comment form.
        (proposal.get_absolute_url(), 200, "section.discussion .notice"),
        # Reporting a comment leads back to the discussion, the notice as the page's message.
        (f"/signaler/commentaire/{comment.pk}/", 200, ".messages"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == status, f"{path} answered {response.status}"
        expect(page.locator(where)).to_contain_text(notice)
        expect(page.locator("main form textarea")).to_have_count(0)
        report = PageReport(url=page.url, status=response.status)
        audit(page, report, lang="fr")
        check_reflow(page, report)
        reports.append(report)
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "pages of a suspended citizen")


def test_the_report_form_of_a_comment_and_its_errors_are_accessible(
    make_consultation, citizen, new_context, live_server  # noqa: F811 (the imported fixture)
):
    proposal = ProposalFactory(consultation=make_consultation("proposals"))
    comment = CommentFactory(target=proposal, body="Qui paiera les maîtres-nageurs en plus ?")
    context = new_context()
    ui.sign_in_as(context, live_server.url, citizen)
    page = context.new_page()
    page.goto(f"{live_server.url}/signaler/commentaire/{comment.pk}/")
    expect(page.locator("h1")).to_have_text("Signaler un commentaire")
    blank = PageReport(url=page.url)
    audit(page, blank, lang="fr")
    check_reflow(page, blank)

    # Sent without a reason: the summary says so and leads to the first reason (a list of
    # radio buttons has no element of its own id to link to).
    with page.expect_navigation():
        ui.submit_button(page).click()
    summary = page.locator("main .form-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Choisissez le motif de votre signalement.")
    target = summary.locator("a").first.get_attribute("href")
    assert target != "#", "the summary's link leads nowhere"
    expect(page.locator(f"main {target}")).to_have_attribute("name", "reason")
    expect(page.locator("#reason-errors")).to_contain_text(
        "Choisissez le motif de votre signalement."
    )
    with_errors = PageReport(url=page.url + " (errors)")
    audit(page, with_errors, lang="fr")
    reports = [blank, with_errors]
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "report form of a comment")
