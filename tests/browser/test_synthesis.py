"""An elected official reads a synthesis kept for officials, and downloads its PDF and workbook.

The consultation is the `known` one of tests/consultations/test_synthesis.py (a closed for/against
vote whose figures are known by construction), with the staff's summary, takeaways and next steps,
and an opinion round of planted votes, computed, for its opinion map.
The page is checked with axe at 1280 and 375 px and for reflow at 320 px; it is saved as
test-artifacts/screenshots/synthesis-page-<width>.png, as Chromium prints it as
synthesis-print-1280.png, and the first page of its PDF, drawn by pdftoppm, as
synthesis-pdf-page-1.png, for a human to look at.
"""

import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from consultations.models import SynthesisPage
from consultations.services.opinions import compute_round
from consultations.synthesis import snapshots
from tests.consultations.conftest import consultation_index, make_consultation  # noqa: F401
from tests.consultations.test_synthesis import known  # noqa: F401 (the fixture)
from tests.consultations.test_synthesis_opinion_map import planted_round

from . import portal_ui as ui
from .artifacts import ARTIFACTS_DIR, screenshot_path
from .crawl import PageReport, audit, check_reflow, format_reports, raise_for_failures
from .test_moderation import CONTENT_HEIGHT

WIDTHS = (1280, 375)
BODY = [
    ("summary", RichText(
        "<p>Trois habitants sur sept ont voté ; le réaménagement des abords du stade arrive nettement "
        "en tête, et les commentaires demandent surtout de l'ombre.</p>"
    )),
    ("takeaways", ["Le projet 1 est adopté par tous les votants.", "Le projet 2 divise : deux voix contre une."]),
    ("next_steps", RichText("<p>Le conseil d'administration examinera les projets à sa prochaine séance.</p>")),
]


def full_page(page, path, width):
    viewport = page.viewport_size
    page.set_viewport_size({"width": width, "height": viewport["height"]})
    height = min(page.evaluate(CONTENT_HEIGHT), 12000)
    page.set_viewport_size({"width": width, "height": max(height, viewport["height"])})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


def test_an_official_reads_the_synthesis_and_downloads_its_pdf_and_workbook(
    new_context, live_server, known, elected_official  # noqa: F811
):
    opinion_round, _people, _statements = planted_round(known, participants=120, statements=15)
    compute_round(opinion_round)
    synthesis = known.add_child(instance=SynthesisPage(
        title="Synthèse de la consultation", slug="synthese", officials_only=True, body=BODY,
    ))
    context = new_context()
    ui.sign_in_as(context, live_server.url, elected_official)
    page = context.new_page()
    page.goto(live_server.url + synthesis.url)
    snapshot = snapshots.latest(synthesis)
    expect(page.locator("h1")).to_have_text("Synthèse de la consultation")
    expect(page.locator(".synthesis__digest").first).to_have_text(snapshot.digest)
    expect(page.locator("main")).to_contain_text("7 personnes ont participé.")
    expect(page.locator("#synthesis-opinion-map")).to_have_text("Carte des opinions")
    expect(page.locator(".chart--scatter svg[role=img]")).to_have_count(1)

    reports = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        report = PageReport(url=f"{page.url} ({width} px)")
        audit(page, report, lang="fr", wagtail_page=False)
        reports.append(report)
        full_page(page, screenshot_path(f"synthesis-page-{width}"), width)
    reflow = PageReport(url=f"{page.url} (reflow)")
    check_reflow(page, reflow)
    reports.append(reflow)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    full_page(page, screenshot_path("synthesis-print-1280"), 1280)
    expect(page.get_by_role("link", name="Télécharger en PDF")).to_be_hidden()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"synthese-{known.slug}.pdf"
    pdf = ARTIFACTS_DIR / "synthesis" / download.suggested_filename
    pdf.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le tableur (XLSX)").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    assert workbook.sheetnames[0] == "Lisez-moi" and "Participation" in workbook.sheetnames
    assert "Carte des opinions" in workbook.sheetnames

    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "synthesis page")

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed: the PDF's first page is not drawn")
    drawn = screenshot_path("synthesis-pdf-page-1")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(drawn.with_suffix(""))],
        check=True,
    )
    assert drawn.stat().st_size > 10_000, "the PDF's first page is blank"


def test_without_signing_in_the_officials_synthesis_and_its_files_ask_to_sign_in(
    page, live_server, known  # noqa: F811
):
    synthesis = known.add_child(instance=SynthesisPage(title="Synthèse", slug="synthese", officials_only=True))
    for address in (synthesis.url, synthesis.url + "pdf/", synthesis.url + "xlsx/"):
        response = page.goto(live_server.url + address)
        assert re.search(r"/accounts/login/\?next=", page.url), f"{address} did not ask to sign in: {page.url}"
        assert response.status == 200
        expect(page.locator("#id_login")).to_be_visible()


def test_the_officials_dashboard_passes_axe_and_sorts_by_keyboard(new_context, live_server, known, elected_official):  # noqa: F811
    """The dashboard an official reaches from the admin home: axe at 1280 and 375 px, and a
    column sorted by following its header link with the keyboard."""
    context = new_context()
    ui.sign_in_as(context, live_server.url, elected_official)
    page = context.new_page()
    page.goto(live_server.url + "/admin/officials/")
    expect(page.locator("main")).to_contain_text(known.title)
    reports = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        report = PageReport(url=f"{page.url} ({width} px)")
        audit(page, report, lang="fr", wagtail_page=False)
        reports.append(report)
        page.screenshot(path=screenshot_path(f"officials-dashboard-{width}"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    header = page.locator("thead a", has_text="Participants")
    header.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort="))
    expect(page.locator('th[aria-sort]')).to_contain_text("Participants")
    print(format_reports(reports, include_minor=True) or "no axe violation of any impact")
    raise_for_failures(reports, "officials' dashboard")
