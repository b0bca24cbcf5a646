"""make loadtest: the archive under load while it is written to (issue 6).

    make loadtest                                             # 100,000 articles (var/bench/)
    .venv/bin/python scripts/loadtest.py --articles 3000      # a quick try on var/bench-3000/
    .venv/bin/python scripts/loadtest.py --workers 3 --users 8 --seconds 30

Everything runs in processes of its own and talks to 127.0.0.1 only:

1. The archive: make bench's (scripts/bench.py builds it once and keeps it). The
   articles that an earlier run of either imported are deleted from the database and
   from the index.
2. gunicorn with --workers workers, DEBUG off, warmed with a few requests of each kind.
3. For --seconds: Locust (scripts/locustfile.py), headless, in a second process:
   readers asking search, browse and feed pages with no pause between requests, so
   the rate is the highest the server holds, and one editor logged in to the admin,
   changing article titles. Meanwhile batches of 1,000 generated plain-text files are
   imported by `manage.py import_articles`, one after the other, from the start of the
   window until its end.
4. The checks: every request answered 2xx or 3xx, without a timeout; every imported
   article is in the database once and in the index once; every title the admin saved
   is still the article's title in the database and in the index (no lost update).

Prints one table and writes every figure as JSON to the data directory
(loadtest-<commit>-<time>.json, beside bench's results). Exits 1 if a request failed,
an import fell short or an update was lost.
"""

import argparse
import concurrent.futures
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import bench
from bench_whoosh import percentile

LOCUST = str(Path(sys.executable).parent / "locust")
LOCUSTFILE = bench.ROOT / "scripts" / "locustfile.py"
# Two workers served more requests a second on 2 cores than three, with the import
# running (12.2 against 5.7, on a machine shared with other work); see README.md, Scaling.
# Six readers keep every worker busy with a request waiting: the rate is the highest
# the server holds, and more readers would only lengthen the queue.
DEFAULT_WORKERS, DEFAULT_USERS, DEFAULT_SECONDS = 2, 6, 60
# Different pages of each kind that the readers choose from (fewer where the archive has fewer).
PAGES_PER_KIND = 200
QUERY_SETS = 10  # bench.py's queries, drawn this many times: 20 of each kind a time
EDITOR = "loadtest-editor"
EDITED_ARTICLES = 5
# Every import batch's articles are numbered as bench.py numbers them, from the run
# number both count, so no run imports an article twice. The last batch of a run's
# range is kept for the articles the editor edits.
IMPORT_BATCHES = bench.BATCHES - 1


STARTED = time.monotonic()


def say(message):
    """Print one line of progress, with the time since the start."""
    print(f"[loadtest {time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


# -- The archive before and after ---------------------------------------------------------


def forget_earlier_imports():
    """Delete the articles an earlier run imported, from the database and the index; return how many."""
    from archive.models import Article

    pks = list(
        Article.objects.filter(original_name__startswith=bench.IMPORT_PREFIX).values_list(
            "pk", flat=True
        )
    )
    pruned = bench.prune_earlier_imports()
    if pks:
        drop_from_index(pks)
    return pruned


def drop_from_index(pks):
    """Remove these articles' entries from the index, with one writer and one searcher."""
    from haystack import connections
    from haystack.constants import ID
    from whoosh.query import Or, Term

    backend = connections["default"].get_backend()
    gone = Or([Term(ID, f"archive.article.{pk}") for pk in pks])
    with backend.writing() as writer, writer.searcher() as searcher:
        for docnum in searcher.docs_for_query(gone, for_deletion=True):
            writer.delete_document(docnum)


def index_entries(pks):
    """Return {pk: [the stored fields of each index entry of that article]}."""
    from django.conf import settings
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(settings.SEARCH_INDEX_DIR), supports_mmap=False).open_index()
    with ix.searcher() as searcher:
        entries = {pk: list(searcher.documents(id=f"archive.article.{pk}")) for pk in pks}
    ix.close()
    return entries


