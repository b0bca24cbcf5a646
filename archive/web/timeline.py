"""The results-over-time chart: one bar per year, or per month for a short span.

Bars are drawn on a square-root scale, so that one busy month does not flatten every
other month to a pixel; the scale's ticks say what the heights mean.
"""

import math
from dataclasses import dataclass

# Up to this many years, the chart shows months.
MONTHS_UP_TO_YEARS = 2
# A run of more empty periods than this is drawn as one empty bar, so that a stray date
# (an article dated in year 1 or 9999) cannot stretch the chart to thousands of bars.
LONGEST_GAP = 120
# The least height of a bar with articles, so that a month of one stays visible.
MIN_BAR_HEIGHT = 1.5


@dataclass(frozen=True)
class Tick:
    """A count marked on the chart's scale, at its height in SVG units."""

    count: int
    y: float


@dataclass(frozen=True)
class Bar:
    """One bar of the chart, in SVG units, with its period: '2024' or '2024-12' (years in
    four digits, as date filters read them: '0800'), or '0801–2023' for a long empty run."""

    period: str
    count: int
    x: float
    y: float
    width: float
    height: float


def timeline(year_counts, month_counts, *, width=640, height=90):
    """Return the bars for a result set's counts per year and per month (facet pairs)."""
    years = {int(year): count for year, count in year_counts if str(year).isdigit()}
    if not years:
        return []
    first, last = min(years), max(years)
    if last - first < MONTHS_UP_TO_YEARS:
        months = dict(month_counts)
        periods = [
            f"{year:04d}-{month:02d}" for year in range(first, last + 1) for month in range(1, 13)
        ]
        counts = [(period, months.get(period, 0)) for period in periods]
    else:
        counts = [(f"{year:04d}", years.get(year, 0)) for year in range(first, last + 1)]
    return bars(counts, width=width, height=height)


def bars(counts, *, width, height):
    """Return a Bar per (period, count), scaled by square root so that the largest fills
    the height; long runs of empty periods are one bar ("0002–2023")."""
    counts = without_long_gaps(counts)
    tallest = max((count for _, count in counts), default=0) or 1
    slot = width / len(counts)
    gap = min(2.0, slot * 0.2)
    drawn = []
    for i, (period, count) in enumerate(counts):
        bar_height = _scaled(count, tallest, height)
        drawn.append(
            Bar(
                period=period,
                count=count,
                x=round(i * slot + gap / 2, 2),
                y=round(height - bar_height, 2),
                width=round(slot - gap, 2),
                height=round(bar_height, 2),
            )
        )
    return drawn


def ticks(drawn):
    """Return the scale's ticks for bars drawn by bars(): the largest count and a round
    count well below it, each at the height a bar of that count reaches."""
    tallest = max((bar.count for bar in drawn), default=0)
    if not tallest:
        return []
    bottom = drawn[0].y + drawn[0].height
    lower = _round_down(tallest / 4)
    counts = [tallest] if lower in (0, tallest) else [lower, tallest]
    return [Tick(count, round(bottom - _scaled(count, tallest, bottom), 2)) for count in counts]


def _scaled(count, tallest, height):
    if not count:
        return 0
    return max(math.sqrt(count / tallest) * height, MIN_BAR_HEIGHT)


def _round_down(value):
    """Return `value` rounded down to one significant digit (1, 2, 5 or 10 times a power of ten)."""
    if value < 1:
        return 0
    power = 10 ** math.floor(math.log10(value))
    return max(step * power for step in (1, 2, 5) if step * power <= value)


def without_long_gaps(counts):
    """Return the (period, count) pairs with each run of more than LONGEST_GAP empty
    periods made one pair, named by its first and last periods."""
    kept, empty = [], []
    for period, count in counts:
        if count:
            kept += _gap(empty)
            kept.append((period, count))
            empty = []
        else:
            empty.append(period)
    return kept + _gap(empty)


def _gap(periods):
    if len(periods) > LONGEST_GAP:
        return [(f"{periods[0]}–{periods[-1]}", 0)]
    return [(period, 0) for period in periods]
