"""The synthesis charts (consultations/charts.py): geometry true to the data, a drawing and a table
that say the same numbers, readable by screen readers, in the reader's number format."""

import datetime
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation

from consultations import charts

SVG = "{http://www.w3.org/2000/svg}"
STANCES = [("for", "For"), ("against", "Against"), ("neutral", "Neutral")]


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def render(*objects):
    page = Template("{% load charts %}<root>{% for c in objects %}{% chart c %}{% endfor %}</root>")
    return ET.fromstring(page.render(Context({"objects": objects})))


def svg_of(figure):
    return figure.find(f".//{SVG}svg")


def table_cells(figure):
    return [[cell.text for cell in row] for row in figure.find(".//table/tbody")]


def shown_share(text):
    return float(re.sub(r"[^\d,.]", "", text).replace(",", "."))


def contrast(first, second):
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_bars_are_as_long_as_their_values_and_the_largest_fills_the_plot():
    chart = charts.bar_chart("Votes", "", [("A", 40), ("B", 100), ("C", 25), ("D", 0)])

    widths = [bar.width for bar in chart.bars]
    assert widths[1] == chart.plot_width
    for bar, value in zip(chart.bars, [40, 100, 25, 0]):
        assert bar.width == pytest.approx(chart.plot_width * value / 100, abs=0.05)
    # The value printed after the largest bar still fits in the drawing.
    assert chart.bars[1].value_x + charts.text_width(chart.bars[1].value) <= chart.width


@pytest.mark.parametrize("maximum", [1, 3, 7, 10, 42, 99, 100, 101, 1234, 98_765])
def test_ticks_are_round_numbers_from_zero_just_covering_the_maximum(maximum):
    ticks = charts.nice_ticks(maximum)

    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= maximum > ticks[-2]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:]))
    assert step / 10 ** len(str(int(step))[1:]) in (1, 2, 2.5, 5)
    assert step == int(step) and len(ticks) <= 6


def test_stacked_segments_fill_the_bar_and_their_shares_make_a_hundred():
    chart = charts.stacked_bar_chart(
        "Opinions", "", [("Park", {"for": 1, "against": 1, "neutral": 1}), ("Bikes", {"for": 7, "against": 3})], STANCES
    )

    for row in chart.rows:
        assert sum(part.width for part in row.segments) == pytest.approx(chart.width, abs=0.01)
        assert row.segments[0].x == 0
        assert all(a.x + a.width == pytest.approx(b.x) for a, b in zip(row.segments, row.segments[1:]))
    # 33,3 % three times: each share rounded alone, as everywhere on the portal, within a tenth of 100.
    shares = [shown_share(part.share) for part in chart.rows[0].segments]
    assert shares == [33.3, 33.3, 33.3]
    assert sum(shown_share(p.share) for p in chart.rows[1].segments) == 100
    assert [part.key for part in chart.rows[1].segments] == ["for", "against"]


def test_each_stance_has_its_own_pattern_and_a_legend():
    chart = charts.stacked_bar_chart("Opinions", "", [("Park", {"for": 5, "against": 4, "neutral": 3})], STANCES)
    svg = svg_of(render(chart))

    patterns = svg.findall(f".//{SVG}pattern")
    assert len({p.get("id") for p in patterns}) == 3
    assert [s.name for s in chart.legend] == ["For", "Against", "Neutral"]
    fills = {rect.get("fill") for rect in svg.findall(f".//{SVG}rect") if rect.get("fill", "").startswith("url(")}
    assert fills == {f"url(#{p.get('id')})" for p in patterns}


def test_a_share_is_printed_only_in_a_segment_wide_enough_for_it():
    chart = charts.stacked_bar_chart("Opinions", "", [("Park", {"for": 97, "against": 2, "neutral": 1})], STANCES)

    shown = [part for part in chart.rows[0].segments if part.chip_width]
    assert [part.key for part in shown] == ["for"]
    assert shown[0].chip_width <= shown[0].width
    # The others say theirs in a tooltip.
    assert chart.rows[0].segments[2].tip == "Neutral\u00a0: 1 (1,0\u00a0%)"


def test_line_points_follow_the_days_and_higher_values_are_drawn_higher():
    start = datetime.date(2026, 3, 1)
    points = [(start + datetime.timedelta(days=2), 10), (start, 0), (start + datetime.timedelta(days=1), 40)]
    chart = charts.line_chart("Participation", "", points, series_label="Contributions")

    xs = [p.x for p in chart.points]
    ys = [p.y for p in chart.points]
    assert xs == sorted(xs) and xs[0] == chart.left and xs[-1] == chart.right
    assert ys[0] == chart.bottom  # 0, at the bottom
    assert ys[1] == pytest.approx(chart.bottom - (chart.bottom - chart.top) * 40 / 40)
    assert ys[1] < ys[2] < ys[0]
    assert [tick.text for tick in chart.y_ticks] == ["0", "10", "20", "30", "40"]


