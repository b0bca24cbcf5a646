"""make bench (second part): what the costliest searches an anonymous visitor can type cost.

    .venv/bin/python scripts/bench_queries.py                   # 10,000 articles (var/bench-10000/)
    .venv/bin/python scripts/bench_queries.py --articles 3000   # a quick try

On the generated archive of scripts/bench.py, served by gunicorn with two workers as
`make serve` does:

1. Each costly query alone, three times (the median is printed): 50 two-letter
   wildcards, 50 common words, 50 names, a 50-word phrase; the wildcards also as the
   search's Atom feed and JSONL export.
2. A normal search (one common word, then two words; 20 different ones) while four
   requests of the costliest query run at once: its p50 and p95.

Prints the figures and whether each page said it was cut short. Never asserts anything.
"""

import argparse
import itertools
import random
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (
    GENERATED_SEED,
    archive_env,
    data_dir_for,
    ensure_archive,
    fetch,
    gunicorn,
    say,
    setup_django,
)
from bench_whoosh import percentile

RUNS = 3
NORMAL_SEARCHES = 20
IN_FLIGHT = 4
# What the search page says when it searched less than was typed (templates/search/).
CUT_SHORT = ("too broad", "were left out", "stopped after")


def costly_queries(rng):
    """Return {kind: query} of the costliest searches of each kind, from the generated words."""
    from archive.ingest.generated import COMMON_WORDS, NAMES, vocabulary
    from archive.search.words import STOP_WORDS

    words = vocabulary()[0]
    prefixes = Counter(word[:2] for word in words if word[:2].isalpha())
    common = [word for word in COMMON_WORDS if word not in STOP_WORDS]
    names = [name for group in NAMES for name in group]
    return {
        "50 wildcards": " ".join(f"{prefix}*" for prefix, _ in prefixes.most_common(50)),
        "50 common words": " ".join(common[:50]),
        "50 names": " OR ".join(rng.sample(names, min(50, len(names)))),
        "50-word phrase": '"' + " ".join(rng.choices(common[:200], k=50)) + '"',
    }


def normal_queries(rng):
    from archive.ingest.generated import vocabulary

    middle = vocabulary()[0][100:3000]
    return [" ".join(rng.sample(middle, 1 + i % 2)) for i in range(NORMAL_SEARCHES)]


def path(page, query):
    return f"{page}?{urlencode({'q': query})}"


def timed(port, url):
    """Return (seconds, status, whether the page says the search was cut short)."""
    ms, status, body = fetch(port, url)
    text = body.decode("utf-8", "replace")
    return ms / 1000, status, any(phrase in text for phrase in CUT_SHORT)


def alone(port, urls):
    """Return {kind: (median seconds, statuses, cut short)} of each URL, run RUNS times."""
    figures = {}
    for kind, url in urls.items():
        runs = [timed(port, url) for _ in range(RUNS)]
        figures[kind] = (
            statistics.median(seconds for seconds, _, _ in runs),
            sorted({status for _, status, _ in runs}),
            any(cut for _, _, cut in runs),
        )
        say(f"{kind}: {figures[kind][0]:.2f} s, status {figures[kind][1]}")
    return figures


def under_load(port, costly_url, normal_urls):
    """Return the seconds of each normal search while IN_FLIGHT costly ones run at once."""
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            fetch(port, costly_url)

    threads = [threading.Thread(target=keep_asking) for _ in range(IN_FLIGHT)]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every worker busy with a costly one
    try:
        return [timed(port, url)[0] for url in normal_urls]
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    data_dir = data_dir_for(args.articles)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = archive_env(data_dir)
    setup_django(env)
    ensure_archive(args.articles, env)
    rng = random.Random(f"bench-queries:{GENERATED_SEED}")
    costly = costly_queries(rng)
    urls = {kind: path("/search/", query) for kind, query in costly.items()}
    wildcards = costly["50 wildcards"]
    urls["50 wildcards, feed"] = path("/search/feed/", wildcards)
    urls["50 wildcards, export"] = path("/search/export.jsonl", wildcards)
    normal = [path("/search/", query) for query in normal_queries(rng)]

    with gunicorn(env, data_dir, workers=2, log_name="bench-queries-gunicorn.log") as (port, _):
        for url in itertools.islice(itertools.cycle(normal), 4):
            fetch(port, url)  # warm up both workers
        quiet = [timed(port, url)[0] for url in normal]
        say(f"normal search, quiet: p50 {percentile(quiet, 0.5) * 1000:.0f} ms")
        figures = alone(port, urls)
        worst = max(costly, key=lambda kind: figures[kind][0])
        say(f"normal searches while {IN_FLIGHT} of '{worst}' run")
        loaded = under_load(port, urls[worst], normal)

    print(f"\n{args.articles} articles, gunicorn with 2 workers; median of {RUNS} runs.\n")
    print("| query | seconds | status | said it was cut short |\n| --- | --- | --- | --- |")
    for kind, (seconds, statuses, cut) in figures.items():
        print(
            f"| {kind} | {seconds:.2f} | {', '.join(map(str, statuses))} | {'yes' if cut else 'no'} |"
        )
    print(
        f"\nNormal search (p50 / p95): quiet {percentile(quiet, 0.5) * 1000:.0f} / "
        f"{percentile(quiet, 0.95) * 1000:.0f} ms; while {IN_FLIGHT} of '{worst}' run "
        f"{percentile(loaded, 0.5) * 1000:.0f} / {percentile(loaded, 0.95) * 1000:.0f} ms."
    )


if __name__ == "__main__":
    main()
