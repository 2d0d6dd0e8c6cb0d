"""Writing a run's precomputed top-N lists: one ``RecommendationList`` row per customer or product.

Lists arrive as numpy arrays (one row of product columns and scores per key) and are turned into
the rows' JSON with a few whole-array operations, then written with PostgreSQL's ``COPY ... FROM
STDIN`` (elsewhere: ``bulk_create`` in large batches). Serving reads them back with one indexed
query on (kind, key, run), whatever wrote them.
"""

import json

import numpy as np
from django.db import connection

from marketing_ai.models import RecommendationList

BATCH_ROWS = 5000
SCORE_DECIMALS = 6


def write_top_n(run, kind, keys, columns, scores, product_ids):
    """Store one list per key: ``columns`` (keys x n product columns, best first) and their ``scores``.

    Cells whose score is not finite (nothing left to recommend) are left out of their list.
    """
    columns = np.asarray(columns)
    scores = np.round(np.asarray(scores, dtype=np.float64), SCORE_DECIMALS)
    quoted = np.array([json.dumps(str(pid)) for pid in product_ids] or [""], dtype=object)
    finite = np.isfinite(scores)
    id_rows = quoted[columns].tolist() if columns.size else [[] for _ in keys]
    score_rows = scores.tolist()
    whole = finite.all(axis=1) if finite.size else np.ones(len(keys), dtype=bool)
    lines = []
    for position, key in enumerate(keys):
        ids, values = id_rows[position], score_rows[position]
        if not whole[position]:
            keep = finite[position]
            ids = [pid for pid, ok in zip(ids, keep) if ok]
            values = [value for value, ok in zip(values, keep) if ok]
        lines.append((key, "[" + ",".join(ids) + "]", json.dumps(values)))
        if len(lines) >= BATCH_ROWS:
            _write(run, kind, lines)
            lines = []
    _write(run, kind, lines)


def write_lists(run, kind, lists):
    """Store ``lists``, an iterable of ``(key, [(product id, score), ...])``."""
    lines = []
    for key, entries in lists:
        lines.append((key, json.dumps([str(pid) for pid, _ in entries]),
                      json.dumps([round(float(score), SCORE_DECIMALS) for _, score in entries])))
        if len(lines) >= BATCH_ROWS:
            _write(run, kind, lines)
            lines = []
    _write(run, kind, lines)


def _write(run, kind, lines):
    """Write ``(key, ids JSON, scores JSON)`` rows of one run and kind."""
    if not lines:
        return
    if connection.vendor == "postgresql":
        _copy_postgresql(run, kind, lines)
        return
    RecommendationList.objects.bulk_create(
        [RecommendationList(run=run, kind=kind, key=key, product_ids=json.loads(ids), scores=json.loads(scores))
         for key, ids, scores in lines], batch_size=BATCH_ROWS)


def _copy_postgresql(run, kind, lines):
    meta = RecommendationList._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("run", "kind", "key", "product_ids", "scores"))
    prefix = f"{run.pk}\t{_copy_text(str(kind))}\t"
    text = "".join(f"{prefix}{_copy_text(key)}\t{_copy_text(ids)}\t{_copy_text(scores)}\n"
                   for key, ids, scores in lines)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            copy.write(text)


def _copy_text(value):
    """A value in COPY's text format: backslashes doubled, tabs and line breaks escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value
