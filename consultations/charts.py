"""Charts drawn on the server as SVG for the synthesis pages: no JavaScript, they scale and print.

Builders take plain data and return a chart whose geometry is computed (viewBox units, to a tenth):
templates/consultations/charts/ only print numbers; `{% chart obj %}` draws one beside its table.

- bar_chart(title, description, [(label, value)], *, unit="", value_format=None, headers=None):
  horizontal bars in the caller's order, each value printed at the end of its bar.
- stacked_bar_chart(title, description, [(label, {key: count})], [(key, label)], *, headers=None):
  a bar per row split into segments (for / against / neutral), each with a fill, a pattern and a legend.
- line_chart(title, description, [(date, value)], *, series_label, headers=None, by="day"): a value a
  day (or a month, `by="month"`).
- area_list(title, description, [(label, value)], *, total=None, headers=None): areas ranked, bars
  shaded darker as they grow, with the count and its share of `total` (by default, of the sum).
- scatter_chart(title, description, [(x, y, series or None)], [(legend text, letter)], *, headers, rows,
  ungrouped=""): points in a square, one colour and one shape per series (at most 5), a letter at
  each series' centre; the table is the caller's (a table of thousands of points says nothing).

A chart has .title, .description (written from the data when the caller passes none), .table
(caption, headers, rows of strings, the first cell heading its row), .empty (no data, or only zeros),
.sentence (said instead of a drawing: "No data yet.", or the only day of a line) and .kind (template).

- Colour never carries meaning alone: values are printed, segments have patterns and a legend,
  points have shapes.
- Fills contrast at least 3:1 with the white page (WCAG 1.4.11); text drawn on a fill, 4.5:1.
- A label too long is cut with an ellipsis; the whole label is in a tooltip and in the table.
- Numbers are written the reader's way (number_format), shares by the portal's `percent` filter;
  a line joins the days it is given: a day without data is the caller's to pass as 0.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .templatetags.participation_tags import percent
from .typography import date_format

WIDTH = 400  # of every viewBox; the SVG is as wide as its container and text scales with it
FONT = 17
SMALL = 16
EM_ADVANCE = 0.6  # a generous average glyph width of a sans-serif font, in ems: labels are cut early
BAR_HEIGHT = 24

PAGE = "#ffffff"
TEXT_ON_FILL = "#ffffff"
BAR_FILL = "#1d4f91"
GRID = "#6b7280"  # axes and grid lines
# In the order of the segments given; each with its own pattern, so grey printing still tells them apart.
SEGMENT_FILLS = ["#166534", "#b91c1c", "#4b5563", "#6d28d9", "#92400e"]
SEGMENT_PATTERNS = ["solid", "hatch", "dots", "crosshatch", "stripes"]
# The area list's steps, lightest to darkest; the lightest still stands out from the page at 3:1.
STEP_FILLS = ["#6f8fd0", "#4d6fb5", "#2f5a9e", "#1d3f7a", "#0f254a"]
# A scatter's series: each colour also reads as text on the page (4.5:1), for the centres' letters.
SERIES_FILLS = ["#1d4f91", "#b91c1c", "#166534", "#6d28d9", "#92400e"]
SERIES_SHAPES = ["circle", "square", "triangle", "diamond", "cross"]
SCATTER_HEIGHT = 300


@dataclass
class Table:
    caption: str
    headers: list
    rows: list


@dataclass
class Chart:
    kind: str
    title: str
    description: str
    table: Table
    empty: bool = False
    sentence: str = ""
    width: int = WIDTH
    height: float = 0
    # For the templates (class attributes, not fields).
    font, small, bar_height = FONT, SMALL, BAR_HEIGHT
    page, on_fill, ink, grid = PAGE, TEXT_ON_FILL, BAR_FILL, GRID


@dataclass
class Label:
    """A label as drawn (`text`, perhaps cut) and in full (`full`, set only when it was cut)."""
    text: str
    full: str = ""


@dataclass
class Bar:
    label: Label
    value: str
    y: float
    width: float
    label_y: float
    value_x: float
    value_y: float
    fill: str = BAR_FILL


@dataclass
class Segment:
    key: str
    name: str
    x: float
    width: float
    fill: str
    pattern: str
    share: str
    tip: str
    text_x: float = 0
    chip_x: float = 0  # a plain patch of the fill under the share printed, which the pattern would blur
    chip_width: float = 0  # 0: the segment is too narrow to print its share


@dataclass
class StackedRow:
    label: Label
    total: str
    label_y: float
    y: float
    segments: list
    text_y: float = 0  # of the shares printed inside the segments
    chip_y: float = 0


@dataclass
class Swatch:
    name: str
    x: float
    y: float
    fill: str
    pattern: str
    text_x: float = 0
    text_y: float = 0


@dataclass
class Mark:
    """A tick's text, or a point of a line and its tooltip."""
    text: str
    x: float = 0
    y: float = 0
    line: float = 0  # where a y tick's grid line runs


