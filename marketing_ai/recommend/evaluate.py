"""Per-user holdout splits and top-k ranking metrics.

Definitions (standard): precision@k = hits / k; recall@k = hits / |held-out items|;
nDCG@k = DCG / ideal DCG with binary relevance; MAP@k = mean over hits of precision at the hit,
divided by min(k, |held-out|); coverage = distinct recommended products / catalogue size.
Products seen in training are never recommended.
"""

import numpy as np

METRIC_KEYS = ("precision", "recall", "ndcg", "map", "coverage")


def split_per_user(matrix, test_fraction=0.2, seed=42, method="random", times=None):
    """Split a CSR matrix into (train, test) by holding out part of each user's products.

    ``method`` "random" holds out a random ``test_fraction`` of each user's products; "time" holds
    out the latest ones (``times``: a CSR of the same pattern holding each cell's latest timestamp).
    Users with a single product keep it in train. Every user keeps at least one training product.
    """
    from scipy import sparse

    if not 0 < test_fraction < 1:
        raise ValueError("test fraction must be between 0 and 1")
    if method not in ("random", "time"):
        raise ValueError("split must be 'random' or 'time'")
    if method == "time" and times is None:
        raise ValueError("a time split needs a time column")
    matrix = matrix.tocsr()
    counts = np.diff(matrix.indptr)
    n_test = np.where(counts >= 2, np.minimum(counts - 1, np.maximum(1, np.round(test_fraction * counts))), 0)
    n_test = n_test.astype(np.int64)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    # Rank each user's products in one sort of the whole matrix: by row, then by a random key
    # (random: a uniform random subset of n_test) or by time (time: the latest n_test).
    if method == "random":
        key = np.random.default_rng(seed).random(matrix.nnz)
        order = np.argsort(rows + key, kind="stable")  # key < 1: rows stay apart
        rank = np.empty(matrix.nnz, dtype=np.int64)
        rank[order] = np.arange(matrix.nnz) - matrix.indptr[rows[order]]
        test_mask = rank < n_test[rows]
    else:
        # Ties in time go to the later column, as a stable sort of the row's times would give them.
        order = np.lexsort((np.arange(matrix.nnz), times.tocsr().data, rows))
        rank = np.empty(matrix.nnz, dtype=np.int64)
        rank[order] = np.arange(matrix.nnz) - matrix.indptr[rows[order]]
        test_mask = rank >= (counts - n_test)[rows]
    train = _keep(matrix, ~test_mask, rows)
    test = _keep(matrix, test_mask, rows)
    if times is not None:
        times = times.tocsr()
        return train, test, _keep(sparse.csr_matrix((times.data, matrix.indices, matrix.indptr), shape=matrix.shape),
                                  ~test_mask, rows)
    return train, test


def _keep(matrix, mask, rows):
    """The CSR matrix of ``matrix``'s cells where ``mask`` (one flag per stored cell) is set."""
    from scipy import sparse

    indptr = np.zeros(matrix.shape[0] + 1, dtype=matrix.indptr.dtype)
    np.cumsum(np.bincount(rows[mask], minlength=matrix.shape[0]), out=indptr[1:])
    return sparse.csr_matrix((matrix.data[mask], matrix.indices[mask], indptr), shape=matrix.shape)

def ranking_metrics(recommended, test, k, n_items):
    """Metrics of ``recommended`` (users x >=k product columns, best first) against ``test`` rows.

    Vectorised over users: hits are looked up in the test matrix in one sparse indexing call.
    A negative column is an empty cell (nothing left to recommend): never a hit, not covered.
    """
    recommended = np.asarray(recommended)[:, :k]
    test = test.tocsr()
    relevant = np.diff(test.indptr)
    keep = relevant > 0
    if not keep.any():
        return {"precision": 0.0, "recall": 0.0, "ndcg": 0.0, "map": 0.0, "coverage": 0.0}
    recommended, relevant = recommended[keep], relevant[keep]
    test = test[np.flatnonzero(keep)]
    n_users, width = recommended.shape
    rows = np.repeat(np.arange(n_users), width)
    filled = recommended >= 0
    cells = np.where(filled, recommended, 0).ravel()
    hits = (np.asarray(test[rows, cells] != 0).reshape(n_users, width) & filled).astype(np.float64)
    n_hits = hits.sum(axis=1)
    discounts = 1.0 / np.log2(np.arange(2, width + 2))
    ideal_discounts = np.concatenate([[0.0], np.cumsum(1.0 / np.log2(np.arange(2, k + 2)))])
    ideal = ideal_discounts[np.minimum(relevant, k)]
    precision_at_hit = np.cumsum(hits, axis=1) / np.arange(1, width + 1)
    return {
        "precision": float((n_hits / k).mean()),
        "recall": float((n_hits / relevant).mean()),
        "ndcg": float(((hits * discounts).sum(axis=1) / ideal).mean()),
        "map": float(((precision_at_hit * hits).sum(axis=1) / np.minimum(relevant, k)).mean()),
        "coverage": len(np.unique(recommended[filled])) / max(1, n_items),
    }


def evaluation_users(test, limit=None, seed=42):
    """The users with held-out products in ``test``; a random ``limit`` of them (in order) when there are more.

    Training compares models on such a sample (RECOMMEND_EVAL_USERS): scoring costs grow with
    users x products, and every model is scored on the same users, so the comparison stays paired.
    """
    users = np.flatnonzero(np.diff(test.tocsr().indptr) > 0)
    if limit and len(users) > limit:
        users = np.sort(np.random.default_rng(seed).choice(users, size=int(limit), replace=False))
    return users


def evaluate_model(model, train, test, k=10, users=None):
    """Fit-free evaluation of a fitted model: top-k for ``users`` (default: every user with held-out products)."""
    if users is None:
        users = evaluation_users(test)
    recommended, scores = model.recommend(users, train[users], n=k, exclude_seen=True)
    recommended = np.where(np.isfinite(scores), recommended, -1)  # cells with nothing left to recommend
    return ranking_metrics(recommended, test[users], k, train.shape[1])
