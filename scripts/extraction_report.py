"""make extraction-report: the archive's import against plain trafilatura, on a real-page corpus.

    make extraction-report CORPUS=DIR
    .venv/bin/python scripts/measure_extraction.py --corpus DIR [--set NAME] [--keep DIR]

DIR holds sets as ../shared/realpages/unpack.sh DIR leaves them: DIR/<set>/pages/<id>.html
(a page's bytes as saved) and DIR/<set>/truth.jsonl (its annotations).

1. A throwaway archive: a data directory of its own (its SQLite database, Whoosh index
   and originals; --keep DIR to keep it), migrated.
2. Each set's pages/ imported by `manage.py import_articles`, as a user would: the
   import's report gives the pages turned away and why. A page in two sets, or twice in
   one, is imported once (it is already present the second time).
3. `manage.py export_articles --format jsonl`, every field. Each page is found in the
   export by its content hash, the SHA-256 of its bytes (what an HTML original is kept
   by), so every set is scored from the one article its page made.
4. Plain `trafilatura.bare_extraction(page, with_metadata=True)` on each distinct page,
   in a process of its own alongside steps 1-3 (as ../shared/realpages/baseline_trafilatura.py
   runs it; a page it fails on gets an empty prediction).
5. Both scored by extraction_scores.py (--evaluate PATH: also by that evaluate.py, which
   must agree on every figure), and printed: one Markdown table of the figures, ours
   against plain trafilatura, then the pages turned away by reason, the articles flagged
   for review by reason, the dated ones by where their date was found, and how many
   sources the import made.

The predictions, the figures and the report are written to --out (var/extraction-report/):
<set>.ours.jsonl and <set>.trafilatura.jsonl, in evaluate.py's PRED form. Progress goes
to stderr, the report to stdout. Never asserts anything of the figures.
"""

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from extraction_scores import load_jsonl, score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.vocabulary.body import blocks_from_body, plain_text
from archive.vocabulary.terms import DateFrom, ReviewReason

logger = logging.getLogger(__name__)
DEFAULT_OUT = ROOT / "var" / "extraction-report"
# The rows of the table: (figure key, what it is called, the value shown).
FIGURES = (
    ("body_snippets", "body snippets F1", "f1"),
    ("title", "title exact", "match_rate"),
    ("title_relaxed", "title relaxed", "match_rate"),
    ("date", "date", "match_rate"),
    ("source", "source", "match_rate"),
    ("author", "author", "match_rate"),
)
REVIEW_LABELS = {reason.value: reason.label for reason in ReviewReason}
DATE_FROM_LABELS = {where.value: where.label for where in DateFrom}
REJECTED_PREFIX = "Rejected "


def say(message):
    """Print one line of progress, on stderr (the report alone goes to stdout)."""
    print(f"[extraction-report] {message}", file=sys.stderr, flush=True)


@dataclass
class PageSet:
    """One set of the corpus: its pages' ids, bytes' hashes and annotations."""

    name: str
    folder: Path
    truth: dict = field(default_factory=dict)
    digests: dict = field(default_factory=dict)  # page id -> SHA-256 of its bytes
    rejected: dict = field(default_factory=dict)  # page id -> reason

    @property
    def pages(self):
        return self.folder / "pages"


def find_sets(corpus, names=None):
    """Return the PageSets of `corpus` (only `names` if given), each with its truth read."""
    corpus = Path(corpus)
    found = sorted(folder.name for folder in corpus.iterdir() if (folder / "truth.jsonl").is_file())
    if not found:
        raise SystemExit(f"{corpus}: no sets (folders with truth.jsonl and pages/) in it")
    for name in names or ():
        if name not in found:
            raise SystemExit(f"{corpus}: no set {name!r} (there are {', '.join(found)})")
    sets = []
    for name in names or found:
        page_set = PageSet(name, corpus / name, truth=load_jsonl(corpus / name / "truth.jsonl"))
        for page_id in page_set.truth:
            page = page_set.pages / f"{page_id}.html"
            if not page.is_file():
                raise SystemExit(f"{page}: missing (truth.jsonl of {name} has it)")
            page_set.digests[page_id] = hashlib.sha256(page.read_bytes()).hexdigest()
        sets.append(page_set)
    # The set with the most kinds of annotation first (trafilatura_eval before htmldate_default).
    return sorted(sets, key=lambda page_set: -len(annotated_fields(page_set.truth)))


def annotated_fields(truth):
    return {key for record in truth.values() for key, value in record.items() if value}


# -- The archive --------------------------------------------------------------------


def archive_env(data_dir):
    """Return the environment of the throwaway archive: everything in `data_dir`."""
    env = dict(os.environ)
    # SQLite and the Whoosh index in the data directory, whatever the caller's archive uses.
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR", "SEARCH_URL", "DJANGO_SECRET_KEY"):
        env.pop(name, None)
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="archive.project.settings",
        DJANGO_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, ok_codes=(0,)):
    """Run a manage.py command on the throwaway archive; return its stdout.

    Its stderr (an import's progress bar) goes on to ours.
    """
    command = [sys.executable, str(ROOT / "manage.py"), *args, "--no-color"]
    done = subprocess.run(
        command, check=False, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    if done.returncode not in ok_codes:
        sys.stderr.write(done.stdout)
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit code {done.returncode})")
    return done.stdout


