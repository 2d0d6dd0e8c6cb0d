"""The one interface every recommendation algorithm implements."""

import json
import time
from pathlib import Path

import numpy as np

BATCH_USERS = 1024


def resolve_device(device):
    """"auto" -> "cuda" when torch sees a GPU, else "cpu". "cuda" without a GPU is an error."""
    device = (device or "auto").lower()
    if device not in ("auto", "cpu", "cuda"):
        raise ValueError(f"device must be auto, cpu or cuda, not {device!r}")
    if device == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        raise RuntimeError("device 'cuda' was asked for but torch sees no CUDA GPU")
    return "cpu"


def top_n(scores, n, exclude=None, owned=False):
    """Row-wise top ``n`` column indices and scores of a dense score matrix, best first.

    ``exclude`` is a CSR matrix of the same shape whose non-zero cells are never returned. With
    ``owned`` the caller hands over ``scores`` (a fresh float32 array), which is then masked in place.
    """
    if owned and isinstance(scores, np.ndarray) and scores.dtype == np.float32 and scores.flags.writeable:
        pass  # a fresh score matrix of the caller's: masked in place, no copy
    else:
        scores = np.array(scores, dtype=np.float32, copy=True)
    if exclude is not None and exclude.nnz:
        coo = exclude.tocoo()
        scores[coo.row, coo.col] = -np.inf
    n = max(0, min(n, scores.shape[1]))
    if n == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64), np.zeros((scores.shape[0], 0), dtype=np.float32)
    # The n largest sit at the end after partitioning at -n (no negated copy of the scores needed).
    part = np.argpartition(scores, scores.shape[1] - n, axis=1)[:, scores.shape[1] - n:]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    ids = np.take_along_axis(part, order, axis=1)
    return ids, np.take_along_axis(part_scores, order, axis=1)


def sparse_top_n(scores, n, exclude=None):
    """Row-wise top ``n`` of a sparse score matrix (CSR), best first: only its stored cells compete.

    For models whose scores are mostly zero (item-item neighbours): a dense selection would spend
    its time among the ties, and a zero is no recommendation anyway. ``exclude`` (CSR, same
    shape) holds cells never returned; stored zeros are dropped. Rows with fewer than ``n``
    candidates end in cells scoring -inf (column 0). Ties go to the lower column.
    """
    scores = scores.tocsr().astype(np.float64)
    if exclude is not None and exclude.nnz:
        # Excluded cells become exact zeros (a score minus itself), dropped below with the others.
        scores = (scores - scores.multiply(exclude.tocsr().astype(bool))).tocsr()
    scores.sum_duplicates()
    scores.eliminate_zeros()
    n_rows = scores.shape[0]
    n = max(0, min(n, scores.shape[1]))
    ids = np.zeros((n_rows, n), dtype=np.int64)
    best = np.full((n_rows, n), -np.inf, dtype=np.float32)
    if n == 0 or scores.nnz == 0:
        return ids, best
    rows = np.repeat(np.arange(n_rows), np.diff(scores.indptr))
    order = np.lexsort((scores.indices, -scores.data, rows))
    rank = np.arange(scores.nnz) - scores.indptr[rows[order]]
    keep = order[rank < n]
    rank = rank[rank < n]
    ids[rows[keep], rank] = scores.indices[keep]
    best[rows[keep], rank] = scores.data[keep]
    return ids, best


# The fallback asks the kernel for each row's excluded count more than n, rounded up to this step
# (rows of one width share a call), and checks exclusions in blocks of at most this many cells.
WIDTH_STEP = 8
EXCLUDE_BLOCK_CELLS = 1 << 22
QUERY_CHUNK = 8192


