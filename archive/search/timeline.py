"""The results-over-time chart: one bar per year, or per month for a short span."""

from dataclasses import dataclass

# Up to this many years, the chart shows months.
MONTHS_UP_TO_YEARS = 2


@dataclass(frozen=True)
class Bar:
    """One bar of the chart, in SVG units, with the period it links to ('2024' or '2024-12')."""

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
        periods = [f"{year}-{month:02d}" for year in range(first, last + 1) for month in range(1, 13)]
        counts = [(period, months.get(period, 0)) for period in periods]
    else:
        counts = [(str(year), years.get(year, 0)) for year in range(first, last + 1)]
    return bars(counts, width=width, height=height)


def bars(counts, *, width, height):
    """Return a Bar per (period, count), scaled so that the largest fills the height."""
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
