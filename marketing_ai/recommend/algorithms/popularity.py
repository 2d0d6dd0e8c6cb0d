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

    def item_scores(self, item_ids):
        return np.broadcast_to(self.popularity, (len(item_ids), self.n_items))

    def _save(self, directory):
        np.save(directory / "popularity.npy", self.popularity)

    def _load(self, directory):
        self.popularity = np.load(directory / "popularity.npy")
