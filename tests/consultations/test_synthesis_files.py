"""The synthesis's files: its PDF (the frozen figures, the digest and the date, drawn by WeasyPrint
with no network) and its XLSX workbook (the same figures, numbers as numbers), both under the
page's own view restrictions, and both labelled provisional while the consultation is open."""

import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from consultations.models import ConsultationPage
from consultations.services.voting import ballot_projects
from consultations.synthesis import pdf as synthesis_pdf
from consultations.synthesis import snapshots
from consultations.synthesis.pdf import StaticFilesFetcher, render_pdf
from tests.consultations.test_synthesis import known, synthesis_of  # noqa: F401 (the fixture)
from tests.factories import BallotFactory

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian's poppler-utils) is not installed")


def pdf_text(content):
    """The PDF's words, as poppler reads them, on one line."""
    result = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def sheet_rows(sheet):
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def block(rows, title):
    """The rows of a titled block of a sheet: after its title and header, up to the blank line."""
    start = next(index for index, row in enumerate(rows) if row[0] == title and not any(row[1:]))
    found = []
    for row in rows[start + 2:]:
        if all(cell is None for cell in row):
            break
        found.append(row)
    return found


@pytest.fixture
def frozen(client, known):  # noqa: F811
    page = synthesis_of(known)
    client.get(page.url)
    return page, snapshots.latest(page)


