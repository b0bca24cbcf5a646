"""The results-over-time chart: one bar per year, or per month for a short span."""

from dataclasses import dataclass

# Up to this many years, the chart shows months.
MONTHS_UP_TO_YEARS = 2
# A run of more empty periods than this is drawn as one empty bar, so that a stray date
# (an article dated in year 1 or 9999) cannot stretch the chart to thousands of bars.
LONGEST_GAP = 120


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
    """Return a Bar per (period, count), scaled so that the largest fills the height;
    long runs of empty periods are one bar ("0002–2023")."""
    counts = without_long_gaps(counts)
    tallest = max((count for _, count in counts), default=0) or 1
    slot = width / len(counts)
    gap = min(2.0, slot * 0.2)
    return [
        Bar(
            period=period,
            count=count,
            x=round(i * slot + gap / 2, 2),
            y=round(height - count / tallest * height, 2),
            width=round(slot - gap, 2),
            height=round(count / tallest * height, 2),
        )
        for i, (period, count) in enumerate(counts)
    ]


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
