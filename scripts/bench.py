"""make bench: how fast the archive is at 100,000 articles on this machine (issue 5).

    make bench                                            # 100,000 articles, kept in var/bench/
    .venv/bin/python scripts/bench.py --articles 3000     # a quick try, kept in var/bench-3000/
    BENCH_ARTICLES=3000 make bench                        # the same

Everything is measured as a user meets it: separate processes, real files, full HTTP
requests.

1. The archive: generated once (`generate_articles --count N`, seed 0) into a data
   directory of its own, and kept there for the next run. Articles that an earlier
   run imported are deleted from the database first; the rebuild drops them from
   the index.
2. Rebuild: `manage.py rebuild_index --noinput`, timed in place: articles per second.
3. Import: ten batches in a row of 1,000 new articles each, written as 1,000
   plain-text files (generated with seed 1, numbered anew on every run) and imported
   by `manage.py import_articles DIR`, one process per batch. Each batch is timed from
   the process's start to its exit, when its articles are searchable (checked in the
   index for one title per batch); the peak RSS of each process is its VmHWM.
4. Web: gunicorn with one worker, DEBUG off. The p50 and p95 of full HTTP requests to
   the search page, per query type (20 different queries each, none repeated), and to
   the browse pages (home, year, month, day, source, article: different ones each
   request, except the one home page); the worker's peak RSS (VmHWM).
5. Raw Whoosh (scripts/bench_whoosh.py): the same articles indexed by Whoosh alone with
   its fastest writer, and the same queries run as top-20-plus-count.

Prints a table of the figures against the targets of issue 5, and writes every figure
as JSON to the data directory (results-<commit>-<time>.json). Never asserts anything.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench_whoosh import percentile

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
DEFAULT_ARTICLES = 100_000
GENERATED_SEED = 0
IMPORT_SEED = 1
# Each batch's folder starts so, and so do the original names of the articles it brings.
IMPORT_PREFIX = "bench-import-"
BATCHES, BATCH_SIZE = 10, 1000
REQUESTS = 20  # per query type and per browse page
RESULTS_HEADING = re.compile(r'id="results-heading">\s*([\d,]+)\s+result')

# The targets of issue 5.
REBUILD_RATE = 170  # articles per second
REBUILD_100K_SECONDS = 600
BATCH_SECONDS = 20
TENTH_TO_FIRST = 1.2
SEARCH_P50_MS, SEARCH_P95_MS = 40, 120
RAW_FACTOR = 1.5
BROWSE_P95_MS = 25
BROWSE_TARGET_PAGES = ("day", "source", "article")
WEB_RSS_MB = 250
IMPORT_RSS_MB = 1000


def say(message):
    """Print one line of progress."""
    print(f"[bench] {message}", flush=True)


# -- The archive under test ------------------------------------------------------------


def data_dir_for(articles):
    """Return the data directory of the archive of `articles` articles."""
    name = "bench" if articles == DEFAULT_ARTICLES else f"bench-{articles}"
    return ROOT / "var" / name


def archive_env(data_dir):
    """Return the environment of every process of the bench: the archive in `data_dir`."""
    env = dict(os.environ)
    # The database and the index both live in the data directory.
    env.pop("DATABASE_URL", None)
    env.pop("ARCHIVE_INDEX_DIR", None)
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="archive.project.settings",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


def setup_django(env):
    """Load Django in this process too, on the same archive, to read what the bench needs."""
    os.environ.update(env)
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR"):
        os.environ.pop(name, None)
    import django

    from archive.project.environment import prepare_data_dir

    prepare_data_dir(ROOT)
    django.setup()


def run_timed(command, env, stdout=None, stderr=None):
    """Run `command`; return (seconds, exit code, its own peak RSS in MB; not its children's)."""
    from django.db import connections

    connections.close_all()  # no open read of ours while another process writes
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    # The process's own peak (VmHWM), read until it exits. Its ru_maxrss would not do:
    # Linux carries the peak of the forked copy of this process across exec.
    peak_mb = 0
    while process.poll() is None:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError, TypeError):
            peak_mb = max(peak_mb, memory_mb(process.pid, "VmHWM"))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    return seconds, process.returncode, peak_mb


