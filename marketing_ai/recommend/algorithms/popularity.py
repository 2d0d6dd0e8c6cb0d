"""The baseline every model must beat: the most-interacted products for everyone."""

import numpy as np

from marketing_ai.recommend.algorithms.base import Recommender


class PopularityRecommender(Recommender):
    """Products ranked by how many shoppers interacted with them."""

    name = "popularity"
    defaults = {}

    def _fit(self, user_items, progress=None):
        self.popularity = np.asarray((user_items > 0).sum(axis=0), dtype=np.float32).ravel()

    def score(self, user_ids, user_items):
        return np.broadcast_to(self.popularity, (len(user_ids), self.n_items))

    def recommend(self, user_ids, user_items, n=10, exclude_seen=True):
        """The most popular products each user has not seen: one global ranking, no score matrix.

        Only the first ``n`` + (most products any of these users has seen) of the ranking can
        make a user's top ``n``, so only those columns are looked at.
        """
        user_items = user_items.tocsr()
        order = np.argsort(-self.popularity, kind="stable")
        seen = int(np.diff(user_items.indptr).max()) if exclude_seen and user_items.shape[0] else 0
        width = min(self.n_items, n + seen)
        if width >= self.n_items // 2:
            return super().recommend(user_ids, user_items, n=n, exclude_seen=exclude_seen)
        candidates = np.broadcast_to(order[:width], (user_items.shape[0], width))
        scores = np.broadcast_to(self.popularity[order[:width]], candidates.shape)
        hidden = np.zeros(candidates.shape, dtype=bool)
        if exclude_seen and user_items.nnz:
            # Mark seen candidates from the matrix's stored cells: O(non-zeros), no lookups.
            position = np.full(self.n_items, -1, dtype=np.int64)
            position[order[:width]] = np.arange(width)
            at = position[user_items.indices]
            rows = np.repeat(np.arange(user_items.shape[0]), np.diff(user_items.indptr))
            hit = at >= 0
            hidden[rows[hit], at[hit]] = True
        # Stable: unseen candidates keep their ranking order, seen ones go last.
        keep = np.argsort(hidden, axis=1, kind="stable")[:, :n]
        return np.take_along_axis(candidates, keep, axis=1), np.take_along_axis(scores, keep, axis=1).astype(np.float32)

    def item_scores(self, item_ids):
        return np.broadcast_to(self.popularity, (len(item_ids), self.n_items))

    def _save(self, directory):
        np.save(directory / "popularity.npy", self.popularity)

    def _load(self, directory):
        self.popularity = np.load(directory / "popularity.npy")
