"""Charts drawn on the server as SVG for the synthesis pages: no JavaScript, they scale and print.

Four builders take plain data and return a chart whose geometry is computed already (coordinates in
the units of its viewBox, rounded to a tenth), so that the templates of templates/consultations/charts/
only print numbers; `{% chart obj %}` (templatetags/charts.py) draws one beside its table.

- bar_chart(title, description, items=[(label, value)], *, unit="", value_format=None, headers=None):
  horizontal bars in the caller's order, the value printed at the end of each.
- stacked_bar_chart(title, description, rows=[(label, {key: count})], segments=[(key, label)], *,
  headers=None): one bar per row split into its segments (for / against / neutral...).
- line_chart(title, description, points=[(date, value)], *, series_label, headers=None): one value a day.
- area_list(title, description, items=[(label, value)], *, total=None, headers=None): areas ranked,
  each bar shaded darker as its value grows, with the count and its share of `total` (default: the sum).

Each chart has .title, .description (a sentence about the data, written from it when the caller
passes none), .table (caption, headers, rows of strings whose first cell heads the row), .empty (no
data, or only zeros), .sentence (what is said instead of a drawing: "No data yet.", or the figure of
the only day a line chart has) and .kind (its template's name).

Rules the drawings keep:
- colour never carries meaning alone: values are printed, segments have a pattern and a legend too;
- each fill contrasts at least 3:1 with the white page (WCAG 1.4.11), text drawn on a fill 4.5:1;
- a label too long for the drawing is cut with an ellipsis; the whole label is in a tooltip and the table;
- numbers are written the reader's way (Django's number_format), shares by the portal's `percent` filter;
- a line chart joins the days it is given; a day without data is the caller's to pass as 0.
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
# In the order of the segments given; each with its own pattern, so grey printing still tells them apart.
SEGMENT_FILLS = ["#166534", "#b91c1c", "#4b5563", "#6d28d9", "#92400e"]
SEGMENT_PATTERNS = ["solid", "hatch", "dots", "crosshatch", "stripes"]
# The area list's steps, lightest to darkest; the lightest still stands out from the page at 3:1.
STEP_FILLS = ["#6f8fd0", "#4d6fb5", "#2f5a9e", "#1d3f7a", "#0f254a"]


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
    font: int = FONT
    small: int = SMALL
    bar_height: int = BAR_HEIGHT


@dataclass
class Label:
    """A label as drawn (`text`, perhaps cut) and in full (`full`, set only when it was cut)."""

    text: str
    full: str = ""


@dataclass
class Bar:
    label: Label
    value: str
    x: float
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
    share: str = ""
    text_x: float = 0
    chip_x: float = 0  # a plain patch of the fill under the share, which the pattern would blur
    chip_width: float = 0


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
class Tick:
    text: str
    x: float = 0
    y: float = 0
    line: float = 0  # where a y tick's grid line runs


@dataclass
class Point:
    x: float
    y: float
    text: str


@dataclass
class BarChart(Chart):
    bars: list = field(default_factory=list)


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
    stroke: str = BAR_FILL


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


def _empty_chart(cls, kind, title, description, table, **extra):
    return cls(kind, str(title), str(description or ""), table, empty=True, sentence=_("No data yet."), **extra)


def _highest(named_values, limit=3):
    return sorted(named_values, key=lambda item: -item[1])[:limit]


def _bars(labels, values, texts, fills, top):
    """Bars under their labels, the longest across the room the widest value text leaves."""
    room = WIDTH - max(text_width(t) for t in texts) - 8
    largest = max(values)
    row = FONT + 6 + BAR_HEIGHT + 14
    bars = []
    for index, (label, value, text, fill) in enumerate(zip(labels, values, texts, fills)):
        y = top + index * row
        width = _r(room * value / largest)
        bars.append(Bar(
            label=fit(label, WIDTH), value=text, x=0, y=_r(y + FONT + 6), width=width,
            label_y=_r(y + FONT), value_x=_r(width + 6), value_y=_r(y + FONT + 6 + BAR_HEIGHT / 2 + FONT * 0.35),
            fill=fill,
        ))
    return bars, top + len(bars) * row


def bar_chart(title, description, items, *, unit="", value_format=None, headers=None):
    items = [(str(label), value) for label, value in items]
    _check([value for _label, value in items])
    show = value_format or (lambda v: format_number(v) + (f"\u00a0{unit}" if unit else ""))
    headers = list(headers or [_("Item"), _("Value")])
    table = Table(str(title), headers, [[label, show(value)] for label, value in items])
    if not items or not any(value for _label, value in items):
        return _empty_chart(BarChart, "bar", title, description, table)
    if not description:
        top = _highest(items)
        description = ngettext(
            "Highest value: %(list)s.", "The %(count)s highest values: %(list)s.", len(top)
        ) % {"count": len(top), "list": get_text_list([f"{label} ({show(v)})" for label, v in top], _("and"))}
    texts = [show(value) for _label, value in items]
    bars, height = _bars([label for label, _v in items], [v for _l, v in items], texts, [BAR_FILL] * len(items), 0)
    return BarChart("bar", str(title), str(description), table, height=_r(height), bars=bars)


def _legend(names, fills, patterns, top):
    swatches, x, y = [], 0, top
    for name, fill, pattern in zip(names, fills, patterns):
        advance = 16 + 6 + text_width(name, SMALL) + 14
        if x and x + advance - 14 > WIDTH:
            x, y = 0, y + 22
        swatches.append(Swatch(name, _r(x), _r(y), fill, pattern, _r(x + 22), _r(y + 13)))
        x += advance
    return swatches, y + 16


def stacked_bar_chart(title, description, rows, segments, *, headers=None):
    segments = [(key, str(name)) for key, name in segments]
    if len(segments) > len(SEGMENT_FILLS):
        raise ValueError(f"A stacked bar has at most {len(SEGMENT_FILLS)} segments.")
    rows = [(str(label), {key: counts.get(key, 0) for key, _n in segments}) for label, counts in rows]
    _check([count for _label, counts in rows for count in counts.values()])
    headers = list(headers or [_("Item")]) + [name for _key, name in segments] + [_("Total")]
    table_rows = []
    for label, counts in rows:
        total = sum(counts.values())
        cells = [
            f"{format_number(counts[key])} ({percent(Fraction(counts[key], total))})" if total else format_number(0)
            for key, _name in segments
        ]
        table_rows.append([label, *cells, format_number(total)])
    table = Table(str(title), headers, table_rows)
    grand = sum(sum(counts.values()) for _label, counts in rows)
    if not grand:
        return _empty_chart(StackedBarChart, "stacked_bar", title, description, table)
    if not description:
        overall = [
            f"{name} {percent(Fraction(sum(c[key] for _l, c in rows), grand))}" for key, name in segments
        ]
        description = _("Overall, out of %(total)s: %(list)s.") % {
            "total": format_number(grand), "list": get_text_list(overall, _("and"))
        }
    fills, patterns = SEGMENT_FILLS[: len(segments)], SEGMENT_PATTERNS[: len(segments)]
    legend, y = _legend([name for _k, name in segments], fills, patterns, 0)
    drawn = []
    for label, counts in rows:
        y += 18
        total = sum(counts.values())
        total_text = _("Total: %(count)s") % {"count": format_number(total)}
        bar_y, x, running, parts = y + FONT + 6, 0, 0, []
        for (key, name), fill, pattern in zip(segments, fills, patterns):
            if not total:
                break
            running += counts[key]
            # Each end is placed from the running count, so the widths add up to the bar exactly.
            end = _r(WIDTH * running / total)
            if end > x:
                share = percent(Fraction(counts[key], total))
                part = Segment(key, name, x, _r(end - x), fill, pattern)
                if part.width >= text_width(share, SMALL) + 8:
                    part.share, part.text_x = share, _r(x + part.width / 2)
                    part.chip_width = _r(text_width(share, SMALL) + 4)
                    part.chip_x = _r(part.text_x - part.chip_width / 2)
                parts.append(part)
            x = end
        room = WIDTH - text_width(total_text, SMALL) - 10
        drawn.append(StackedRow(
            fit(label, room), total_text, _r(y + FONT), _r(bar_y), parts, _r(bar_y + BAR_HEIGHT / 2 + SMALL * 0.35),
            _r(bar_y + 3),
        ))
        y = bar_y + BAR_HEIGHT
    return StackedBarChart(
        "stacked_bar", str(title), str(description), table, height=_r(y + 4), legend=legend, rows=drawn
    )


def _day(day):
    # Translators: the format of a day under a chart, as Django's date filter writes it (« 3 déc. »).
    return date_format(day, pgettext("chart day", "N j"))


def line_chart(title, description, points, *, series_label, headers=None):
    points = sorted(points, key=lambda point: point[0])
    _check([value for _day_, value in points])
    series_label = str(series_label)
    headers = list(headers or [_("Day"), series_label])
    table = Table(str(title), headers, [[date_format(d), format_number(v)] for d, v in points])
    if not points or not any(value for _day_, value in points):
        return _empty_chart(LineChart, "line", title, description, table)
    if len(points) == 1:
        day, value = points[0]
        sentence = _("%(series)s: %(value)s on %(day)s, the only day with data so far.") % {
            "series": series_label, "value": format_number(value), "day": date_format(day)
        }
        return LineChart("line", str(title), str(description or sentence), table, sentence=sentence)
    if not description:
        peak_day, peak = max(points, key=lambda point: point[1])
        description = _(
            "%(series)s from %(start)s to %(end)s: %(total)s in all, at most %(peak)s on %(peak_day)s."
        ) % {
            "series": series_label, "start": date_format(points[0][0]), "end": date_format(points[-1][0]),
            "total": format_number(sum(v for _d, v in points)), "peak": format_number(peak),
            "peak_day": date_format(peak_day),
        }
    whole = all(value == int(value) for _d, value in points)
    ticks = nice_ticks(max(v for _d, v in points), whole=whole)
    tick_texts = [format_number(t) for t in ticks]
    days = [_day(d) for d, _v in points]
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
        Point(x_of(d), y_of(v), _("%(day)s: %(value)s") % {"day": day, "value": format_number(v)})
        for (d, v), day in zip(points, days)
    ]
    every = math.ceil(len(points) / max(int((right - left) / (widest_day + 12)), 1))
    x_ticks = [Tick(day, point.x, bottom + 20) for i, (day, point) in enumerate(zip(days, drawn)) if i % every == 0]
    y_ticks = [Tick(text, left - 6, _r(y_of(t) + SMALL * 0.35), y_of(t)) for t, text in zip(ticks, tick_texts)]
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
    headers = list(headers or [_("Area"), _("Count"), _("Share")])
    table = Table(str(title), headers, [[label, format_number(v), s] for (label, v), s in zip(items, shares)])
    if not total or not any(value for _label, value in items):
        return _empty_chart(BarChart, "area_list", title, description, table)
    texts = [f"{format_number(v)} ({s})" for (_label, v), s in zip(items, shares)]
    if not description:
        top = [(f"{label} ({text})", v) for (label, v), text in zip(items, texts)][:3]
        description = ngettext(
            "Highest: %(list)s.", "The %(count)s highest: %(list)s.", len(top)
        ) % {"count": len(top), "list": get_text_list([text for text, _v in top], _("and"))}
    largest = items[0][1]
    steps = len(STEP_FILLS)
    fills = [STEP_FILLS[min(max(math.ceil(steps * v / largest) - 1, 0), steps - 1)] for _l, v in items]
    labels = [f"{rank}. {label}" for rank, (label, _v) in enumerate(items, start=1)]
    bars, height = _bars(labels, [v for _l, v in items], texts, fills, 0)
    return BarChart("area_list", str(title), str(description), table, height=_r(height), bars=bars)