@dataclass
class BarChart(Chart):
    bars: list = field(default_factory=list)
    plot_width: float = 0  # the largest bar's; the rest of the width holds its value


@dataclass
class StackedBarChart(Chart):
    legend: list = field(default_factory=list)
    rows: list = field(default_factory=list)


@dataclass
class LineChart(Chart):
    left: float = 0
    right: float = 0
    top: float = 0
    bottom: float = 0
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    points: list = field(default_factory=list)
    path: str = ""


@dataclass
class Marker:
    """A series of a scatter: its shape (drawn once, used for every point) and legend entry."""
    key: int
    name: str
    fill: str
    shape: str
    x: float = 0
    y: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass
class ScatterChart(Chart):
    legend: list = field(default_factory=list)
    points: list = field(default_factory=list)  # (x, y, marker key), marker key "u" for the ungrouped
    centres: list = field(default_factory=list)  # Markers, at the mean of their points, named by their letter
    plot_top: float = 0
    plot_height = SCATTER_HEIGHT


def _r(value):
    return round(float(value), 1)


def format_number(value):
    """A count or a measure as the reader's language writes it: 1 234 in French, 1,234 in English."""
    if value == int(value):
        return number_format(int(value), force_grouping=True)
    return number_format(round(float(value), 1), decimal_pos=1, force_grouping=True)


def text_width(text, size=FONT):
    return len(text) * size * EM_ADVANCE


def fit(text, width, size=FONT):
    text = str(text)
    room = max(int(width / (size * EM_ADVANCE)), 2)
    if len(text) <= room:
        return Label(text)
    return Label(text[: room - 1].rstrip() + "…", full=text)


