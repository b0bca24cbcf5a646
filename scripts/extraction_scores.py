"""Scoring predicted articles against a real-page corpus's annotations.

    figures = score(predictions, truth)   # both {page id: record}, as read by load_jsonl

The figures and their rules are those of the corpus's own scorer
(../shared/realpages/evaluate.py), which gives the same numbers for the same PRED file;
scripts/measure_extraction.py --evaluate PATH checks that it still does. Only the
figures of the report are computed: body snippets, title (exact and relaxed), date,
source and author. Each is over the pages whose annotation is not null; a page without
a prediction (rejected) counts as wrong, with an empty body.

- body snippets: a `body_with` snippet found in the body (white space folded) is a true
  positive, one missed a false negative; a `body_without` snippet found is a false positive.
- title, source, author: equal after Unicode NFKC, casefolding and folding white space;
  title relaxed: either normalised title contains the other.
- date: the first ten characters (YYYY-MM-DD) of the prediction are the annotated day.
"""

import json
import re
import unicodedata

WHITE_SPACE = re.compile(r"\s+")
DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
EXACT_FIELDS = ("title", "source", "author")


def load_jsonl(path):
    """Return {id: record} of a JSONL file (ids as strings; a later line wins)."""
    records = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                records[str(record["id"])] = record
    return records


def normalised(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    return WHITE_SPACE.sub(" ", unicodedata.normalize("NFKC", str(value)).casefold()).strip()


def day(value):
    if not value or not isinstance(value, str):
        return None
    match = DAY.match(value)
    return match.group(1) if match else None


def folded(text):
    return WHITE_SPACE.sub(" ", text or "").strip()


def score(predictions, truth):
    """Return {figure: {"n": pages, and "match_rate" or precision/recall/f1}} and n_pred."""
    snippets = {"tp": 0, "fp": 0, "fn": 0, "docs": 0}
    matches = {"title": [], "title_relaxed": [], "date": [], "source": [], "author": []}
    for page_id, annotated in truth.items():
        predicted = predictions.get(page_id, {})
        with_, without = annotated.get("body_with") or [], annotated.get("body_without") or []
        if with_ or without:
            body = folded(predicted.get("body"))
            found = sum(folded(snippet) in body for snippet in with_)
            snippets["tp"] += found
            snippets["fn"] += len(with_) - found
            snippets["fp"] += sum(folded(snippet) in body for snippet in without)
            snippets["docs"] += 1
        for field in EXACT_FIELDS:
            if annotated.get(field):
                ours, theirs = normalised(predicted.get(field)), normalised(annotated[field])
                matches[field].append(bool(predicted.get(field)) and ours == theirs)
                if field == "title":
                    matches["title_relaxed"].append(
                        bool(ours) and (ours in theirs or theirs in ours)
                    )
        if annotated.get("date"):
            matches["date"].append(day(predicted.get("date")) == annotated["date"])

    figures = {"n_truth": len(truth), "n_pred": sum(page_id in predictions for page_id in truth)}
    if snippets["docs"]:
        tp, fp, fn = snippets["tp"], snippets["fp"], snippets["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures["body_snippets"] = {
            "n": snippets["docs"],
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    for field, oks in matches.items():
        if oks:
            figures[field] = {"n": len(oks), "match_rate": sum(oks) / len(oks)}
    return figures