def manage(env, *args, **kwargs):
    """Run a manage.py command, failing the bench if it fails; return its run_timed figures."""
    seconds, code, rss_mb = run_timed([PYTHON, "manage.py", *args], env, **kwargs)
    if code != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {code}).")
    return seconds, code, rss_mb


def ensure_archive(articles, env):
    """Create the archive of `articles` generated articles unless it is there; return figures."""
    from archive.models import Article

    manage(env, "migrate", "--noinput", "-v0")
    generated = Article.objects.filter(original_name__startswith=f"generated/{GENERATED_SEED}/")
    present = generated.count()
    figures = {"generated_present": present, "generate_seconds": None}
    if present < articles:
        say(f"generating {articles - present} articles (once; kept for the next run)")
        figures["generate_seconds"] = manage(
            env, "generate_articles", "--count", str(articles), "--seed", str(GENERATED_SEED)
        )[0]
    return figures


def prune_earlier_imports():
    """Delete the articles an earlier run imported, and their originals; return how many.

    Deleted with SQL, without signals: the rebuild that follows drops them from the index.
    """
    from django.conf import settings
    from django.db import connection, transaction

    from archive.models import Article

    table = Article._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        imported = [IMPORT_PREFIX + "%"]
        cursor.execute(f"SELECT original FROM {table} WHERE original_name LIKE %s", imported)
        originals = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DELETE FROM {table} WHERE original_name LIKE %s", imported)
    for name in originals:
        if name:
            (Path(settings.MEDIA_ROOT) / name).unlink(missing_ok=True)
    return len(originals)


def article_count():
    from archive.models import Article

    return Article.objects.count()


def next_run_number(data_dir):
    """Return this run's number, counted in the data directory, so reruns import new articles."""
    counter = data_dir / "bench-runs"
    number = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(f"{number}\n")
    return number


# -- Rebuild ------------------------------------------------------------------------------


def measure_rebuild(env):
    """Time `rebuild_index` over the whole archive; return its figures."""
    articles = article_count()
    say(f"rebuild_index over {articles} articles")
    seconds, _, rss_mb = manage(env, "rebuild_index", "--noinput")
    return {
        "articles": articles,
        "seconds": seconds,
        "articles_per_second": articles / seconds,
        "seconds_for_100k": 100_000 * seconds / articles,
        "peak_rss_mb": rss_mb,
    }


# -- Import -------------------------------------------------------------------------------


def write_batch(directory, numbers):
    """Write the generated articles `numbers` (seed IMPORT_SEED) as files; return the first."""
    from archive.ingest.generated import as_text_file, generated_article

    directory.mkdir(parents=True)
    articles = [generated_article(IMPORT_SEED, number) for number in numbers]
    for i, article in enumerate(articles):
        (directory / f"{i:04d}.txt").write_text(as_text_file(article), encoding="utf-8")
    return articles[0]


