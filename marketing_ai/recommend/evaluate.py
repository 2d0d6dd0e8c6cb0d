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
    rng = np.random.default_rng(seed)
    test_mask = np.zeros(matrix.nnz, dtype=bool)
    indptr = matrix.indptr
    for user in range(matrix.shape[0]):
        start, end = indptr[user], indptr[user + 1]
        count = end - start
        if count < 2:
            continue
        n_test = min(count - 1, max(1, int(round(test_fraction * count))))
        if method == "random":
            chosen = rng.choice(count, size=n_test, replace=False)
        else:
            order = np.argsort(times.data[start:end], kind="stable")
            chosen = order[-n_test:]
        test_mask[start + chosen] = True
    coo = matrix.tocoo()
    train = sparse.csr_matrix((coo.data[~test_mask], (coo.row[~test_mask], coo.col[~test_mask])), shape=matrix.shape)
    test = sparse.csr_matrix((coo.data[test_mask], (coo.row[test_mask], coo.col[test_mask])), shape=matrix.shape)
    if times is not None:
        times_train = sparse.csr_matrix((times.tocoo().data[~test_mask], (coo.row[~test_mask], coo.col[~test_mask])),
                                        shape=matrix.shape)
        return train, test, times_train
    return train, test


def ranking_metrics(recommended, test, k, n_items):
    """Metrics of ``recommended`` (users x >=k product columns, best first) against ``test`` rows.

    Vectorised over users: hits are looked up in the test matrix in one sparse indexing call.
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
    hits = np.asarray(test[rows, recommended.ravel()] != 0).reshape(n_users, width).astype(np.float64)
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
        "coverage": len(np.unique(recommended)) / max(1, n_items),
    }


def evaluate_model(model, train, test, k=10):
    """Fit-free evaluation of a fitted model: top-k for every user with held-out products."""
    users = np.flatnonzero(np.diff(test.indptr) > 0)
    recommended, _ = model.recommend(users, train[users], n=k, exclude_seen=True)
    return ranking_metrics(recommended, test[users], k, train.shape[1])
