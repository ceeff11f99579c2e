"""The synthesis's opinion map: each opinion round's latest stored result, shown in words and as a
map, with no personal data, no hidden statement, and a sentence instead of a meaningless map."""

import datetime
import json
from fractions import Fraction
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from consultations import charts
from consultations.models import ConsultationPage, OpinionResult, OpinionRound, Statement, StatementVote, User
from consultations.opinion.results import OpinionGroups
from consultations.services.opinions import compute_round
from consultations.synthesis import figures, opinion_map, opinion_words
from tests.consultations.planted_opinions import planted_votes
from tests.consultations.test_charts import contrast
from tests.consultations.test_synthesis import known, synthesis_of, text_of  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SVG = "{http://www.w3.org/2000/svg}"


def planted_round(consultation, *, participants=90, statements=12, groups=3, title="La piscine", seed=0,
                  hidden=()):
    """A round whose votes come from planted_opinions.py; statements at the indexes in `hidden` are
    hidden by moderation."""
    now = timezone.now()
    opinion_round = OpinionRound.objects.create(
        consultation=consultation, title=title, opens_at=now - 2 * DAY, closes_at=now + DAY,
    )
    rows = Statement.objects.bulk_create([
        Statement(round=opinion_round, text=f"{title} : affirmation n° {n}",
                  status=Statement.Status.HIDDEN if n in hidden else Statement.Status.PUBLISHED)
        for n in range(statements)
    ])
    people = User.objects.bulk_create([
        User(email=f"{seed}-{n}-{opinion_round.pk}@exemple.fr",
             display_name=f"Votant {n}")
        for n in range(participants)
    ])
    votes, truth = planted_votes(participants, statements, groups, voted=(0.6, 0.9), seed=seed)
    StatementVote.objects.bulk_create([
        StatementVote(statement=rows[statement], participant=people[participant], value=value)
        for participant, statement, value in votes
    ])
    return opinion_round, people, rows


def votes_text(result):
    """« 1 234 votes » as text_of reads it (every space folded)."""
    with translation.override("fr"):
        return f"{charts.format_number(result.vote_count)} votes".replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("proposals", vote_method=ConsultationPage.VoteMethod.NONE)


def test_the_section_shows_the_groups_statements_and_percentages_of_the_stored_result(client, consultation):
    opinion_round, _people, rows = planted_round(consultation)
    result = compute_round(opinion_round)
    stored = OpinionGroups.from_json(result.data)
    assert stored.enough_data and stored.k == 3

    [entry] = figures.compute(consultation)["opinion_maps"]
    assert [group["letter"] for group in entry["groups"]] == ["A", "B", "C"]
    assert sum(group["size"] for group in entry["groups"]) == len(stored.clustered) == entry["clustered"]
    assert entry["vote_count"] == result.vote_count and entry["k"] == 3
    texts = {row.pk: row.text for row in rows}
    first = stored.groups[0].representative[0]
    shown = entry["groups"][0]["representative"][0]
    agree = first.direction == "agree"
    assert shown["text"] == texts[first.statement]
    assert Fraction(shown["group"]) == Fraction(first.votes.agree if agree else first.votes.disagree, first.votes.voted)
    others = first.others_agree if agree else first.others_disagree
    assert Fraction(shown["others"]) == Fraction(others, first.others_voted)

    page = synthesis_of(consultation)
    page_text = text_of(client.get(page.url))
    assert "Carte des opinions" in page_text
    for group in stored.groups:
        assert f"Groupe {'ABC'[group.id]} : {group.size} participants" in page_text
    verb = "est d’accord" if agree else "n’est pas d’accord"
    with translation.override("fr"):
        expected = (f"« {texts[first.statement]} » — "
                    f"{opinion_words.whole_percent(shown['group'])} du groupe A {verb}, "
                    f"contre {opinion_words.whole_percent(shown['others'])} des autres participants")
    assert expected.replace("\u00a0", " ") in page_text  # text_of folds every space
    moment = timezone.localtime(result.computed_at)
    assert f"Calculée le {moment.day}" in page_text and f"{moment:%H} h {moment:%M}" in page_text
    assert "Les groupes sont stables" in page_text or "Les groupes sont peu stables" in page_text


def test_no_participant_id_nor_name_in_the_figures_or_the_page(client, consultation):
    opinion_round, people, _rows = planted_round(consultation)
    compute_round(opinion_round)
    data = figures.compute(consultation)
    entry = data["opinion_maps"][0]
    serialised = json.dumps(entry)
    assert "participant" not in serialised.replace("participants", "")
    assert all(len(point) == 3 for point in entry["points"]) and len(entry["points"]) == len(people)
    # Points are in the map's order, not the accounts'.
    assert entry["points"] == sorted(entry["points"], key=lambda p: (p[0], p[1], -1 if p[2] is None else p[2]))
    html = client.get(synthesis_of(consultation).url).content.decode()
    assert "Votant 1" not in html and people[0].email not in html