def nice_ticks(maximum, *, count=5, whole=True):
    """0 to a round number at or above `maximum`, in at most `count` steps of 1, 2, 2.5 or 5 × 10ⁿ
    (2.5 only where it stays whole); steps are whole numbers for counts."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    exponent = math.floor(math.log10(raw))
    magnitude = 10**exponent
    steps = (1, 2, 2.5, 5, 10) if exponent >= 1 else (1, 2, 5, 10)
    step = next(s * magnitude for s in steps if s * magnitude >= raw)
    if whole:
        step = max(int(round(step)), 1)
    top = math.ceil(round(maximum / step, 9)) * step
    return [round(i * step, 9) for i in range(int(round(top / step)) + 1)]


def _check(values):
    if any(v < 0 for v in values):
        raise ValueError("Charts draw counts: no negative value.")


def _empty(cls, kind, title, description, table):
    return cls(kind, str(title), str(description or ""), table, empty=True, sentence=_("No data yet."))


def _highest(entries):
    """« The 3 highest values: A (12), B (9) and C (4). » from entries ranked already."""
    entries = entries[:3]
    return ngettext(
        "Highest value: %(list)s.", "The %(count)s highest values: %(list)s.", len(entries)
    ) % {"count": len(entries), "list": get_text_list(entries, _("and"))}


def _bar_chart(kind, title, description, table, labels, values, texts, fills):
    """Bars under their labels, the longest across the room the widest value text leaves."""
    room = _r(WIDTH - max(text_width(t) for t in texts) - 8)
    row = FONT + 6 + BAR_HEIGHT + 14
    bars = []
    for index, (label, value, text, fill) in enumerate(zip(labels, values, texts, fills)):
        y, width = index * row, _r(room * value / max(values))
        bars.append(Bar(
            label=fit(label, WIDTH), value=text, y=_r(y + FONT + 6), width=width, label_y=_r(y + FONT),
            value_x=_r(width + 6), value_y=_r(y + FONT + 6 + BAR_HEIGHT / 2 + FONT * 0.35), fill=fill,
        ))
    return BarChart(
        kind, str(title), str(description), table, height=len(bars) * row, bars=bars, plot_width=room
    )


def bar_chart(title, description, items, *, unit="", value_format=None, headers=None):
    items = [(str(label), value) for label, value in items]
    _check([value for _label, value in items])
    show = value_format or (lambda v: format_number(v) + (f"\u00a0{unit}" if unit else ""))
    texts = [show(value) for _label, value in items]
    table = Table(
        str(title), list(headers or [_("Item"), _("Value")]), [[l, t] for (l, _v), t in zip(items, texts)]
    )
    if not any(value for _label, value in items):
        return _empty(BarChart, "bar", title, description, table)
    ranked = sorted(zip(items, texts), key=lambda pair: -pair[0][1])
    description = description or _highest([f"{label} ({text})" for (label, _v), text in ranked])
    labels, values = [label for label, _v in items], [v for _l, v in items]
    return _bar_chart("bar", title, description, table, labels, values, texts, [BAR_FILL] * len(items))


def _legend(names, fills, patterns):
    swatches, x, y = [], 0, 0
    for name, fill, pattern in zip(names, fills, patterns):
        advance = 16 + 6 + text_width(name, SMALL) + 14
        if x and x + advance - 14 > WIDTH:
            x, y = 0, y + 22
        swatches.append(Swatch(name, _r(x), _r(y), fill, pattern, _r(x + 22), _r(y + 13)))
        x += advance
    return swatches, y + 16


def _with_share(count, total):
    return f"{format_number(count)} ({percent(Fraction(count, total))})" if total else format_number(0)


def _segments(counts, segments, total):
    """A row's segments: each end placed from the running count, so that the widths add up to the
    bar exactly; a share is printed where it fits, and always in the segment's tooltip."""
    parts, x, running = [], 0, 0
    for (key, name), fill, pattern in zip(segments, SEGMENT_FILLS, SEGMENT_PATTERNS):
        running += counts[key]
        end = _r(WIDTH * running / total)
        if end > x:
            share = percent(Fraction(counts[key], total))
            tip = _("%(label)s: %(count)s") % {"label": name, "count": _with_share(counts[key], total)}
            part = Segment(key, name, x, _r(end - x), fill, pattern, share, tip)
            if part.width >= text_width(share, SMALL) + 8:
                part.text_x, part.chip_width = _r(x + part.width / 2), _r(text_width(share, SMALL) + 4)
                part.chip_x = _r(part.text_x - part.chip_width / 2)
            parts.append(part)
        x = end
    return parts


def stacked_bar_chart(title, description, rows, segments, *, headers=None):
    segments = [(key, str(name)) for key, name in segments]
    if len(segments) > len(SEGMENT_FILLS):
        raise ValueError(f"A stacked bar has at most {len(SEGMENT_FILLS)} segments.")
    rows = [(str(label), {key: counts.get(key, 0) for key, _n in segments}) for label, counts in rows]
    _check([count for _label, counts in rows for count in counts.values()])
    totals = [sum(counts.values()) for _label, counts in rows]
    table = Table(
        str(title), list(headers or [_("Item")]) + [name for _key, name in segments] + [_("Total")],
        [
            [label, *(_with_share(counts[key], total) for key, _n in segments), format_number(total)]
            for (label, counts), total in zip(rows, totals)
        ],
    )
    if not sum(totals):
        return _empty(StackedBarChart, "stacked_bar", title, description, table)
    if not description:
        overall = [
            f"{name} {percent(Fraction(sum(c[key] for _l, c in rows), sum(totals)))}" for key, name in segments
        ]
        description = _("Overall, out of %(total)s: %(list)s.") % {
            "total": format_number(sum(totals)), "list": get_text_list(overall, _("and"))
        }
    legend, y = _legend([name for _k, name in segments], SEGMENT_FILLS, SEGMENT_PATTERNS)
    drawn = []
    for (label, counts), total in zip(rows, totals):
        total_text = _("Total: %(count)s") % {"count": format_number(total)}
        label_y, bar_y = y + 18 + FONT, y + 18 + FONT + 6
        drawn.append(StackedRow(
            fit(label, WIDTH - text_width(total_text, SMALL) - 10), total_text, _r(label_y), _r(bar_y),
            _segments(counts, segments, total) if total else [],
            text_y=_r(bar_y + BAR_HEIGHT / 2 + SMALL * 0.35), chip_y=_r(bar_y + 3),
        ))
        y = bar_y + BAR_HEIGHT
    return StackedBarChart(
        "stacked_bar", str(title), str(description), table, height=_r(y + 4), legend=legend, rows=drawn
    )