def title_hits(original_name, title):
    """Return (the index's hits for the words of `title`, whether they hold that article)."""
    from django.conf import settings
    from whoosh.filedb.filestore import FileStorage
    from whoosh.qparser import QueryParser

    from archive.models import Article

    pk = Article.objects.filter(original_name=original_name).values_list("pk", flat=True).first()
    # Without memory maps: Whoosh would copy each segment file into this process, whose
    # size every process it starts afterwards would inherit as its peak RSS (fork).
    ix = FileStorage(str(settings.SEARCH_INDEX_DIR), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        results = searcher.search(QueryParser("title", ix.schema).parse(title), limit=None)
        found = pk is not None and any(hit["id"] == f"archive.article.{pk}" for hit in results)
        hits = len(results)
    ix.close()
    return hits, found


def measure_imports(env, data_dir, run):
    """Import BATCHES batches of BATCH_SIZE new article files, one process each; return figures."""
    work = data_dir / "bench-import"
    shutil.rmtree(work, ignore_errors=True)
    log_path = data_dir / "bench-import.log"
    batches = []
    with open(log_path, "w") as log:
        for batch in range(BATCHES):
            first_number = ((run - 1) * BATCHES + batch) * BATCH_SIZE
            folder = work / f"{IMPORT_PREFIX}r{run}-b{batch + 1:02d}"
            first = write_batch(folder, range(first_number, first_number + BATCH_SIZE))
            before = article_count()
            seconds, code, rss_mb = run_timed(
                [PYTHON, "manage.py", "import_articles", str(folder)], env, stdout=log, stderr=log
            )
            imported = article_count() - before
            hits, found = title_hits(f"{folder.name}/0000.txt", first.title)
            batches.append(
                {
                    "batch": batch + 1,
                    "seconds": seconds,
                    "exit_code": code,
                    "imported": imported,
                    "peak_rss_mb": rss_mb,
                    "title_hits": hits,
                    "searchable": found,
                }
            )
            say(
                f"import batch {batch + 1}/{BATCHES}: {imported} imported in {seconds:.1f} s, "
                f"peak RSS {rss_mb:.0f} MB, {'searchable' if found else 'NOT FOUND in the index'}"
                + (f", exit {code} (see {log_path})" if code else "")
            )
            shutil.rmtree(folder)
    shutil.rmtree(work, ignore_errors=True)
    return {"batches": batches, "log": str(log_path)}


# -- What the web pages are asked ---------------------------------------------------------


def search_queries(rng, articles, n=REQUESTS):
    """Return (warm-up queries, {query type: n query specs}), no word used twice.

    A spec is {"q": what is typed, and optionally "from", "to", "source"}: the
    search page's parameters, which bench_whoosh.py reads too.
    """
    from django.utils.text import slugify
    from whoosh.analysis import STOP_WORDS

    from archive.ingest.generated import COMMON_WORDS, NAMES, OUTLETS, vocabulary

    words = [word for word in vocabulary()[0] if word not in STOP_WORDS]
    # The head of the vocabulary: words in nearly every article.
    common = [word for word in COMMON_WORDS if word not in STOP_WORDS][: n + 1]
    # Its tail: words in a few hundred of 100,000 articles.
    rare = rng.sample(words[-3000:], n)
    # Middle ranks: words in some 1-20% of the articles.
    take = iter(rng.sample(words[100:3000], 6 * n + 1)).__next__
    # Qasem Soleimani and Hassan Nasrallah as they are typed: one name, or both parts.
    soleimani, nasrallah = NAMES[0], NAMES[1]
    name_spellings = list(
        dict.fromkeys(
            [part.lower() for name in soleimani + nasrallah for part in name.split()]
            + [name.lower() for name in soleimani]
        )
    )
    warmups = [{"q": common[-1]}, {"q": take()}]
    years = list(range(2001, 2022))
    outlets = rng.sample([slugify(outlet) for outlet in OUTLETS], n)
    types = {
        "rare word": [{"q": word} for word in rare],
        "common word": [{"q": word} for word in common[:n]],
        "two words": [{"q": f"{take()} {take()}"} for _ in range(n)],
        "phrase": [{"q": f'"{a} {b}"'} for a, b in phrases(rng, articles, n)],
        "OR": [{"q": f"{take()} OR {take()}"} for _ in range(n)],
        "word + dates": [
            {"q": take(), "from": str(year), "to": str(year + 4)}
            for year in (rng.choice(years) for _ in range(n))
        ],
        "word + source": [{"q": take(), "source": slug} for slug in outlets],
        "name variant": [{"q": spelling} for spelling in rng.sample(name_spellings, n)],
    }
    return warmups, types


def phrases(rng, articles, n):
    """Return n different pairs of words that stand side by side in the archive's articles."""
    from whoosh.analysis import STOP_WORDS

    from archive.ingest.generated import generated_article
    from archive.vocabulary.body import plain_text

    found = {}
    while len(found) < n:
        words = plain_text(
            generated_article(GENERATED_SEED, rng.randrange(articles)).blocks
        ).split()
        start = rng.randrange(len(words) - 1)
        for a, b in zip(words[start:], words[start + 1 :]):
            if (
                a.isalpha()
                and b.isalpha()
                and a.islower()
                and b.islower()
                and a not in STOP_WORDS
                and b not in STOP_WORDS
            ):
                found.setdefault((a, b), None)
                break
    return list(found)


def search_path(spec):
    """Return the search page's URL for a query spec."""
    params = {"q": spec["q"]}
    params.update({key: spec[key] for key in ("from", "to", "source") if spec.get(key)})
    return "/search/?" + urlencode(params)


def browse_paths(rng, n=REQUESTS):
    """Return {page: n paths}, each a different page of its kind (the home page excepted)."""
    from archive.models import Article, Source

    days = sorted(set(Article.objects.dated().values_list("published", flat=True)))
    months = sorted({(day.year, day.month) for day in days})
    years = sorted({day.year for day in days})
    articles = list(Article.objects.values_list("pk", "slug"))
    sources = list(
        Source.objects.filter(articles__isnull=False).distinct().values_list("slug", flat=True)
    )

    def some(items):
        return rng.sample(items, min(n, len(items)))

    return {
        "home": ["/"] * n,
        "year": [f"/archive/{year}/" for year in some(years)],
        "month": [f"/archive/{year}/{month:02d}/" for year, month in some(months)],
        "day": [f"/archive/{day:%Y/%m/%d}/" for day in some(days)],
        "source": [f"/sources/{slug}/" for slug in some(sources)],
        "article": [f"/articles/{pk}/{slug}/" for pk, slug in some(articles)],
    }


# -- Web ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    """Request `path` in a new connection; return (milliseconds to the body's end, status, body)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000, response.status, body


def children(pid):
    """Return the ids of a process's children."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in listed.split()]
    except OSError:
        return [
            int(stat.parent.name)
            for stat in Path("/proc").glob("[0-9]*/stat")
            if stat.read_text().rsplit(")", 1)[-1].split()[1] == str(pid)
        ]


def memory_mb(pid, field):
    """Return a /proc/<pid>/status memory figure (VmHWM: peak RSS; VmRSS) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


@contextlib.contextmanager
def gunicorn(env, data_dir, workers=1, log_name="bench-gunicorn.log"):
    """Serve the archive with gunicorn as `make serve` does; yield (port, the workers' ids)."""
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    log_path = data_dir / log_name
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                GUNICORN,
                "archive.project.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    fetch(port, "/robots.txt")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"gunicorn did not start; see {log_path}") from None
                    time.sleep(0.2)
            pids = children(server.pid)
            if len(pids) != workers:
                raise SystemExit(f"Expected {workers} gunicorn worker(s), found {pids}.")
            yield port, pids
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def time_requests(port, worker, paths_by_kind):
    """Request every path, round robin over the kinds; return {kind: figures}.

    The worker's peak RSS is read after each request (not timed), to tell which
    requests raise it.
    """
    timings = {kind: [] for kind in paths_by_kind}
    peak, rises = memory_mb(worker, "VmHWM"), []
    statuses = {kind: {} for kind in paths_by_kind}
    failures = []
    totals = {kind: [] for kind in paths_by_kind}
    for i in range(max(len(paths) for paths in paths_by_kind.values())):
        for kind, paths in paths_by_kind.items():
            if i >= len(paths):
                continue
            ms, status, body = fetch(port, paths[i])
            timings[kind].append(ms)
            if (now := memory_mb(worker, "VmHWM")) > peak + 1:
                rises.append({"path": paths[i], "rise_mb": now - peak})
                peak = now
            statuses[kind][status] = statuses[kind].get(status, 0) + 1
            if status != 200:
                failures.append(f"{status} {paths[i]}")
            if match := RESULTS_HEADING.search(body.decode("utf-8", "replace")):
                totals[kind].append(int(match.group(1).replace(",", "")))
    return {
        kind: {
            "p50_ms": percentile(timings[kind], 0.5),
            "p95_ms": percentile(timings[kind], 0.95),
            "timings_ms": timings[kind],
            "paths": paths_by_kind[kind],
            "statuses": statuses[kind],
            "result_counts": totals[kind],
        }
        for kind in paths_by_kind
    } | {"failures": failures, "peak_rss_rises": rises}


def measure_web(env, data_dir, warmups, queries, browse):
    """Time the search and browse pages through gunicorn; return figures."""
    say("web: collectstatic, then gunicorn with one worker")
    with gunicorn(env, data_dir) as (port, [worker]):
        rss = {"started": memory_mb(worker, "VmRSS")}
        for spec in warmups:
            fetch(port, search_path(spec))
        rss["after warm-up"] = memory_mb(worker, "VmRSS")
        say(f"web: {sum(map(len, queries.values()))} searches, {len(queries)} kinds")
        search = time_requests(
            port,
            worker,
            {kind: [search_path(spec) for spec in specs] for kind, specs in queries.items()},
        )
        rss["after searches"] = memory_mb(worker, "VmRSS")
        say(f"web: {sum(map(len, browse.values()))} browse pages, {len(browse)} kinds")
        pages = time_requests(port, worker, browse)
        rss["after browse pages"] = memory_mb(worker, "VmRSS")
        peak = memory_mb(worker, "VmHWM")
    every_search = [ms for kind in queries for ms in search[kind]["timings_ms"]]
    search["all search"] = {
        "p50_ms": percentile(every_search, 0.5),
        "p95_ms": percentile(every_search, 0.95),
    }
    log_text = (data_dir / "bench-gunicorn.log").read_text(errors="replace")
    return {
        "search": search,
        "browse": pages,
        "worker_peak_rss_mb": peak,
        "worker_rss_mb": rss,
        # The requests after which the worker's peak RSS rose, biggest rise first.
        "peak_rss_rises": sorted(
            search.pop("peak_rss_rises") + pages.pop("peak_rss_rises"),
            key=lambda rise: -rise["rise_mb"],
        ),
        "server_log": str(data_dir / "bench-gunicorn.log"),
        "server_log_errors": [
            line
            for line in log_text.splitlines()
            if re.search(r"error|traceback|exception", line, re.IGNORECASE)
        ],
    }


# -- Raw Whoosh ---------------------------------------------------------------------------


def measure_raw_whoosh(env, data_dir, warmups, queries):
    """Run bench_whoosh.py on the same archive and queries; return its figures."""
    say("raw Whoosh: the same articles and queries with Whoosh alone (bench_whoosh.py)")
    spec_path = data_dir / "bench-queries.json"
    spec_path.write_text(json.dumps({"warmups": warmups, "types": queries}, indent=1))
    out_path = data_dir / "bench-whoosh.json"
    with open(out_path, "w") as out:
        command = [PYTHON, str(ROOT / "scripts" / "bench_whoosh.py"), "--queries", str(spec_path)]
        seconds, code, rss_mb = run_timed(command, env, stdout=out)
    if code != 0:
        raise SystemExit(f"bench_whoosh.py failed (exit {code}).")
    return json.loads(out_path.read_text()) | {"peak_rss_mb": rss_mb, "run_seconds": seconds}


# -- Report -------------------------------------------------------------------------------


def verdict(met):
    return "" if met is None else ("met" if met else "NOT MET")


def ms_pair(figures):
    if not figures or figures.get("p50_ms") is None:
        return "-"
    return f"{figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} ms"


def table_rows(results):
    """Return the table's rows: (measure, ours, raw Whoosh, target, met or not)."""
    rebuild, raw = results["rebuild"], results["raw_whoosh"]
    batches = results["import"]["batches"]
    first, tenth = batches[0]["seconds"], batches[-1]["seconds"]
    slowest = max(batch["seconds"] for batch in batches)
    import_rss = max(batch["peak_rss_mb"] for batch in batches)
    search, browse = results["web"]["search"], results["web"]["browse"]
    rows = [
        (
            "rebuild, articles/s",
            f"{rebuild['articles_per_second']:.0f}",
            f"{raw['articles_per_second']:.0f}",
            f">= {REBUILD_RATE}",
            verdict(rebuild["articles_per_second"] >= REBUILD_RATE),
        ),
    ]
    if rebuild["articles"] != 100_000:
        rows.append(
            (
                f"rebuild, {rebuild['articles']} articles",
                f"{rebuild['seconds']:.0f} s",
                f"{raw['index_seconds']:.0f} s ({raw['articles']})",
                "",
                "",
            )
        )
    rows += [
        (
            "rebuild, 100,000 articles"
            + ("" if rebuild["articles"] == 100_000 else " (projected)"),
            f"{rebuild['seconds_for_100k']:.0f} s",
            f"{100_000 * raw['index_seconds'] / raw['articles']:.0f} s",
            f"< {REBUILD_100K_SECONDS} s",
            verdict(rebuild["seconds_for_100k"] < REBUILD_100K_SECONDS),
        ),
        (
            f"import {BATCH_SIZE}, first batch",
            f"{first:.1f} s",
            "",
            f"< {BATCH_SECONDS} s",
            verdict(first < BATCH_SECONDS),
        ),
        (
            f"import {BATCH_SIZE}, batch {len(batches)}",
            f"{tenth:.1f} s",
            "",
            f"< {BATCH_SECONDS} s",
            verdict(tenth < BATCH_SECONDS),
        ),
        (
            "import, slowest batch",
            f"{slowest:.1f} s",
            "",
            f"< {BATCH_SECONDS} s",
            verdict(slowest < BATCH_SECONDS),
        ),
        (
            f"import, batch {len(batches)} / first",
            f"{tenth / first:.2f}x",
            "",
            f"<= {TENTH_TO_FIRST}x",
            verdict(tenth / first <= TENTH_TO_FIRST),
        ),
        (
            "import, all searchable",
            f"{sum(batch['searchable'] for batch in batches)}/{len(batches)} batches",
            "",
            "all",
            verdict(all(batch["searchable"] for batch in batches)),
        ),
        (
            "import, peak RSS",
            f"{import_rss:.0f} MB",
            "",
            f"< {IMPORT_RSS_MB} MB",
            verdict(import_rss < IMPORT_RSS_MB),
        ),
        (
            "search, all types, p50 / p95",
            ms_pair(search["all search"]),
            ms_pair(raw["queries"]["all search"]),
            f"< {SEARCH_P50_MS} / {SEARCH_P95_MS} ms",
            verdict(
                search["all search"]["p50_ms"] < SEARCH_P50_MS
                and search["all search"]["p95_ms"] < SEARCH_P95_MS
            ),
        ),
    ]
    for kind in results["queries"]:
        ours, theirs = search[kind], raw["queries"][kind]
        rows.append(
            (
                f"search, {kind}, p50 / p95",
                ms_pair(ours),
                ms_pair(theirs),
                f"<= {RAW_FACTOR}x raw",
                verdict(
                    ours["p50_ms"] <= RAW_FACTOR * theirs["p50_ms"]
                    and ours["p95_ms"] <= RAW_FACTOR * theirs["p95_ms"]
                ),
            )
        )
    for page in results["browse_paths"]:
        has_target = page in BROWSE_TARGET_PAGES
        rows.append(
            (
                f"browse, {page}, p50 / p95",
                ms_pair(browse[page]),
                "",
                f"p95 < {BROWSE_P95_MS} ms" if has_target else "",
                verdict(browse[page]["p95_ms"] < BROWSE_P95_MS) if has_target else "",
            )
        )
    web_rss = results["web"]["worker_peak_rss_mb"]
    rows.append(
        (
            "web worker, peak RSS",
            f"{web_rss:.0f} MB",
            "",
            f"< {WEB_RSS_MB} MB",
            verdict(web_rss < WEB_RSS_MB),
        )
    )
    return rows


def format_table(rows, header=("measure", "ours", "raw Whoosh", "target", "")):
    """Return the rows as a plain-text table."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths).rstrip())
    return "\n".join(lines)


def commit():
    """Return the checked-out commit's short hash, '+' if the work tree has changes."""

    def git(*args):
        return subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "unknown"
    return sha + ("+" if git("status", "--porcelain", "--untracked-files=no") else "")


def machine():
    """Return what the figures depend on: cores, memory, Python."""
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        "0",
    )
    return {
        "cpus": os.cpu_count(),
        "memory_mb": int(memory) // 1024,
        "python": sys.version.split()[0],
    }


