"""Recommendation algorithms behind one interface (``base.Recommender``).

``ALGORITHMS`` maps a short name (used in settings, runs and ``evaluate-recs`` output) to the dotted
path of its class; classes are imported only when asked for, so listing names stays light.
"""

from django.utils.module_loading import import_string

ALGORITHMS = {
    "popularity": "marketing_ai.recommend.algorithms.popularity.PopularityRecommender",
    "als": "marketing_ai.recommend.algorithms.implicit_models.ImplicitALS",
    "bpr": "marketing_ai.recommend.algorithms.implicit_models.ImplicitBPR",
    "item_cosine": "marketing_ai.recommend.algorithms.implicit_models.ItemKNNCosine",
    "item_bm25": "marketing_ai.recommend.algorithms.implicit_models.ItemKNNBM25",
    "ease": "marketing_ai.recommend.algorithms.ease.EASE",
    "torch_als": "marketing_ai.recommend.algorithms.torch_als.TorchALS",
}


def algorithm_class(name):
    """The Recommender class registered under ``name``; ValueError names the known ones."""
    if name not in ALGORITHMS:
        raise ValueError(f"unknown recommender algorithm {name!r}; known: {', '.join(sorted(ALGORITHMS))}")
    return import_string(ALGORITHMS[name])


def make_recommender(name, device="cpu", **params):
    """A new, unfitted recommender."""
    return algorithm_class(name)(device=device, **params)


def load_recommender(directory):
    """Load a recommender saved with ``Recommender.save(directory)``."""
    from marketing_ai.recommend.algorithms.base import Recommender

    return Recommender.load(directory)