def test_missing_days_are_not_invented():
    start = datetime.date(2026, 3, 1)
    points = [(start, 4), (start + datetime.timedelta(days=3), 8), (start + datetime.timedelta(days=4), 2)]
    chart = charts.line_chart("Participation", "", points, series_label="Contributions")

    assert len(chart.points) == 3 and len(chart.table.rows) == 3
    # The gap stays a gap in time: three days between the first two points, one after.
    first, second, third = (p.x for p in chart.points)
    assert second - first == pytest.approx(3 * (third - second), abs=0.2)


def test_the_table_holds_the_numbers_the_drawing_prints():
    bar = charts.bar_chart("Votes", "", [("A", 1234), ("B", 56)], unit="votes")
    area = charts.area_list("Neighbourhoods", "", [("North", 30), ("South", 70)])
    bar_figure, area_figure = render(bar, area)

    printed = [t.text for t in svg_of(bar_figure).iter(f"{SVG}text") if t.get("class") == "chart__value"]
    assert printed == [row[1] for row in table_cells(bar_figure)] == ["1\u00a0234\u00a0votes", "56\u00a0votes"]
    printed = [t.text for t in svg_of(area_figure).iter(f"{SVG}text") if t.get("class") == "chart__value"]
    rows = table_cells(area_figure)
    assert rows == [["South", "70", "70,0\u00a0%"], ["North", "30", "30,0\u00a0%"]]
    assert printed == [f"{count} ({share})" for _label, count, share in rows]


def test_title_and_description_name_the_drawing():
    chart = charts.bar_chart("Votes", "Park leads.", [("Park", 3), ("Bikes", 1)])
    figure = render(chart)[0]
    svg = svg_of(figure)

    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}title").text == "Votes"
    assert svg.find(f"{SVG}desc").get("id") == desc_id and svg.find(f"{SVG}desc").text == "Park leads."
    assert "width" not in svg.attrib and svg.get("viewBox").startswith("0 0 400 ")
    caption = figure.find(".//table/caption")
    assert "Votes" in caption.text
    assert [th.get("scope") for th in figure.find(".//table/thead/tr")] == ["col", "col"]
    assert [row[0].tag for row in figure.find(".//table/tbody")] == ["th", "th"]


def test_a_description_is_written_from_the_data_when_none_is_given():
    chart = charts.bar_chart("Votes", "", [("Park", 3), ("Bikes", 9), ("Trees", 5), ("Bench", 1)])

    assert chart.description == "Les 3 valeurs les plus élevées\u00a0: Bikes (9), Trees (5) et Park (3)."


def test_two_charts_on_one_page_have_their_own_ids():
    one = charts.bar_chart("Votes", "", [("A", 1)])
    two = charts.bar_chart("Votes", "", [("B", 2)])
    root = render(one, two)

    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for figure in root:
        svg = svg_of(figure)
        for ident in svg.get("aria-labelledby").split():
            assert figure.find(f".//*[@id='{ident}']") is not None


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.bar_chart("Votes", "", []),
        lambda: charts.bar_chart("Votes", "", [("A", 0), ("B", 0)]),
        lambda: charts.stacked_bar_chart("Opinions", "", [("Park", {})], STANCES),
        lambda: charts.line_chart("Days", "", [(datetime.date(2026, 1, 1), 0)], series_label="Votes"),
        lambda: charts.area_list("Areas", "", [("North", 0)]),
        lambda: charts.area_list("Areas", "", [], total=0),
    ],
)
def test_no_data_is_said_in_a_sentence(build):
    chart = build()
    figure = render(chart)[0]

    assert chart.empty
    assert svg_of(figure) is None and figure.find(".//table") is None
    assert figure.find("p").text == "Aucune donnée pour l'instant."


def test_a_single_day_is_said_rather_than_drawn():
    chart = charts.line_chart("Days", "", [(datetime.date(2026, 2, 1), 12)], series_label="Votes")
    figure = render(chart)[0]

    assert not chart.empty and svg_of(figure) is None
    assert figure.find("p").text == "Votes\u00a0: 12 le 1er février 2026, le seul jour avec des données pour l'instant."
    assert table_cells(figure) == [["1er février 2026", "12"]]


def test_a_single_item_is_drawn_across_the_plot():
    chart = charts.bar_chart("Votes", "", [("Park", 3)])

    assert chart.bars[0].width == chart.plot_width
    area = charts.area_list("Areas", "", [("North", 3)])
    assert area.bars[0].value == "3 (100,0\u00a0%)"


def test_long_labels_are_cut_in_the_drawing_and_whole_in_the_tooltip_and_table():
    name = "Rénovation complète de l’aire de jeux du parc des Tilleuls et de ses abords immédiats"
    figure = render(charts.bar_chart("Votes", "", [(name, 3)]))[0]

    label = next(t for t in svg_of(figure).iter(f"{SVG}text") if t.get("class") == "chart__label")
    assert label.find(f"{SVG}title").text == name
    assert label.find(f"{SVG}title").tail.endswith("…")
    assert name.startswith(label.find(f"{SVG}title").tail[:-1])
    assert charts.text_width(label.find(f"{SVG}title").tail) <= charts.WIDTH
    assert table_cells(figure) == [[name, "3"]]


