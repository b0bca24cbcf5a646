"""Measure web-page extraction: on the small corpus of the tests, or on a real-page corpus.

    .venv/bin/python scripts/measure_extraction.py
    .venv/bin/python scripts/measure_extraction.py --corpus DIR [--set NAME] [--keep DIR]

Without --corpus: parses the saved pages of tests/data/pages/ and prints how many pass
each check of expected.json, then each page's misses.

With --corpus (make extraction-report CORPUS=DIR): imports the corpus's pages into a
throwaway archive, exports and scores them against plain trafilatura on the same pages
(extraction_report.py says how).
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest import Rejected
from archive.ingest.html import parse_html
from archive.vocabulary.body import plain_text

PAGES = ROOT / "tests" / "data" / "pages"
CHECKS = {
    "title": "title",
    "published": "date",
    "source": "source",
    "body_starts": "body start",
    "body_ends": "body end",
    "subheadings": "subheadings",
    "not_in_body": "no furniture",
}


def page_misses(article, expected):
    """Return {check: what the article has instead} for each check it fails."""
    body = plain_text(article.blocks)
    published = expected["published"]
    found = {
        "title": (article.title, expected["title"]),
        "published": (article.published, date.fromisoformat(published) if published else None),
        "source": (article.source, expected["source"] or ""),
        "body_starts": (body[: len(expected["body_starts"])], expected["body_starts"]),
        "body_ends": (body[-len(expected["body_ends"]) :], expected["body_ends"]),
        "subheadings": (article.subheadings, expected["subheadings"]),
        "not_in_body": ([text for text in expected["not_in_body"] if text in body], []),
    }
    return {check: got for check, (got, wanted) in found.items() if got != wanted}


def measure(expected_pages):
    """Return {page name: its misses} for every page of the corpus."""
    misses = {}
    for name, expected in expected_pages.items():
        try:
            article = parse_html((PAGES / name).read_bytes(), name)
        except Rejected as rejected:
            misses[name] = dict.fromkeys(CHECKS, f"rejected: {rejected.reason}")
            continue
        misses[name] = page_misses(article, expected)
    return misses


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        help="A real-page corpus (sets as ../shared/realpages/unpack.sh DIR leaves them).",
    )
    parser.add_argument(
        "--set", action="append", metavar="NAME", help="Only this set of the corpus (repeatable)."
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="Keep the throwaway archive in DIR (a new or empty folder)."
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="Where the predictions and the report go (default var/extraction-report/).",
    )
    parser.add_argument(
        "--evaluate",
        metavar="PATH",
        help="Also score with this evaluate.py (../shared/realpages/evaluate.py), "
        "stopping if any figure differs.",
    )
    args = parser.parse_args()
    if not args.corpus and (args.set or args.keep or args.out or args.evaluate):
        parser.error("--set, --keep, --out and --evaluate go with --corpus")
    return args


def main():
    args = arguments()
    if args.corpus:
        from extraction_report import DEFAULT_OUT, run

        run(args.corpus, args.set, args.keep, args.out or DEFAULT_OUT, args.evaluate)
        return
    measure_small_corpus()


def measure_small_corpus():
    expected_pages = {
        name: expected
        for name, expected in json.loads((PAGES / "expected.json").read_text("utf-8")).items()
        if not name.startswith("_")
    }
    misses = measure(expected_pages)
    count = len(misses)
    print(f"{'pages':<20}{count}")
    for check, label in CHECKS.items():
        right = sum(check not in page for page in misses.values())
        print(f"{label + ' right':<20}{right}/{count}  ({right / count:.0%})")
    print()
    for name, page in misses.items():
        known = expected_pages[name].get("known_misses", {})
        for check, got in page.items():
            note = " (known miss)" if check in known else ""
            print(f"{name}: {CHECKS[check]}{note}: got {got!r}")
    if not any(misses.values()):
        print("no misses")


if __name__ == "__main__":
    main()