def import_set(env, page_set):
    """Import a set's pages/ folder; record in the set which pages were turned away and why."""
    # import_articles names a file in the folder given 'pages/<file>'.
    names = {f"{page_set.pages.name}/{page_id}.html": page_id for page_id in page_set.truth}
    # Exit code 1: some files were rejected, and everything else imported.
    report = manage(env, "import_articles", str(page_set.pages), ok_codes=(0, 1))
    for line in report.splitlines():
        line = line.strip()
        if not line.startswith(REJECTED_PREFIX):
            continue
        # "Rejected <name>: <reason>", where the name may hold ': ' too.
        rest = line.removeprefix(REJECTED_PREFIX)
        for end in (i for i in range(len(rest)) if rest.startswith(": ", i)):
            if rest[:end] in names:
                page_set.rejected[names[rest[:end]]] = rest[end + 2 :]
                break
    return report.splitlines()[0] if report else ""


def exported_articles(env, folder):
    """Export the archive as JSONL into `folder`; return {content hash: record}."""
    path = folder / "export.jsonl"
    manage(env, "export_articles", "--format", "jsonl", "--output", str(path))
    records = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            records[record["content_hash"]] = record
    return records


def our_prediction(page_id, record):
    """Return an export record as a PRED line: the body as a reader sees it."""
    return {
        "id": page_id,
        "title": record["title"],
        "date": record["published"],
        "body": plain_text(blocks_from_body(record["body"])),
        "source": record["source"],
        "author": record["author"],
    }


# -- Plain trafilatura --------------------------------------------------------------


def trafilatura_predictions(pages):
    """Return ({digest: PRED fields, or None when it found nothing}, seconds taken) for
    {digest: path}."""
    import trafilatura

    started = time.perf_counter()
    found = {}
    for digest, path in pages.items():
        try:
            doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
        except Exception:  # a crash is an empty prediction, as in baseline_trafilatura.py
            logger.exception("plain trafilatura failed on %s", path)
            doc = None
        found[digest] = doc and {
            "title": doc.title,
            "date": doc.date,
            "body": doc.text,
            "source": doc.sitename,
            "author": doc.author,
        }
    return found, time.perf_counter() - started


# -- The report ---------------------------------------------------------------------


@dataclass
class SetResult:
    """What one set gave: the archive's and trafilatura's predictions and figures."""

    page_set: PageSet
    records: dict  # page id -> export record, for the pages imported
    ours: dict
    theirs: dict
    ours_figures: dict
    theirs_figures: dict

    @property
    def nothing_found(self):
        """How many pages plain trafilatura extracted nothing from."""
        return len(self.page_set.truth) - len(self.theirs)


def set_result(page_set, by_hash, baseline):
    """Return the SetResult of a set: each page's article found in the export by its hash."""
    records, ours, theirs = {}, {}, {}
    for page_id, digest in page_set.digests.items():
        if page_id not in page_set.rejected and digest in by_hash:
            records[page_id] = by_hash[digest]
            ours[page_id] = our_prediction(page_id, by_hash[digest])
        if baseline[digest]:
            theirs[page_id] = {"id": page_id, **baseline[digest]}
    return SetResult(
        page_set, records, ours, theirs, score(ours, page_set.truth), score(theirs, page_set.truth)
    )


def lost(result):
    """Return the ids of pages neither rejected nor found in the export (should be none)."""
    page_set = result.page_set
    return sorted(set(page_set.truth) - set(page_set.rejected) - set(result.records))


def table(results):
    """Return the Markdown table of every set's figures, ours against plain trafilatura."""
    rows = ["| figure | the archive | plain trafilatura |", "|---|---|---|"]
    for result in results:
        name, pages = result.page_set.name, len(result.page_set.truth)
        rows.append(
            f"| {name}: pages turned away¹ | {len(result.page_set.rejected)} of {pages} "
            f"| {result.nothing_found} of {pages} |"
        )
        for key, label, value in FIGURES:
            if key in result.ours_figures:
                ours, theirs = result.ours_figures[key], result.theirs_figures[key]
                rows.append(
                    f"| {name}: {label} (n={ours['n']}) | {ours[value]:.3f} | {theirs[value]:.3f} |"
                )
    rows.append("")
    rows.append("¹ plain trafilatura: the pages it extracted nothing from.")
    return rows


def counted(counter, indent="    "):
    return [f"{indent}{count:5}  {what}" for what, count in counter.most_common()]