# -- Main ---------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        default=int(os.environ.get("BENCH_ARTICLES") or DEFAULT_ARTICLES),
        help=f"Size of the archive (default: BENCH_ARTICLES, else {DEFAULT_ARTICLES}).",
    )
    args = parser.parse_args()
    if args.articles < 100:
        parser.error("--articles: give at least 100.")
    return args


def main():
    args = parse_args()
    started = time.perf_counter()
    data_dir = data_dir_for(args.articles)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = archive_env(data_dir)
    setup_django(env)
    say(f"archive of {args.articles} articles in {data_dir}")

    results = {
        "commit": commit(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "articles": args.articles,
        "data_dir": str(data_dir),
    }
    results["archive"] = ensure_archive(args.articles, env)
    if pruned := prune_earlier_imports():
        say(f"deleted the {pruned} articles an earlier run imported")
    results["archive"]["pruned_earlier_imports"] = pruned
    run = next_run_number(data_dir)
    results["run"] = run

    results["rebuild"] = measure_rebuild(env)
    say(f"rebuild: {results['rebuild']['articles_per_second']:.0f} articles/s")
    results["import"] = measure_imports(env, data_dir, run)

    rng = random.Random(f"bench:{run}")
    warmups, queries = search_queries(rng, args.articles)
    browse = browse_paths(rng)
    results["queries"], results["browse_paths"] = queries, browse
    results["web"] = measure_web(env, data_dir, warmups, queries, browse)
    results["raw_whoosh"] = measure_raw_whoosh(env, data_dir, warmups, queries)
    results["seconds"] = time.perf_counter() - started

    table = format_table(table_rows(results))
    results["table"] = table
    path = data_dir / f"results-{results['commit']}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1, default=str))

    print()
    print(
        f"{results['rebuild']['articles']} articles (then {article_count()} after the imports), "
        f"commit {results['commit']}, {results['machine']['cpus']} CPUs, "
        f"{results['machine']['memory_mb']} MB; run {run} took "
        f"{results['seconds'] / 60:.1f} min."
    )
    print(
        "Search and browse: p50 / p95 of full HTTP requests. Raw Whoosh: the archive after the\n"
        f"imports ({results['raw_whoosh']['articles']} articles) indexed by Whoosh alone; "
        "its searches are top 20 plus count."
    )
    print()
    print(table)
    rss = ", ".join(f"{when} {mb:.0f}" for when, mb in results["web"]["worker_rss_mb"].items())
    print(f"\nWeb worker RSS (MB): {rss}; peak {results['web']['worker_peak_rss_mb']:.0f}.")
    if rises := [rise for rise in results["web"]["peak_rss_rises"] if rise["rise_mb"] >= 10][:3]:
        print(
            "Its peak rose most after: "
            + ", ".join(f"{rise['path']} (+{rise['rise_mb']:.0f} MB)" for rise in rises)
        )
    if failures := results["web"]["search"]["failures"] + results["web"]["browse"]["failures"]:
        print(f"\n{len(failures)} requests did not answer 200: " + ", ".join(failures[:10]))
    if errors := results["web"]["server_log_errors"]:
        print(f"\n{len(errors)} error lines in {results['web']['server_log']}, e.g. {errors[0]}")
    print(f"\nAll figures: {path}")


if __name__ == "__main__":
    main()