def test_labels_are_escaped():
    name = 'Jardin <b>"Les Lilas"</b> & compost'
    html = Template("{% load charts %}{% chart c %}").render(Context({"c": charts.bar_chart("T & <i>", "", [(name, 1)])}))

    assert "<b>" not in html and "<i>" not in html
    figure = ET.fromstring(html)
    assert figure.find(".//table/tbody/tr/th").text == name
    assert svg_of(figure).find(f"{SVG}title").text == "T & <i>"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        charts.bar_chart("Votes", "", [("A", -1)])


def test_fills_stand_out_from_the_page_and_text_on_them_is_readable():
    fills = [charts.BAR_FILL, charts.GRID, *charts.SEGMENT_FILLS, *charts.STEP_FILLS]
    for fill in fills:
        assert contrast(fill, charts.PAGE) >= 3, fill
    for fill in charts.SEGMENT_FILLS:
        assert contrast(charts.TEXT_ON_FILL, fill) >= 4.5, fill


def test_areas_are_ranked_and_shaded_darker_as_they_grow():
    chart = charts.area_list("Areas", "", [("B", 5), ("A", 100), ("C", 40), ("D", 60)], total=400)

    assert [bar.label.text for bar in chart.bars] == ["1. A", "2. D", "3. C", "4. B"]
    assert [bar.value for bar in chart.bars][0] == "100 (25,0\u00a0%)"
    steps = [charts.STEP_FILLS.index(bar.fill) for bar in chart.bars]
    assert steps == sorted(steps, reverse=True) and steps[0] == len(charts.STEP_FILLS) - 1 and steps[-1] == 0


@pytest.mark.parametrize(
    ("language", "count", "share", "day"),
    [("fr", "1\u00a0234\u00a0567", "33,3\u00a0%", "1er nov."), ("en", "1,234,567", "33.3%", "Nov. 1")],
)
def test_numbers_and_days_are_written_the_readers_way(language, count, share, day):
    with translation.override(language):
        bar = charts.bar_chart("Votes", "", [("A", 1_234_567)])
        stacked = charts.stacked_bar_chart("Opinions", "", [("Park", {"for": 1, "against": 2})], STANCES)
        line = charts.line_chart(
            "Days", "", [(datetime.date(2026, 11, 1), 1), (datetime.date(2026, 11, 2), 2)], series_label="Votes"
        )

    assert bar.bars[0].value == count and bar.table.rows[0][1] == count
    assert stacked.rows[0].segments[0].share == share
    assert stacked.table.rows[0][1] == f"1 ({share})"
    assert line.x_ticks[0].text == day


def test_shares_match_the_portals_percent_filter():
    from consultations.templatetags.participation_tags import percent

    chart = charts.area_list("Areas", "", [("A", 23), ("B", 57)], total=80)
    assert chart.table.rows[1][2] == percent(Fraction(23, 80)) == "28,8\u00a0%"


def test_coordinates_keep_a_decimal_point_in_french():
    start = datetime.date(2026, 3, 1)
    figures = render(
        charts.bar_chart("Votes", "", [("A", 7), ("B", 3)]),
        charts.stacked_bar_chart("Opinions", "", [("Park", {"for": 2, "against": 1})], STANCES),
        charts.line_chart("Days", "", [(start, 3), (start + datetime.timedelta(days=1), 7)], series_label="V"),
    )
    geometry = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}

    numbers = [
        value for figure in figures for element in svg_of(figure).iter()
        for name, value in element.attrib.items() if name in geometry
    ]
    assert numbers and all(float(value) >= 0 for value in numbers)
    assert all(float(n) >= 0 for figure in figures for n in svg_of(figure).get("viewBox").split())
    assert any("." in value for value in numbers)


def test_a_line_is_summed_up_in_its_description():
    start = datetime.date(2026, 3, 1)
    points = [(start, 3), (start + datetime.timedelta(days=1), 40), (start + datetime.timedelta(days=2), 7)]
    chart = charts.line_chart("Days", "", points, series_label="Contributions")

    assert chart.description == (
        "Contributions du 1er mars 2026 au 3 mars 2026\u00a0: 50 au total, au plus 40 le 2 mars 2026."
    )
    opinions = charts.stacked_bar_chart("Opinions", "", [("Park", {"for": 3, "against": 1})], STANCES)
    assert opinions.description == "Au total, sur 4\u00a0: For 75,0\u00a0%, Against 25,0\u00a0% et Neutral 0,0\u00a0%."


def test_a_chart_can_be_given_its_id():
    html = Template('{% load charts %}{% chart c "turnout" %}').render(
        Context({"c": charts.bar_chart("Participation par quartier", "", [("A", 1)])})
    )

    figure = ET.fromstring(html)
    assert figure.get("id") == "chart-turnout"
    assert svg_of(figure).get("aria-labelledby") == "chart-turnout-title chart-turnout-desc"