def imported_pks(folder_name):
    """Return the ids of the articles imported from the batch folder `folder_name`."""
    from archive.models import Article

    return list(
        Article.objects.filter(original_name__startswith=f"{folder_name}/").values_list(
            "pk", flat=True
        )
    )


def create_editor():
    """Create the editor's admin account with a new password; return (username, password)."""
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(username=EDITOR)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return EDITOR, password


def delete_editor():
    """Delete the editor's account, and with it its log of edits."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=EDITOR).delete()


def batch_numbers(run, batch):
    """Return the numbers of the generated articles of batch `batch` (from 0) of run `run`."""
    first = ((run - 1) * bench.BATCHES + batch) * bench.BATCH_SIZE
    return range(first, first + bench.BATCH_SIZE)


def import_edited_articles(env, work, run):
    """Import the few articles the editor will edit; return their ids."""
    folder = work / f"{bench.IMPORT_PREFIX}r{run}-edited"
    bench.write_batch(folder, batch_numbers(run, IMPORT_BATCHES)[:EDITED_ARTICLES])
    with open(work.parent / "loadtest-import.log", "w") as log:
        bench.manage(env, "import_articles", str(folder), stdout=log, stderr=log)
    return imported_pks(folder.name)


# -- What the readers ask -----------------------------------------------------------------


def plan_pages(rng, articles):
    """Return {"search"|"browse"|"feeds": {kind: paths}}, from the archive's own words and pages."""
    search = defaultdict(list)
    for _ in range(QUERY_SETS):
        for kind, specs in bench.search_queries(rng, articles)[1].items():
            search[kind] += [bench.search_path(spec) for spec in specs]
    browse = bench.browse_paths(rng, PAGES_PER_KIND)
    browse["home"] = ["/"]
    feeds = {
        "feed: latest": ["/feed/"],
        "feed: source": [path + "feed/" for path in browse["source"]],
        "feed: search": [path.replace("/search/", "/search/feed/") for path in search["two words"]],
    }
    return {"search": dict(search), "browse": browse, "feeds": feeds}


def warm_up(port, plan, workers):
    """Ask a few pages of each kind, several at once, so each worker has opened the index."""
    paths = [paths[0] for group in plan.values() for paths in group.values()] * (2 * workers)
    with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
        statuses = Counter(
            status for _, status, _ in pool.map(lambda path: bench.fetch(port, path), paths)
        )
    return dict(statuses)


# -- The window ----------------------------------------------------------------------------


def start_locust(port, users, seconds, plan_path, record_path, log):
    return subprocess.Popen(
        [
            LOCUST,
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            # Requests under way when the time is up are waited for, edits above all.
            "--stop-timeout",
            "60",
            "--only-summary",
            "--exit-code-on-error",
            "0",
        ],
        cwd=bench.ROOT,
        env=os.environ | {"LOADTEST_PLAN": str(plan_path), "LOADTEST_RECORD": str(record_path)},
        stdout=log,
        stderr=log,
    )


def import_until(deadline, env, work, run, log):
    """Import batches of generated files one after the other until `deadline`; return their figures."""
    batches = []
    for batch in range(IMPORT_BATCHES):
        if time.monotonic() >= deadline:
            break
        folder = work / f"{bench.IMPORT_PREFIX}r{run}-b{batch + 1:02d}"
        first = bench.write_batch(folder, batch_numbers(run, batch))
        seconds, code, rss_mb = bench.run_timed(
            [bench.PYTHON, "manage.py", "import_articles", str(folder)], env, stdout=log, stderr=log
        )
        batches.append(
            {
                "batch": batch + 1,
                "folder": folder.name,
                "files": bench.BATCH_SIZE,
                "seconds": seconds,
                "exit_code": code,
                "peak_rss_mb": rss_mb,
                "first_title": first.title,
            }
        )
        say(f"import batch {batch + 1}: {seconds:.1f} s, exit {code}")
        shutil.rmtree(folder)
    return batches