def test_a_hidden_statement_is_never_shown(client, consultation):
    opinion_round, _people, rows = planted_round(consultation, hidden={0, 1})
    compute_round(opinion_round)
    # And one hidden after the computation: the stored result still names it.
    later = next(
        row for row in rows[2:]
        if row.pk in {s.statement for g in OpinionGroups.from_json(opinion_round.results.get().data).groups
                      for s in g.representative}
    )
    Statement.objects.filter(pk=later.pk).update(status=Statement.Status.HIDDEN)
    page = synthesis_of(consultation)
    page_text = text_of(client.get(page.url))
    assert "Carte des opinions" in page_text and rows[2].text.split(" n° ")[0] in page_text
    for hidden in (rows[0], rows[1], later):
        assert f"{hidden.text} »" not in page_text and f"{hidden.text}<" not in page_text
        assert not re.search(re.escape(hidden.text) + r"(?!\d)", page_text)


def test_too_few_participants_or_statements_say_so_instead_of_a_map(client, consultation):
    few_people, _p, _r = planted_round(consultation, participants=5, statements=6, title="Peu de monde")
    few_statements, _p, _r = planted_round(consultation, participants=20, statements=2, title="Peu d'affirmations",
                                           seed=1)
    compute_round(few_people)
    compute_round(few_statements)
    response = client.get(synthesis_of(consultation).url)
    page_text = text_of(response)
    assert page_text.count("Pas encore assez de votes pour dessiner la carte des opinions") == 2
    assert "5 participants et 6 affirmations" in page_text
    assert "20 participants et 2 affirmations" in page_text
    assert "chart--scatter" not in response.content.decode()


def test_a_round_not_computed_yet_says_so(client, consultation):
    planted_round(consultation)
    page_text = text_of(client.get(synthesis_of(consultation).url))
    assert "La carte des opinions n’a pas encore été calculée." in page_text


def test_a_consultation_without_opinion_round_has_no_map_section(client, consultation):
    assert figures.compute(consultation)["opinion_maps"] == []
    assert "Carte des opinions" not in text_of(client.get(synthesis_of(consultation).url))


def test_the_page_shows_the_latest_result_as_soon_as_it_is_stored(client, consultation):
    opinion_round, people, rows = planted_round(consultation)
    page = synthesis_of(consultation)
    assert "pas encore été calculée" in text_of(client.get(page.url))
    first = compute_round(opinion_round)
    assert f"à partir de {votes_text(first)}" in text_of(client.get(page.url))
    voted = set(StatementVote.objects.filter(participant=people[0]).values_list("statement_id", flat=True))
    unvoted = next(row for row in rows if row.pk not in voted)
    StatementVote.objects.create(statement=unvoted, participant=people[0], value=1)
    latest = compute_round(opinion_round)
    page_text = text_of(client.get(page.url))
    assert latest.vote_count == first.vote_count + 1
    assert f"à partir de {votes_text(latest)}" in page_text and "pas encore été calculée" not in page_text


def test_a_frozen_synthesis_keeps_its_map_until_it_is_recomputed(client, known, moderator):  # noqa: F811
    from consultations.synthesis import snapshots

    opinion_round, people, rows = planted_round(known)
    first = compute_round(opinion_round)
    page = synthesis_of(known)
    client.get(page.url)  # freezes the figures
    StatementVote.objects.bulk_create([
        StatementVote(statement=row, participant=person, value=1)
        for person in people[:3] for row in rows
        if not StatementVote.objects.filter(statement=row, participant=person).exists()
    ])
    later = compute_round(opinion_round)
    assert later.vote_count > first.vote_count
    page_text = text_of(client.get(page.url))
    assert f"à partir de {votes_text(first)}" in page_text and f"à partir de {votes_text(later)}" not in page_text
    snapshots.recompute(page, by=moderator, reason="Nouveau calcul de la carte.")
    assert f"à partir de {votes_text(later)}" in text_of(client.get(page.url))


def test_the_figures_cost_the_same_queries_whatever_the_rounds_statements(make_consultation):
    def queries_for(statements, rounds):
        consultation = make_consultation("proposals", vote_method=ConsultationPage.VoteMethod.NONE)
        for n in range(rounds):
            opinion_round, _p, _r = planted_round(consultation, participants=30, statements=statements,
                                                  title=f"Tour {n}", seed=n)
            compute_round(opinion_round)
        opinion_map.opinion_rounds(consultation)
        with CaptureQueriesContext(connection) as captured:
            opinion_map.opinion_rounds(consultation)
        return len(captured.captured_queries)

    assert queries_for(4, 1) == queries_for(20, 3) == 3


def test_a_large_round_keeps_at_most_the_cap_of_points(consultation, monkeypatch):
    monkeypatch.setattr(opinion_map, "MAX_POINTS", 25)
    opinion_round, _p, _r = planted_round(consultation, participants=60)
    compute_round(opinion_round)
    [entry] = opinion_map.opinion_rounds(consultation)
    assert len(entry["points"]) == 25 and entry["points_total"] == 60
    with translation.override("fr"):
        [drawn] = opinion_words.maps({"opinion_maps": [entry]})
    assert "La carte montre 25 des 60 participants" in drawn["chart"].description