def line_chart(title, description, points, *, series_label, headers=None, by="day"):
    """`by="month"`: each point is a month (its first day), written as a month."""
    points = sorted(points, key=lambda point: point[0])
    _check([value for _day_, value in points])
    series_label = str(series_label)
    monthly = by == "month"
    rows = [[date_format(d, "YEAR_MONTH_FORMAT") if monthly else date_format(d), format_number(v)]
            for d, v in points]
    table = Table(str(title), list(headers or [_("Month") if monthly else _("Day"), series_label]), rows)
    if not points or not any(value for _day_, value in points):
        return _empty(LineChart, "line", title, description, table)
    if len(points) == 1:
        day, value = table.rows[0]
        only = (
            _("%(series)s: %(value)s in %(day)s, the only month with data so far.") if monthly
            else _("%(series)s: %(value)s on %(day)s, the only day with data so far.")
        )
        sentence = only % {"series": series_label, "value": value, "day": day}
        return LineChart("line", str(title), str(description or sentence), table, sentence=sentence)
    if not description:
        peak_day, peak = rows[max(range(len(points)), key=lambda i: points[i][1])]
        description = _(
            "%(series)s from %(start)s to %(end)s: %(total)s in all, at most %(peak)s on %(peak_day)s."
        ) % {"series": series_label, "start": rows[0][0], "end": rows[-1][0], "peak": peak,
             "total": format_number(sum(v for _d, v in points)), "peak_day": peak_day}
    ticks = nice_ticks(max(v for _d, v in points), whole=all(v == int(v) for _d, v in points))
    tick_texts = [format_number(t) for t in ticks]
    # Translators: the format of a day under a chart, as Django's date filter writes it (« 3 déc. »).
    day_format = pgettext("chart day", "N j")
    if monthly:
        # Translators: the format of a month under a chart, as Django's date filter writes it (« déc. 2026 »).
        day_format = pgettext("chart month", "M Y")
    days = [date_format(d, day_format) for d, _v in points]
    widest_day = max(text_width(d, SMALL) for d in days)
    left = _r(max(max(text_width(t, SMALL) for t in tick_texts) + 10, widest_day / 2))
    right = _r(WIDTH - max(widest_day / 2, 8))
    top, bottom = 10, 210
    first, span = points[0][0].toordinal(), points[-1][0].toordinal() - points[0][0].toordinal()

    def x_of(day):
        # Two moments of the same day (datetimes) would have no span between them.
        return _r(left + (right - left) * (day.toordinal() - first) / span) if span else left

    def y_of(value):
        return _r(bottom - (bottom - top) * value / ticks[-1])

    drawn = [
        Mark(_("%(label)s: %(count)s") % {"label": day, "count": format_number(v)}, x_of(d), y_of(v))
        for (d, v), day in zip(points, days)
    ]
    every = math.ceil(len(points) / max(int((right - left) / (widest_day + 12)), 1))
    x_ticks = [Mark(day, p.x, bottom + 20) for i, (day, p) in enumerate(zip(days, drawn)) if not i % every]
    y_ticks = [Mark(text, left - 6, _r(y_of(t) + SMALL * 0.35), y_of(t)) for t, text in zip(ticks, tick_texts)]
    path = "M" + " L".join(f"{p.x},{p.y}" for p in drawn)
    return LineChart(
        "line", str(title), str(description), table, height=bottom + 28, left=left, right=right, top=top,
        bottom=bottom, y_ticks=y_ticks, x_ticks=x_ticks, points=drawn, path=path,
    )


