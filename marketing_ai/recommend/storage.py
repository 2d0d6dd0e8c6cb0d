"""Writing a run's precomputed top-N lists: one ``RecommendationList`` row per customer or product.

Lists arrive as numpy arrays (one row of product columns and scores per key) and are turned into
the rows' JSON with a few whole-array operations, then written with PostgreSQL's ``COPY ... FROM
STDIN`` (elsewhere: ``bulk_create`` in large batches). Serving reads them back with one indexed
query on (kind, key, run), whatever wrote them.
"""

import json

import numpy as np
from django.db import connection, transaction

from marketing_ai.recommend.models import RecommendationList

BATCH_ROWS = 5000
SCORE_DECIMALS = 6


class ListWriter:
    """Writes the lists of one run; use as a context manager (``with ListWriter(run) as writer``).

    On PostgreSQL (with psycopg 3) all lists go through one ``COPY`` that stays open while they
    are computed, so the server stores one batch while the next is formatted; no other query may
    run on the connection inside the block (read what the lists need first). Leaving the block on
    an error writes nothing more (the COPY is abandoned).
    """

    def __init__(self, run):
        self.run = run
        self.pending = []
        self._cursor = self._copy_context = self._copy = self._atomic = None

    def __enter__(self):
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        if connection.vendor == "postgresql" and is_psycopg3:
            meta = RecommendationList._meta
            quote = connection.ops.quote_name
            columns = ", ".join(quote(meta.get_field(name).column)
                                for name in ("run", "kind", "key", "product_ids", "scores"))
            # A transaction (a savepoint inside one): an abandoned COPY leaves the connection usable.
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self._cursor = connection.cursor()
            self._copy_context = self._cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN")
            self._copy = self._copy_context.__enter__()
        return self

    def __exit__(self, exc_type, exc, traceback):
        try:
            if exc_type is None:
                self._flush()
            if self._copy_context is not None:
                self._copy_context.__exit__(exc_type, exc, traceback)
        finally:
            if self._cursor is not None:
                self._cursor.close()
            if self._atomic is not None:
                self._atomic.__exit__(exc_type, exc, traceback)
        return False

    def top_n(self, kind, keys, columns, scores, product_ids, keep_scores=True):
        """One list per key: ``columns`` (keys x n product columns, best first) and their ``scores``.

        Cells whose score is not finite (nothing left to recommend) are left out of their list.
        Without ``keep_scores`` the lists keep their order only (an empty scores list each): for
        kinds whose scores nothing reads, which saves encoding and storing them.
        """
        columns = np.asarray(columns)
        scores = np.asarray(scores, dtype=np.float64)
        if keep_scores:
            scores = np.round(scores, SCORE_DECIMALS)
        quoted = np.array([json.dumps(str(pid)) for pid in product_ids] or [""], dtype=object)
        finite = np.isfinite(scores)
        whole = finite.all(axis=1) if finite.size else np.ones(len(keys), dtype=bool)
        for start in range(0, len(keys), BATCH_ROWS):
            # Whole-array conversions per batch: ids to their JSON strings, scores to Python floats.
            id_rows = quoted[columns[start:start + BATCH_ROWS]].tolist() if columns.size else None
            batch_whole = whole[start:start + BATCH_ROWS]
            if keep_scores:
                score_rows = scores[start:start + BATCH_ROWS].tolist()
                # One encoder call for the batch's finite rows, cut apart at the "],[" between rows
                # (numbers never contain brackets): the per-call cost of json.dumps dominated otherwise.
                encoded = iter(_encode_rows([row for row, ok in zip(score_rows, batch_whole) if ok]))
            for offset, key in enumerate(keys[start:start + BATCH_ROWS]):
                ids = id_rows[offset] if id_rows is not None else []
                values = "[]"
                if batch_whole[offset]:
                    if keep_scores:
                        values = next(encoded)
                else:
                    keep = finite[start + offset]
                    ids = [pid for pid, ok in zip(ids, keep) if ok]
                    if keep_scores:
                        values = json.dumps([value for value, ok in zip(score_rows[offset], keep) if ok])
                self.pending.append((kind, key, "[" + ",".join(ids) + "]", values))
            self._flush()

    def lists(self, kind, lists):
        """Lists given as an iterable of ``(key, [(product id, score), ...])``."""
        for key, entries in lists:
            self.pending.append((kind, key, json.dumps([str(pid) for pid, _ in entries]),
                                 json.dumps([round(float(score), SCORE_DECIMALS) for _, score in entries])))
            if len(self.pending) >= BATCH_ROWS:
                self._flush()
        self._flush()

    def _flush(self):
        lines, self.pending = self.pending, []
        if not lines:
            return
        if self._copy is not None:
            run = self.run.pk
            self._copy.write("".join(f"{run}\t{_copy_text(str(kind))}\t{_copy_text(key)}\t{_copy_text(ids)}\t"
                                     f"{_copy_text(scores)}\n" for kind, key, ids, scores in lines))
            return
        RecommendationList.objects.bulk_create(
            [RecommendationList(run=self.run, kind=kind, key=key, product_ids=json.loads(ids),
                                scores=json.loads(scores)) for kind, key, ids, scores in lines],
            batch_size=BATCH_ROWS)


def _encode_rows(rows):
    """JSON of each list of floats in ``rows``, from one ``json.dumps`` call."""
    if not rows:
        return []
    text = json.dumps(rows, separators=(",", ":"))
    return ["[" + part + "]" for part in text[2:-2].split("],[")]


def _copy_text(value):
    """A value in COPY's text format: backslashes doubled, tabs and line breaks escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value
