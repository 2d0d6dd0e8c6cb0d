"""Measuring copy on a catalogue: grounding pass rate, length compliance, distinctness, throughput.

Used by ``python manage.py marketing_ai evaluate-copy`` on held-out catalogues and by bench/.
"""

import csv
import re
import time
from collections import Counter

from marketing_ai.conf import app_settings
from marketing_ai.copywriting.workflow import make_checker, write_copy

# Values of an attribute column that hold several items ("S|M|L").
LIST_SEPARATOR = "|"
SENTENCE_RE = re.compile(r"(?<=[.!?。！？])\s*|\n")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


class CatalogueError(ValueError):
    """A CSV the evaluation cannot read, with the reason."""


def read_catalogue(path, title_column, attribute_columns=(), id_column=None, category_column=None, limit=None,
                   encoding="utf-8"):
    """Product facts (the composer's dict shape) from a CSV with a header row."""
    try:
        handle = open(path, newline="", encoding=encoding)
    except OSError as exc:
        raise CatalogueError(f"cannot open {path}: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        wanted = [title_column, *attribute_columns, *(c for c in (id_column, category_column) if c)]
        missing = [column for column in wanted if column not in columns]
        if missing:
            raise CatalogueError(f"no column {', '.join(missing)} in {path}; columns: {', '.join(columns)}")
        facts_list = []
        for number, row in enumerate(reader, start=1):
            title = (row.get(title_column) or "").strip()
            if not title:
                continue
            attributes = {}
            for column in attribute_columns:
                value = (row.get(column) or "").strip()
                if not value:
                    continue
                attributes[column] = ([part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
                                      if LIST_SEPARATOR in value else value)
            facts_list.append({
                "id": (row.get(id_column) or "").strip() if id_column else str(number),
                "title": title[:300],
                "category": (row.get(category_column) or "").strip() if category_column else "",
                "attributes": attributes,
                "price": "",
            })
            if limit and len(facts_list) >= limit:
                break
    if not facts_list:
        raise CatalogueError(f"{path} has no rows with a value in {title_column!r}")
    return facts_list


def _tokens(text):
    if CJK_RE.search(text):
        return [char for char in text if not char.isspace()]
    return re.findall(r"\w+", text.lower())


def distinctness(texts):
    """(share of sentences that repeat one seen before, distinct-2: unique bigrams / all bigrams)."""
    sentences = [s.strip() for text in texts for s in SENTENCE_RE.split(text) if s and s.strip()]
    duplicate_share = 1 - len(set(sentences)) / len(sentences) if sentences else 0.0
    bigrams = Counter()
    for text in texts:
        tokens = _tokens(text)
        bigrams.update(zip(tokens, tokens[1:]))
    total = sum(bigrams.values())
    return duplicate_share, (len(bigrams) / total if total else 0.0)


def evaluate(facts_list, kinds=None, language="en", tone="professional", backend=None, seed=1):
    """Generate every kind for every product and measure it; returns a JSON-ready dict."""
    kinds = list(kinds or app_settings.COPY_KINDS)
    checker = make_checker(facts_list)
    started = time.perf_counter()
    written = write_copy(facts_list, kinds, language, tone, backend=backend, checker=checker, seed=seed)
    seconds = time.perf_counter() - started
    per_kind = {}
    for kind in kinds:
        items = [item for item in written if item.kind == kind]
        first = [item.report["attempts"][0] for item in items]
        duplicate_share, distinct_2 = distinctness([item.text for item in items])
        per_kind[kind] = {
            "drafts": len(items),
            "grounding_pass_rate": _share(a["passed"] for a in first),
            "length_compliance": _share(not any(f["type"] == "length" for f in a["failures"]) for a in first),
            "final_pass_rate": _share(item.passed for item in items),
            "duplicate_sentence_share": round(duplicate_share, 4),
            "distinct_2": round(distinct_2, 4),
        }
    first = [item.report["attempts"][0] for item in written]
    # Distinctness is about products, not kinds (a meta description may repeat its own
    # product's description): the overall figures are the per-kind ones, weighted by drafts.
    duplicate_share = _weighted(per_kind, "duplicate_sentence_share")
    distinct_2 = _weighted(per_kind, "distinct_2")
    return {
        "backend": backend or app_settings.TEXT_BACKEND,
        "language": language,
        "tone": tone,
        "products": len(facts_list),
        "drafts": len(written),
        # The chosen backend's own first answers, before any retry or fallback.
        "grounding_pass_rate": _share(a["passed"] for a in first),
        "length_compliance": _share(not any(f["type"] == "length" for f in a["failures"]) for a in first),
        # What would be saved: after one retry and the template fallback.
        "final_pass_rate": _share(item.passed for item in written),
        "fallback_rate": _share(item.report["fallback"] for item in written),
        "duplicate_sentence_share": round(duplicate_share, 4),
        "distinct_2": round(distinct_2, 4),
        "seconds": round(seconds, 3),
        "drafts_per_second": round(len(written) / seconds, 1) if seconds else None,
        "per_kind": per_kind,
    }


def _weighted(per_kind, name):
    total = sum(row["drafts"] for row in per_kind.values())
    return sum(row[name] * row["drafts"] for row in per_kind.values()) / total if total else 0.0


def _share(values):
    values = list(values)
    return round(sum(1 for v in values if v) / len(values), 4) if values else 0.0