def render(chart):
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": chart}))
    return ET.fromstring(html)


def scatter(points=None):
    points = points or [(0, 0, 0), (1, 0.2, 0), (5, 5, 1), (5.5, 4, 1), (-3, 4, 2), (2, 2, None)]
    return charts.scatter_chart(
        "Carte", "Deux participants proches ont voté de même.", points,
        [("Groupe A (2 participants)", "A"), ("Groupe B (2 participants)", "B"), ("Groupe C (1 participant)", "C")],
        headers=["Groupe", "Participants", "Part"], rows=[["Groupe A", "2", "40 %"], ["Groupe B", "2", "40 %"],
                                                          ["Groupe C", "1", "20 %"]],
        ungrouped="Trop peu de votes",
    )


def test_the_scatter_is_an_image_with_its_title_description_and_table():
    figure = render(scatter())
    svg = figure.find(f".//{SVG}svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text == "Deux participants proches ont voté de même."
    assert [[cell.text for cell in row] for row in figure.find(".//table/tbody")][0] == ["Groupe A", "2", "40 %"]
    legend = [t.text for t in svg.find(f"{SVG}g[@class='chart__legend']").iter(f"{SVG}text")]
    assert legend == ["Groupe A (2 participants)", "Groupe B (2 participants)", "Groupe C (1 participant)",
                      "Trop peu de votes"]


def test_each_group_has_its_own_shape_and_colour_and_a_letter_at_its_centre():
    chart = scatter()
    assert len({marker.shape for marker in chart.legend}) == len(chart.legend)
    assert len({marker.fill for marker in chart.legend[:3]}) == 3
    assert [centre.name for centre in chart.centres] == ["A", "B", "C"]
    figure = render(chart)
    boxes = figure.findall(f".//{SVG}g[@class='chart__centres']/{SVG}rect")
    letters = figure.findall(f".//{SVG}g[@class='chart__centres']/{SVG}text")
    for box, letter in zip(boxes, letters, strict=True):  # each letter in the middle of its box
        assert float(box.get("x")) + float(box.get("width")) / 2 == pytest.approx(float(letter.get("x")), abs=0.1)
    # Both axes share one scale: equal distances in the data are equal on the drawing.
    (ax, ay, _), (bx, by, _) = chart.points[0], chart.points[1]
    assert (bx - ax) / (by - ay) == pytest.approx(-1 / 0.2, rel=0.05)
    assert all(0 <= x <= chart.width and chart.plot_top <= y <= chart.height for x, y, _k in chart.points)


def test_scatter_colours_stand_out_from_the_page_and_letters_are_readable():
    for fill in [*charts.SERIES_FILLS, charts.GRID]:
        assert contrast(fill, charts.PAGE) >= 3, fill
    for fill in charts.SERIES_FILLS:
        assert contrast(fill, charts.PAGE) >= 4.5, fill


def test_no_points_is_said_in_a_sentence():
    chart = charts.scatter_chart("Carte", "", [], [], headers=["Groupe"], rows=[])
    assert chart.empty


def test_thousands_of_points_give_a_compact_drawing():
    points = [((n * 37) % 101 / 10, (n * 53) % 97 / 10, n % 3) for n in range(2000)]
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": scatter(points)}))
    assert html.count("<use ") == 2000 + 3  # the points and the legend's three markers
    assert len(html) < 2000 * 60
    assert not re.search(r'x="\d+\.\d\d', html)


def test_the_workbook_has_an_opinion_map_sheet_with_the_groups_and_statements(client, consultation):
    import io

    from openpyxl import load_workbook

    from tests.consultations.test_synthesis_files import sheet_rows

    opinion_round, _people, _rows = planted_round(consultation)
    compute_round(opinion_round)
    [entry] = figures.compute(consultation)["opinion_maps"]
    page = synthesis_of(consultation)
    workbook = load_workbook(io.BytesIO(client.get(page.url + "xlsx/").content), read_only=True)
    assert "Carte des opinions" in [row[0] for row in sheet_rows(workbook["Lisez-moi"]) if row]
    rows = [row + (None,) * (8 - len(row)) for row in sheet_rows(workbook["Carte des opinions"])]
    sizes = {row[0]: row[5] for row in rows if row[0] in ("A", "B", "C") and row[1] is None}
    assert sizes == {group["letter"]: group["size"] for group in entry["groups"]}
    first = entry["groups"][0]["representative"][0]
    row = next(row for row in rows if row[0] == "A" and row[1] == first["text"])
    assert row[3] == pytest.approx(float(Fraction(first["group"])))
    assert not any("Votant" in str(cell) for row in rows for cell in row)


def test_the_pdf_has_the_opinion_map_in_words(client, consultation):
    from tests.consultations.test_synthesis_files import PDFTOTEXT, pdf_text

    opinion_round, _people, _rows = planted_round(consultation)
    compute_round(opinion_round)
    content = client.get(synthesis_of(consultation).url + "pdf/").content
    assert content.startswith(b"%PDF-")
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    text = pdf_text(content)
    assert "Carte des opinions" in text and "Groupe A" in text and "du groupe A" in text