# -- The checks ----------------------------------------------------------------------------


def check_imports(batches):
    """Add to each batch: articles in the database, in the index once, and its first title found."""
    for batch in batches:
        pks = imported_pks(batch["folder"])
        entries = index_entries(pks)
        _, found = bench.title_hits(f"{batch['folder']}/0000.txt", batch["first_title"])
        batch.update(
            imported=len(pks),
            indexed_once=sum(len(found_entries) == 1 for found_entries in entries.values()),
            not_indexed=[pk for pk, found_entries in entries.items() if not found_entries],
            indexed_twice=[pk for pk, found_entries in entries.items() if len(found_entries) > 1],
            first_title_found=found,
        )
        batch["complete"] = (
            batch["exit_code"] == 0
            and batch["imported"] == batch["indexed_once"] == batch["files"]
            and found
        )
    return batches


def check_edits(edits, pks):
    """Return, per edited article, its last saved title against the database's and the index's."""
    from archive.models import Article

    in_database = dict(Article.objects.filter(pk__in=pks).values_list("pk", "title"))
    entries = index_entries(pks)
    articles = []
    for pk in pks:
        own = sorted((edit for edit in edits if edit["pk"] == pk), key=lambda edit: edit["sent"])
        saved = [edit for edit in own if edit["saved"]]
        if not saved:
            continue
        last = saved[-1]["title"]
        # An edit after the last saved one whose answer never came may or may not have landed.
        unsure = {edit["title"] for edit in own[own.index(saved[-1]) + 1 :]}
        indexed = [entry.get("title") for entry in entries[pk]]
        articles.append(
            {
                "pk": pk,
                "edits": len(own),
                "saved": len(saved),
                "last_saved": last,
                "database": in_database.get(pk),
                "index": indexed,
                "lost_in_database": in_database.get(pk) not in {last, *unsure},
                "lost_in_index": indexed != [in_database.get(pk)],
            }
        )
    return articles


# -- Figures -------------------------------------------------------------------------------


def window_seconds(requests):
    """Return the time from the first request's start to the last one's end."""
    started = min(request["start"] for request in requests)
    return max(request["start"] + request["ms"] / 1000 for request in requests) - started


def figures(requests, seconds):
    """Return the count, rate over `seconds` and latency percentiles of these requests."""
    timings = [request["ms"] for request in requests]
    return {
        "requests": len(requests),
        "per_second": len(requests) / seconds,
        "p50_ms": percentile(timings, 0.5),
        "p95_ms": percentile(timings, 0.95),
        "p99_ms": percentile(timings, 0.99),
        "errors": sum(failed(request) for request in requests),
    }


def failed(request):
    """Whether a request failed: an error (connection, timeout), or a status other than 2xx/3xx."""
    return request["error"] is not None or not (
        request["status"] and 200 <= request["status"] < 400
    )


def errors_by_message(requests):
    """Return [{kind, message, count}] of the failed requests, the most frequent first."""
    counts = Counter(
        (request["kind"], request["error"] or f"status {request['status']}")
        for request in requests
        if failed(request)
    )
    return [
        {"kind": kind, "message": message, "count": count}
        for (kind, message), count in counts.most_common()
    ]


def parent_of(pid):
    """Return the id of a process's parent."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def server_log_errors(path):
    text = path.read_text(errors="replace")
    return [
        line
        for line in text.splitlines()
        if any(word in line.lower() for word in ("error", "traceback", "timeout"))
    ]


def table_rows(results):
    """Return the table's rows: page kind, requests, per second, p50, p95, p99, errors."""

    def row(name, numbers):
        return (
            name,
            numbers["requests"],
            f"{numbers['per_second']:.1f}",
            f"{numbers['p50_ms']:.0f}",
            f"{numbers['p95_ms']:.0f}",
            f"{numbers['p99_ms']:.0f}",
            numbers["errors"],
        )

    web = results["web"]
    return [row("all requests", web["all"])] + [
        row(kind, numbers) for kind, numbers in sorted(web["kinds"].items())
    ]