def area_list(title, description, items, *, total=None, headers=None):
    items = sorted(((str(label), value) for label, value in items), key=lambda item: (-item[1], item[0]))
    _check([value for _label, value in items])
    total = sum(value for _label, value in items) if total is None else total
    shares = [percent(Fraction(value) / Fraction(total)) if total else "" for _label, value in items]
    table = Table(
        str(title), list(headers or [_("Area"), _("Count"), _("Share")]),
        [[label, format_number(v), share] for (label, v), share in zip(items, shares)],
    )
    if not total or not any(value for _label, value in items):
        return _empty(BarChart, "area_list", title, description, table)
    description = description or _highest(
        [f"{label} ({format_number(v)}, {share})" for (label, v), share in zip(items, shares)]
    )
    # Stepped by the share of the largest value: the darkest step is the largest area's.
    fills = [STEP_FILLS[max(math.ceil(len(STEP_FILLS) * v / items[0][1]) - 1, 0)] for _l, v in items]
    return _bar_chart(
        "area_list", title, description, table,
        [f"{rank}. {label}" for rank, (label, _v) in enumerate(items, start=1)], [v for _l, v in items],
        [f"{format_number(v)} ({share})" for (_l, v), share in zip(items, shares)], fills,
    )


def _scatter_legend(markers):
    x, y = 0, 0
    for marker in markers:
        advance = 16 + 6 + text_width(marker.name, SMALL) + 14
        if x and x + advance - 14 > WIDTH:
            x, y = 0, y + 22
        marker.x, marker.y, marker.text_x, marker.text_y = _r(x + 8), _r(y + 8), _r(x + 22), _r(y + 13)
        x += advance
    return y + 16


def scatter_chart(title, description, points, legend, *, headers, rows, ungrouped=""):
    """`points`: (x, y, index into `legend`, or None for a point in no series, named `ungrouped`).
    Both axes share one scale, so that distances on the drawing keep their meaning."""
    if len(legend) > len(SERIES_FILLS):
        raise ValueError(f"A scatter has at most {len(SERIES_FILLS)} series.")
    table = Table(str(title), [str(header) for header in headers], rows)
    if not points:
        return _empty(ScatterChart, "scatter", title, description, table)
    markers = [Marker(key, str(name), fill, shape)
               for key, ((name, _short), fill, shape) in enumerate(zip(legend, SERIES_FILLS, SERIES_SHAPES))]
    if ungrouped and any(series is None for _x, _y, series in points):
        markers.append(Marker("u", str(ungrouped), GRID, "ring"))
    top = _scatter_legend(markers) + 14
    xs, ys = [float(x) for x, _y, _s in points], [float(y) for _x, y, _s in points]
    pad = 10
    room = min(WIDTH, SCATTER_HEIGHT) - 2 * pad
    scale = room / max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    drawn, sums = [], {}
    for x, y, series in zip(xs, ys, (series for _x, _y, series in points)):
        # y grows downwards on screen: the map is drawn as a plot would be, up for larger y.
        px, py = _r(WIDTH / 2 + (x - middle_x) * scale), _r(top + SCATTER_HEIGHT / 2 - (y - middle_y) * scale)
        drawn.append((px, py, "u" if series is None else series))
        if series is not None:
            total = sums.setdefault(series, [0, 0, 0])
            total[0], total[1], total[2] = total[0] + px, total[1] + py, total[2] + 1
    centres = [
        Marker(series, str(legend[series][1]), SERIES_FILLS[series], "label", _r(sx / n - 10), _r(sy / n - 10),
               _r(sx / n), _r(sy / n + SMALL * 0.35))
        for series, (sx, sy, n) in sorted(sums.items())
    ]
    return ScatterChart(
        "scatter", str(title), str(description), table, height=_r(top + SCATTER_HEIGHT), legend=markers,
        points=drawn, centres=centres, plot_top=_r(top),
    )