def factor_top_n(items, queries, n, exclude=None):
    """Row-wise top ``n`` of ``queries @ items.T`` without the dense score matrix, best first.

    implicit's kernel (a block of 100 rows of scores at a time, a selection per row, every core)
    does the work. ``exclude`` (CSR, queries x items) holds cells never returned. The kernel reads
    its filter one row at a time (``filter[row].indices``); a scipy row slice costs more than the
    scoring, so it gets a plain view of the CSR arrays instead. Should an implicit release read
    its filter otherwise, the rows ask for more and drop their excluded cells afterwards. Cells
    with nothing left to return score -inf, as in ``top_n``.
    """
    from implicit.cpu.topk import topk

    n = max(0, min(n, items.shape[0]))
    n_queries = len(queries)
    if n == 0 or not n_queries:
        return np.zeros((n_queries, n), dtype=np.int64), np.full((n_queries, n), -np.inf, dtype=np.float32)
    items = np.ascontiguousarray(items, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    if exclude is None or exclude.nnz == 0:
        found_ids, found_scores = topk(items, queries, n, num_threads=0)
        return found_ids.astype(np.int64), found_scores
    exclude = exclude.tocsr()
    try:
        found_ids, found_scores = topk(items, queries, n, filter_query_items=_RowView(exclude), num_threads=0)
    except (AttributeError, TypeError, ValueError):
        return _top_n_dropping_excluded(topk, items, queries, n, exclude)
    # The kernel marks filtered cells with the lowest float32.
    found_scores[found_scores <= np.finfo(np.float32).min] = -np.inf
    return found_ids.astype(np.int64), found_scores


class _RowView:
    """Rows of a CSR matrix as ``view[row].indices``, a slice of its arrays (no scipy matrix per row)."""

    __slots__ = ("indptr", "indices", "shape")

    def __init__(self, csr):
        self.indptr, self.indices, self.shape = csr.indptr, csr.indices, csr.shape

    def __getitem__(self, row):
        return _Row(self.indices[self.indptr[row]:self.indptr[row + 1]])


class _Row:
    __slots__ = ("indices",)

    def __init__(self, indices):
        self.indices = indices


def _top_n_dropping_excluded(topk, items, queries, n, exclude):
    """``factor_top_n`` through the kernel's documented interface alone (no filter given to it).

    Each row asks for as many more than ``n`` as it has excluded cells, and those are dropped
    afterwards (looked up in a dense block of flags).
    """
    n_items, n_queries = items.shape[0], len(queries)
    ids = np.zeros((n_queries, n), dtype=np.int64)
    scores = np.full((n_queries, n), -np.inf, dtype=np.float32)
    indptr, indices = exclude.indptr, exclude.indices
    counts = np.diff(indptr)
    widths = np.minimum(n_items, n + -(-counts // WIDTH_STEP) * WIDTH_STEP)
    flag_rows = max(1, EXCLUDE_BLOCK_CELLS // n_items)
    for start in range(0, n_queries, QUERY_CHUNK):
        stop = min(n_queries, start + QUERY_CHUNK)
        chunk_widths = widths[start:stop]
        found_ids = np.zeros((stop - start, chunk_widths.max()), dtype=np.int64)
        found_scores = np.full(found_ids.shape, -np.inf, dtype=np.float32)
        dropped = np.ones(found_ids.shape, dtype=bool)  # cells past a row's width count as dropped
        for width in np.unique(chunk_widths).tolist():
            rows = np.flatnonzero(chunk_widths == width)
            row_ids, row_scores = topk(items, queries[start + rows], width, num_threads=0)
            found_ids[rows, :width] = row_ids
            found_scores[rows, :width] = row_scores
            dropped[rows, :width] = False
        for low in range(start, stop, flag_rows):
            high = min(stop, low + flag_rows)
            flags = np.zeros((high - low, n_items), dtype=bool)
            flags[np.repeat(np.arange(high - low), counts[low:high]), indices[indptr[low]:indptr[high]]] = True
            block = slice(low - start, high - start)
            dropped[block] |= flags[np.arange(high - low)[:, None], found_ids[block]]
        # The first n cells that are not dropped, in score order (a stable sort of the flags).
        keep = np.argsort(dropped, axis=1, kind="stable")[:, :n]
        ids[start:stop] = np.take_along_axis(found_ids, keep, axis=1)
        kept = np.take_along_axis(found_scores, keep, axis=1)
        kept[np.take_along_axis(dropped, keep, axis=1)] = -np.inf
        scores[start:stop] = kept
    return ids, scores


class Recommender:
    """A model of which products a shopper will want next.

    Subclasses implement ``_fit`` and ``score`` (and ``item_scores`` for similar products); the
    rest (batched top-N, seen-item filtering, fold-in of a new shopper, save/load) is shared.
    Matrices are user x product CSR confidence matrices from ``recommend.data``.
    """

    name = ""
    # True when ``score`` and ``item_scores`` return a new float32 array on every call (top-N then
    # masks it in place instead of copying it).
    fresh_scores = False
    # Packages the algorithm imports; checked by the system checks (E005) when chosen in settings.
    required_packages = ()
    defaults = {}

    def __init__(self, device="cpu", **params):
        unknown = set(params) - set(self.defaults)
        if unknown:
            raise ValueError(f"{self.name}: unknown parameters {sorted(unknown)}; known: {sorted(self.defaults)}")
        self.params = {**self.defaults, **params}
        self.requested_device = device
        self.device = "cpu"
        self.fit_seconds = None
        self.n_items = 0

    def __repr__(self):
        return f"{type(self).__name__}({self.params})"

    # --- training -----------------------------------------------------------------------------

    def fit(self, user_items, progress=None):
        """Train on a user x product CSR matrix; returns self."""
        started = time.perf_counter()
        self.n_items = user_items.shape[1]
        self._fit(user_items.tocsr().astype(np.float32), progress=progress)
        self.fit_seconds = time.perf_counter() - started
        return self

    def _fit(self, user_items, progress=None):
        raise NotImplementedError

    def refresh_users(self, user_items):
        """Bring the shoppers' side of the model up to ``user_items`` (same rows and products); returns self.

        Training evaluates a model fitted without each shopper's held-out products and then serves
        that very model: this updates what it knows of the shoppers from their full history without
        touching what it learned about products. Models that score from the rows they are given
        (popularity, item-item, EASE) need nothing; factor models re-solve their user factors.
        """
        return self

    def estimated_bytes(self, n_users, n_items, nnz):
        """Rough peak memory of ``fit``, to keep the search within the memory budget."""
        return 16 * nnz + 8 * (n_users + n_items)

    # --- scoring ------------------------------------------------------------------------------

    def score(self, user_ids, user_items):
        """Dense scores (len(user_ids) x n_items). ``user_items`` holds those users' rows."""
        raise NotImplementedError

    def item_scores(self, item_ids):
        """Dense similarity of the given products to every product (len(item_ids) x n_items)."""
        raise NotImplementedError

    def recommend(self, user_ids, user_items, n=10, exclude_seen=True):
        """Top ``n`` products for training users; returns (product columns, scores) arrays."""
        user_ids = np.asarray(user_ids, dtype=np.int64)

        def batch(start):
            rows = user_items[start:start + BATCH_USERS]
            scores = self.score(user_ids[start:start + BATCH_USERS], rows)
            return top_n(scores, n, exclude=rows if exclude_seen else None, owned=self.fresh_scores)

        return self._in_batches(batch, len(user_ids), n)

    def similar_items(self, item_ids, n=10):
        """Top ``n`` products most like each given product (never the product itself)."""
        item_ids = np.asarray(item_ids, dtype=np.int64)

        def batch(start):
            ids = item_ids[start:start + BATCH_USERS]
            scores = np.array(self.item_scores(ids), dtype=np.float32, copy=not self.fresh_scores)
            scores[np.arange(len(ids)), ids] = -np.inf
            return top_n(scores, n, owned=True)

        return self._in_batches(batch, len(item_ids), n)

    def _in_batches(self, batch, count, n):
        """Stack ``batch(start)`` for every block of BATCH_USERS rows.

        (Factor models take their top-N from implicit's multithreaded kernel instead; see
        ``factor_top_n``.)
        """
        results = [batch(start) for start in range(0, count, BATCH_USERS)]
        if not results:
            return np.zeros((0, n), dtype=np.int64), np.zeros((0, n), dtype=np.float32)
        return np.vstack([ids for ids, _ in results]), np.vstack([scores for _, scores in results])

    def recalculate_user(self, item_ids, weights=None, n=10):
        """Recommendations for a shopper the model never saw, from the products they interacted with.

        This is the fold-in used for anonymous sessions: the items are turned into one matrix row
        and scored without retraining.
        """
        row = self._row(item_ids, weights)
        scores = self.fold_in_scores(row)
        ids, best = top_n(scores[None, :], n, exclude=row)
        return ids[0], best[0]

    def fold_in_scores(self, row):
        """Scores for one new user row (1 x n_items CSR)."""
        return self.score(np.array([-1]), row)[0]

    def _row(self, item_ids, weights=None):
        from scipy import sparse

        item_ids = np.asarray([i for i in item_ids if 0 <= i < self.n_items], dtype=np.int64)
        values = np.ones(len(item_ids), dtype=np.float32) if weights is None else np.asarray(weights, np.float32)
        row = sparse.csr_matrix((values[: len(item_ids)], (np.zeros(len(item_ids), dtype=np.int64), item_ids)),
                                shape=(1, self.n_items), dtype=np.float32)
        row.sum_duplicates()
        return row

    # --- persistence --------------------------------------------------------------------------

    def save(self, directory):
        """Write the model into ``directory`` (created): meta.json plus the algorithm's own files."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self._save(directory)
        meta = {"name": self.name, "params": self.params, "device": self.device, "n_items": self.n_items,
                "fit_seconds": self.fit_seconds}
        (directory / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, directory):
        """Read a model written by ``save``; the algorithm comes from meta.json."""
        from marketing_ai.recommend.algorithms import algorithm_class

        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text())
        model = algorithm_class(meta["name"])(device="cpu", **meta["params"])
        model.n_items = meta["n_items"]
        model.fit_seconds = meta.get("fit_seconds")
        model._load(directory)
        return model

    def _save(self, directory):
        raise NotImplementedError

    def _load(self, directory):
        raise NotImplementedError


class FactorModel(Recommender):
    """Shared scoring for models with user and item factor matrices (numpy, on CPU)."""

    user_factors = None
    item_factors = None
    fresh_scores = True

    def score(self, user_ids, user_items):
        user_ids = np.asarray(user_ids)
        if len(user_ids) and user_ids.min() >= 0:
            users = self.user_factors[user_ids]
        else:
            users = np.vstack([self._fold_in_factors(user_items[i]) for i in range(user_items.shape[0])])
        return users @ self.item_factors.T

    def item_scores(self, item_ids):
        normed = self._normed_items()
        return normed[item_ids] @ normed.T

    def _normed_items(self):
        norms = np.linalg.norm(self.item_factors, axis=1)
        norms[norms == 0] = 1.0
        return self.item_factors / norms[:, None]

    def recommend(self, user_ids, user_items, n=10, exclude_seen=True):
        user_ids = np.asarray(user_ids, dtype=np.int64)
        if len(user_ids) and user_ids.min() < 0:  # shoppers the model never saw: fold-in per row
            return super().recommend(user_ids, user_items, n=n, exclude_seen=exclude_seen)
        return factor_top_n(self.item_factors, self.user_factors[user_ids], n,
                            exclude=user_items if exclude_seen else None)

    def similar_items(self, item_ids, n=10):
        from scipy import sparse

        item_ids = np.asarray(item_ids, dtype=np.int64)
        normed = self._normed_items()
        itself = sparse.csr_matrix((np.ones(len(item_ids), dtype=np.float32), (np.arange(len(item_ids)), item_ids)),
                                   shape=(len(item_ids), normed.shape[0]))
        return factor_top_n(normed, normed[item_ids], n, exclude=itself)

    def fold_in_scores(self, row):
        return self._fold_in_factors(row) @ self.item_factors.T

    def _fold_in_factors(self, row):
        """Least-squares user factors for one row, as one ALS half-step would give (implicit's recalculate_user)."""
        y = self.item_factors.astype(np.float64)
        regularization = float(self.params.get("regularization", 0.01))
        alpha = float(self.params.get("alpha", 1.0))
        a = y.T @ y + regularization * np.eye(y.shape[1])
        b = np.zeros(y.shape[1])
        for col, value in zip(row.indices, row.data):
            confidence = alpha * float(value)
            a += (confidence - 1.0) * np.outer(y[col], y[col])
            b += confidence * y[col]
        return np.linalg.solve(a, b).astype(np.float32)

    def estimated_bytes(self, n_users, n_items, nnz):
        factors = int(self.params.get("factors", 64)) + 1
        return 4 * factors * (n_users + n_items) * 3 + 16 * nnz