def details(results, by_hash):
    """Return the lines on rejections, flags for review and sources, per set."""
    lines = ["", "Pages turned away, by reason:"]
    for result in results:
        page_set = result.page_set
        lines.append(f"  {page_set.name}: {len(page_set.rejected)} of {len(page_set.truth)}")
        lines += counted(Counter(page_set.rejected.values()))
        if missing := lost(result):
            lines.append(f"    {len(missing):5}  imported, yet not in the export by content hash")
    lines += ["", "Imported pages flagged for review, by reason (a page may have several):"]
    for result in results:
        flagged = [record for record in result.records.values() if record["needs_review"]]
        reasons = Counter(
            REVIEW_LABELS.get(reason, reason)
            for record in flagged
            for reason in record["review_reasons"]
        )
        lines.append(f"  {result.page_set.name}: {len(flagged)} of {len(result.records)}")
        lines += counted(reasons)
    lines += ["", "Imported pages with a date, by where it was found:"]
    for result in results:
        dated = [record for record in result.records.values() if record["published"]]
        lines.append(f"  {result.page_set.name}: {len(dated)} of {len(result.records)}")
        lines += counted(
            Counter(
                DATE_FROM_LABELS.get(record["date_from"], record["date_from"]) for record in dated
            )
        )
    lines += ["", "Sources the import made:"]
    for name, records in [
        *((result.page_set.name, list(result.records.values())) for result in results),
        ("the whole archive", list(by_hash.values())),
    ]:
        sources = {record["source"] for record in records if record["source"]}
        unsourced = sum(not record["source"] for record in records)
        lines.append(
            f"  {name}: {len(sources)} for {len(records)} articles ({unsourced} without a source)"
        )
    return lines


# -- Checking against evaluate.py ---------------------------------------------------


def check_with(evaluate, pred_path, truth_path, figures):
    """Score `pred_path` with the corpus's evaluate.py; stop if a figure differs from ours."""
    with tempfile.TemporaryDirectory() as folder:
        scores = Path(folder) / "scores.json"
        subprocess.run(
            [sys.executable, str(evaluate), str(pred_path), str(truth_path), "--json", str(scores)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        theirs = json.loads(scores.read_text())
    for key, value in figures.items():
        expected = theirs.get(key)
        if isinstance(value, dict):
            expected = expected and {name: expected.get(name) for name in value}
        if expected != value:
            raise SystemExit(f"{pred_path}: {key} is {value}, but {evaluate} gives {expected}")


# -- The run ------------------------------------------------------------------------


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def run(corpus, set_names=None, keep=None, out=DEFAULT_OUT, evaluate=None):
    """Measure the corpus; print the report and write it, with the predictions, to `out`."""
    started = time.perf_counter()
    page_sets = find_sets(corpus, set_names)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if keep:
        data_dir = Path(keep)
        if data_dir.exists() and any(data_dir.iterdir()):
            raise SystemExit(f"--keep {keep}: not empty; give a new or empty folder")
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="extraction-report-"))
    env = archive_env(data_dir)
    distinct = {
        digest: page_set.pages / f"{page_id}.html"
        for page_set in page_sets
        for page_id, digest in page_set.digests.items()
    }
    timings = {}
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            say(f"plain trafilatura on {len(distinct)} distinct pages, alongside the import")
            baseline_job = pool.submit(trafilatura_predictions, distinct)
            say(f"a throwaway archive in {data_dir}: migrating")
            manage(env, "migrate", "--noinput", "-v0")
            phase = time.perf_counter()
            for page_set in page_sets:
                say(f"importing {page_set.name} ({len(page_set.truth)} pages) with import_articles")
                say(import_set(env, page_set))
            timings["import"] = time.perf_counter() - phase
            say("exporting the archive with export_articles --format jsonl")
            by_hash = exported_articles(env, data_dir)
            if not baseline_job.done():
                say("waiting for plain trafilatura")
            baseline, timings["trafilatura"] = baseline_job.result()
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    say("scoring")
    results = [set_result(page_set, by_hash, baseline) for page_set in page_sets]
    for result in results:
        name = result.page_set.name
        for who, predictions, figures in (
            ("ours", result.ours, result.ours_figures),
            ("trafilatura", result.theirs, result.theirs_figures),
        ):
            pred_path = out / f"{name}.{who}.jsonl"
            write_jsonl(pred_path, predictions.values())
            if evaluate:
                check_with(evaluate, pred_path, result.page_set.folder / "truth.jsonl", figures)
    if evaluate:
        say(f"{evaluate} gives the same figures")
    total = time.perf_counter() - started
    report = [
        *table(results),
        *details(results, by_hash),
        "",
        (
            f"Took {total:.0f} s: the import {timings['import']:.0f} s, plain trafilatura "
            f"{timings['trafilatura']:.0f} s alongside."
        ),
    ]
    print("\n".join(report))
    (out / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    figures = {
        result.page_set.name: {"ours": result.ours_figures, "trafilatura": result.theirs_figures}
        for result in results
    }
    (out / "figures.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if keep:
        say(f"the archive is kept in {data_dir}")
    say(f"predictions and report in {out}")