# -- Main ----------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        default=int(os.environ.get("BENCH_ARTICLES") or bench.DEFAULT_ARTICLES),
        help=f"Size of the archive (default: BENCH_ARTICLES, else {bench.DEFAULT_ARTICLES}).",
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn's workers.")
    parser.add_argument(
        "--users", type=int, default=DEFAULT_USERS, help="Locust's readers, and one editor."
    )
    parser.add_argument(
        "--seconds", type=int, default=DEFAULT_SECONDS, help="How long the load lasts."
    )
    args = parser.parse_args()
    if args.articles < 100:
        parser.error("--articles: give at least 100.")
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds: give 1 to 600.")
    return args


def main():
    args = parse_args()
    data_dir = bench.data_dir_for(args.articles)
    data_dir.mkdir(parents=True, exist_ok=True)
    env = bench.archive_env(data_dir)
    bench.setup_django(env)
    say(f"archive of {args.articles} articles in {data_dir}")

    results = {
        "commit": bench.commit(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": bench.machine(),
        "articles": args.articles,
        "data_dir": str(data_dir),
        "workers": args.workers,
        "users": args.users,
        "window_seconds": args.seconds,
    }
    results["archive"] = bench.ensure_archive(args.articles, env)
    say("the archive is there; deleting what earlier runs imported")
    if pruned := forget_earlier_imports():
        say(f"deleted the {pruned} articles an earlier run imported")
    results["archive"]["pruned_earlier_imports"] = pruned
    run = bench.next_run_number(data_dir)
    results["run"] = run
    work = data_dir / "loadtest-import"
    shutil.rmtree(work, ignore_errors=True)
    say(f"importing the {EDITED_ARTICLES} articles the editor will edit")
    edited = import_edited_articles(env, work, run)
    plan = plan_pages(random.Random(f"loadtest:{run}"), args.articles)
    username, password = create_editor()
    plan["editor"] = {
        "username": username,
        "password": password,
        "articles": edited,
        "title": f"Edited under load, run {run},",
    }
    plan_path, record_path = data_dir / "loadtest-plan.json", data_dir / "loadtest-record.json"
    plan_path.write_text(json.dumps(plan, indent=1))
    record_path.unlink(missing_ok=True)

    say(f"collectstatic, then gunicorn with {args.workers} workers")
    try:
        with bench.gunicorn(
            env, data_dir, workers=args.workers, log_name="loadtest-gunicorn.log"
        ) as (port, pids):
            say("warming up")
            results["warm_up_statuses"] = warm_up(
                port, {"search": plan["search"], "browse": plan["browse"]}, args.workers
            )
            say(
                f"{args.seconds} s of Locust ({args.users} readers, 1 editor) while batches of "
                f"{bench.BATCH_SIZE} files are imported"
            )
            with (
                open(data_dir / "loadtest-locust.log", "w") as locust_log,
                open(data_dir / "loadtest-import.log", "a") as import_log,
            ):
                locust = start_locust(
                    port, args.users, args.seconds, plan_path, record_path, locust_log
                )
                try:
                    batches = import_until(
                        time.monotonic() + args.seconds, env, work, run, import_log
                    )
                    locust.wait(timeout=args.seconds + 120)
                finally:
                    if locust.poll() is None:
                        locust.kill()
            master = parent_of(pids[0])
            workers = bench.children(master)
            # A worker that gunicorn had to kill (a request over its timeout) was replaced.
            results["workers_replaced"] = sorted(set(pids) - set(workers))
            results["worker_peak_rss_mb"] = [bench.memory_mb(pid, "VmHWM") for pid in workers]
    finally:
        delete_editor()
        shutil.rmtree(work, ignore_errors=True)
    results["gunicorn_stopped"] = not any(
        Path(f"/proc/{pid}").exists() for pid in [master, *workers]
    )
    if not record_path.exists():
        raise SystemExit(f"Locust wrote no record; see {data_dir / 'loadtest-locust.log'}")
    record = json.loads(record_path.read_text())

    say("checking the imports and the edits")
    requests = record["requests"]
    kinds = defaultdict(list)
    for request in requests:
        kinds[request["kind"]].append(request)
    seconds = window_seconds(requests)
    results["web"] = {
        "seconds": seconds,
        "all": figures(requests, seconds),
        "kinds": {kind: figures(found, seconds) for kind, found in kinds.items()},
        "errors": errors_by_message(requests),
        "server_log_errors": server_log_errors(data_dir / "loadtest-gunicorn.log"),
    }
    results["import"] = check_imports(batches)
    results["edits"] = check_edits(record["edits"], edited)
    results["seconds"] = time.monotonic() - STARTED
    lost = [edit for edit in results["edits"] if edit["lost_in_database"] or edit["lost_in_index"]]
    short = [batch for batch in results["import"] if not batch["complete"]]
    errors = results["web"]["all"].get("errors", 0)

    table = bench.format_table(
        table_rows(results),
        header=("page", "requests", "per s", "p50 ms", "p95 ms", "p99 ms", "errors"),
    )
    results["table"] = table
    path = data_dir / f"loadtest-{results['commit']}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1, default=str))

    web = results["web"]["all"]
    print()
    print(
        f"{args.articles} articles, commit {results['commit']}, {results['machine']['cpus']} CPUs; "
        f"gunicorn with {args.workers} workers (peak RSS "
        f"{', '.join(f'{mb:.0f}' for mb in results['worker_peak_rss_mb'])} MB); Locust with {args.users} "
        f"readers and 1 editor for {args.seconds} s; run {run} took {results['seconds'] / 60:.1f} min."
    )
    print(
        f"{web['requests']} requests in {results['web']['seconds']:.0f} s: {web['per_second']:.1f} a second, "
        f"p50 / p95 / p99 {web['p50_ms']:.0f} / {web['p95_ms']:.0f} / {web['p99_ms']:.0f} ms, "
        f"{errors} errors."
    )
    print()
    print(table)
    print()
    for error in results["web"]["errors"][:10]:
        print(f"error: {error['count']} x {error['kind']}: {error['message'][:200]}")
    if log_errors := results["web"]["server_log_errors"]:
        print(
            f"{len(log_errors)} error lines in {data_dir / 'loadtest-gunicorn.log'}, e.g. {log_errors[0]}"
        )
    imported = sum(batch["imported"] for batch in results["import"])
    print(
        f"Import: {len(results['import'])} batches of {bench.BATCH_SIZE} files, "
        f"{', '.join(str(round(batch['seconds'])) for batch in results['import'])} s; {imported} articles "
        f"imported, {sum(batch['indexed_once'] for batch in results['import'])} in the index once"
        + (
            f"; INCOMPLETE: batches {[batch['batch'] for batch in short]}"
            if short
            else "; all complete."
        )
    )
    print(
        f"Admin edits: {sum(edit['saved'] for edit in results['edits'])} titles saved on "
        f"{len(results['edits'])} articles, {len(lost)} lost updates"
        + (f": {lost}" if lost else ".")
    )
    if replaced := results["workers_replaced"]:
        print(f"gunicorn killed and replaced {len(replaced)} worker(s): {replaced} (see its log)")
    if not results["gunicorn_stopped"]:
        print(f"gunicorn is still running: {master}, {workers}")
    print(f"\nAll figures: {path}")
    if errors or lost or short or replaced or not results["edits"] or not results["import"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