def test_the_pdf_shows_the_frozen_figures_the_digest_and_the_date(client, frozen):
    page, snapshot = frozen
    response = client.get(page.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="synthese-{page.get_parent().slug}.pdf"'
    assert response.content.startswith(b"%PDF-")
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed: the PDF's text is not read")
    text = pdf_text(response.content)
    assert "Synthèse" in text and page.get_parent().title in text
    assert snapshot.digest in text.replace(" ", "")
    assert "Chiffres arrêtés le" in text
    assert "7 personnes ont participé." in text
    assert "Enfin de l'ombre." in text
    assert "Page 1 sur" in text  # the page numbers of the @page margin boxes


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian's poppler-utils) is not installed")
def test_the_pdf_draws_the_charts(client, frozen, tmp_path):
    """The inline SVG charts are drawn: the page's text is black on white in print, so the
    coloured pixels of its pages are the charts' bars."""
    from PIL import Image

    page, _snapshot = frozen
    (tmp_path / "synthese.pdf").write_bytes(client.get(page.url + "pdf/").content)
    pages = ["pdftoppm", "-png", "-r", "30", str(tmp_path / "synthese.pdf"), str(tmp_path / "page")]
    subprocess.run(pages, check=True)
    coloured = 0
    for image in sorted(tmp_path.glob("page*.png")):
        for red, green, blue in Image.open(image).convert("RGB").get_flattened_data():
            coloured += max(red, green, blue) - min(red, green, blue) > 60
    assert coloured > 200


def test_the_pdf_reads_static_files_from_disk_and_fetches_nothing_else(tmp_path):
    fetcher = StaticFilesFetcher("http://testserver/")
    stylesheet = fetcher("http://testserver/static/css/portal.css")
    try:
        assert stylesheet.content_type == "text/css" and b"@media print" in stylesheet.read()
    finally:
        stylesheet.close()
    for url in (
        "http://example.org/tracker.png", "https://testserver/static/css/portal.css",
        "http://testserver/media/secret.png", "file:///etc/passwd", "http://testserver/static/../settings.py",
    ):
        with pytest.raises(ValueError):
            fetcher(url)
    # An image from elsewhere in the HTML is left out, and the PDF is still made.
    elsewhere = '<img src="http://example.org/x.png" alt="x">'
    assert render_pdf(elsewhere, base_url="http://testserver/").startswith(b"%PDF")


def test_the_workbook_holds_the_same_figures_as_numbers(client, frozen):
    page, snapshot = frozen
    known = page.get_parent().specific
    p1, p2, p3 = ballot_projects(known)
    response = client.get(page.url + "xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="synthese-{known.slug}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Lisez-moi", "Participation", "Résultats", "Propositions", "Arguments", "Modération", "Décisions",
    ]
    readme = dict(row[:2] for row in sheet_rows(workbook["Lisez-moi"]) if row[0])
    assert readme["Consultation"] == known.title
    assert readme["Empreinte SHA-256 des données ouvertes"] == snapshot.digest
    assert readme["Chiffres arrêtés le"].date() == timezone.localtime(snapshot.created_at).date()

    participation = sheet_rows(workbook["Participation"])
    key_figures = dict(row[:2] for row in block(participation, "Chiffres clés"))
    assert (key_figures["Participants"], key_figures["Propositions"], key_figures["Commentaires"],
            key_figures["Soutiens"], key_figures["Bulletins"]) == (7, 1, 3, 1, 3)
    per_day = block(participation, "Participation par jour")
    assert sum(row[4] for row in per_day) == 3 and all(isinstance(row[1], int) for row in per_day)

    results = sheet_rows(workbook["Résultats"])
    ranked = block(results, "Par projet, dans l'ordre des résultats")
    assert [(row[0], row[2], row[3], row[4], row[8]) for row in ranked] == [
        (1, p1.title, 3, 0, 3), (2, p3.title, 0, 0, 0), (3, p2.title, 1, 2, -1),
    ]
    assert ranked[0][7] == pytest.approx(1.0)  # a share, as a number (formatted as a percentage)
    arguments = sheet_rows(workbook["Arguments"])
    counts = {row[2]: row[3:6] for row in block(arguments, "Commentaires par position")}
    assert counts[p1.title] == (2, 1, 0)
    quotes = block(arguments, "Le commentaire le plus apprécié de chaque position")
    assert (p1.title, "Pour", 3, "Enfin de l'ombre.") in [(row[2], row[3], row[4], row[5]) for row in quotes]
    moderation = block(sheet_rows(workbook["Modération"]), "Contributions refusées ou masquées, par motif")
    assert {(row[0], row[1], row[3]) for row in moderation if row[1]} == {
        ("Proposition", "refusée", None), ("Commentaire", "masquée", None),
    }


def test_the_share_cells_are_formatted_as_percentages(client, frozen):
    page, _snapshot = frozen
    workbook = load_workbook(io.BytesIO(client.get(page.url + "xlsx/").content))
    sheet = workbook["Résultats"]
    shares = [row[7] for row in sheet.iter_rows() if isinstance(row[7].value, float)]
    assert shares and all(cell.number_format == "0.0%" for cell in shares)


@pytest.mark.parametrize("route", ["pdf/", "xlsx/"])
def test_the_files_of_a_synthesis_kept_for_officials_are_kept_for_them(
    client, known, citizen, elected_official, route,  # noqa: F811
):
    page = synthesis_of(known, officials_only=True)
    response = client.get(page.url + route)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={page.url}{route}"  # the portal's sign-in page
    client.force_login(citizen)
    assert client.get(page.url + route).status_code in (302, 403)
    client.force_login(elected_official)
    response = client.get(page.url + route)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert "private" in response["Cache-Control"]


def test_while_the_consultation_is_open_the_files_say_the_figures_are_provisional(client, make_consultation):
    consultation = make_consultation("vote", vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100,
                                     projects=[50, 50])
    page = synthesis_of(consultation)
    response = client.get(page.url + "pdf/")
    assert response["Content-Disposition"] == f'attachment; filename="synthese-{consultation.slug}-provisoire.pdf"'
    if PDFTOTEXT is not None:
        assert "Chiffres provisoires" in pdf_text(response.content)
    response = client.get(page.url + "xlsx/")
    assert response["Content-Disposition"].endswith('-provisoire.xlsx"')
    readme = dict(row[:2] for row in sheet_rows(load_workbook(io.BytesIO(response.content))["Lisez-moi"]) if row[0])
    assert readme["Chiffres"].startswith("PROVISOIRES")
    assert not page.snapshots.exists()


def test_the_page_links_to_its_files(client, frozen):
    page, _snapshot = frozen
    content = client.get(page.url).content.decode()
    assert f'href="{page.url}pdf/"' in content and "Télécharger en PDF" in content
    assert f'href="{page.url}xlsx/"' in content and "Télécharger le tableur (XLSX)" in content


def test_small_moderation_counts_are_not_read_as_nothing_moderated(client, frozen):
    """One proposal rejected and one comment hidden: each count is left empty (fewer than 5, as in
    the open data), which must not read as « nothing was moderated » on the page or in the PDF."""
    page, _snapshot = frozen
    content = client.get(page.url).content.decode()
    assert "Aucune contribution n'a été refusée ni masquée." not in content
    assert "Quelques contributions ont été refusées ou masquées par la modération" in content
    assert content.count("moins de 5") >= 2  # the table's two rows


def test_the_pdf_is_drawn_once_per_snapshot_and_again_after_a_recomputation(client, frozen, moderator, monkeypatch):
    page, first = frozen
    drawn = []
    original = synthesis_pdf.render_pdf
    def counted(html, **kwargs):
        drawn.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(synthesis_pdf, "render_pdf", counted)
    content = client.get(page.url + "pdf/").content
    assert client.get(page.url + "pdf/").content == content and len(drawn) == 1
    recomputed = snapshots.recompute(page, by=moderator, reason="Un compte supprimé.")
    client.get(page.url + "pdf/")
    assert len(drawn) == 2 and recomputed.digest in drawn[-1] and first.digest in drawn[-1]  # and among the earlier


def test_after_a_budget_vote_the_workbook_lists_what_is_funded(client, make_consultation):
    consultation = make_consultation("results", vote_method=ConsultationPage.VoteMethod.BUDGET, budget=100_000,
                                     projects=[40_000, 50_000, 70_000])
    first, second, third = ballot_projects(consultation)
    for choices in ([first, second], [first], [third]):
        BallotFactory(consultation=consultation, choices=[(project, 1) for project in choices])
    page = synthesis_of(consultation)
    workbook = load_workbook(io.BytesIO(client.get(page.url + "xlsx/").content))
    rows = sheet_rows(workbook["Résultats"])
    funding = dict((row[0], row[2]) for row in block(rows, "Projets financés") if row[0] and row[2] is not None)
    assert funding["Budget (€)"] == 100_000 and funding["Votants"] == 3
    listed = {(row[0], row[2], row[3]) for row in rows if row[0] in ("oui", "non")}
    figures = snapshots.latest(page).figures["results"]["funding"]
    assert listed == {("oui", row["title"], row["cost"]) for row in figures["funded"]} | {
        ("non", row["title"], row["cost"]) for row in figures["not_funded"]
    }
    assert ("oui", first.title, 40_000) in listed and ("non", third.title, 70_000) in listed
    assert client.get(page.url + "pdf/").content.startswith(b"%PDF-")
