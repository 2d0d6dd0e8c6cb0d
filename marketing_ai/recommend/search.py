"""A small bounded hyperparameter search on a validation split, within a time and memory budget.

Each algorithm has a short list of candidate parameters, defaults first; candidates are tried
round-robin across algorithms so that a tight budget still gives every algorithm its defaults.
The time budget is checked before each fit, so one fit may run past it; a candidate whose
estimated memory is over the budget is skipped and the reason kept.
"""

import importlib.util
import itertools
import logging
import time
from dataclasses import dataclass, field

from marketing_ai.recommend.algorithms import make_recommender
from marketing_ai.recommend.evaluate import evaluate_model, evaluation_users, split_per_user

logger = logging.getLogger(__name__)

SEARCH_SPACE = {
    "popularity": [{}],
    "als": [{"factors": 64}, {"factors": 128, "regularization": 0.05, "alpha": 2.0},
            {"factors": 32, "regularization": 0.1, "iterations": 25}, {"factors": 64, "alpha": 5.0}],
    "torch_als": [{"factors": 64}, {"factors": 128, "regularization": 0.05, "alpha": 2.0}],
    "bpr": [{"factors": 64}, {"factors": 128, "learning_rate": 0.05}],
    "item_cosine": [{"K": 20}, {"K": 100}],
    "item_bm25": [{"K": 20}, {"K": 100, "K1": 1.2, "B": 0.75}, {"K": 50, "K1": 1.0, "B": 0.5},
                  {"K": 200, "K1": 2.0, "B": 0.9}],
    "ease": [{"lambda_": 500.0}, {"lambda_": 200.0}, {"lambda_": 1000.0}, {"lambda_": 2000.0}],
}


@dataclass
class Trial:
    algorithm: str
    params: dict
    ndcg: float | None = None
    fit_seconds: float | None = None
    skipped: str = ""


@dataclass
class SearchResult:
    """The best parameters per algorithm and every trial, best first per algorithm."""

    best: dict = field(default_factory=dict)  # algorithm -> Trial
    trials: list = field(default_factory=list)

    @property
    def selected(self):
        """The winning algorithm name on the validation split (popularity only if nothing else ran)."""
        scored = [t for t in self.best.values() if t.ndcg is not None]
        return max(scored, key=lambda t: t.ndcg).algorithm if scored else "popularity"


def search(train, algorithms, k=10, seed=42, budget_seconds=60.0, memory_bytes=None, device="cpu",
           validation_fraction=0.2, progress=None, space=None, eval_users=None):
    """Search ``algorithms`` on a validation split of ``train``; returns a ``SearchResult``.

    Trials are scored on at most ``eval_users`` validation users (a fixed sample; None: all).
    """
    space = space or SEARCH_SPACE
    fit_part, validation = split_per_user(train, validation_fraction, seed=seed + 1)
    users = evaluation_users(validation, eval_users, seed=seed + 1)
    n_users, n_items = train.shape
    per_algorithm = [[(name, params) for params in space.get(name, [{}])] for name in algorithms]
    queue = [entry for round_ in itertools.zip_longest(*per_algorithm) for entry in round_ if entry is not None]
    result = SearchResult()
    started = time.perf_counter()
    for position, (name, params) in enumerate(queue):
        trial = Trial(name, dict(params))
        result.trials.append(trial)
        elapsed = time.perf_counter() - started
        if elapsed > budget_seconds and name in result.best:
            trial.skipped = "time budget spent"
            continue
        model = make_recommender(name, device=device, **params)
        missing = [package for package in model.required_packages if importlib.util.find_spec(package) is None]
        if missing:
            trial.skipped = f"needs {', '.join(missing)} (pip install 'marketing-ai[ml]')"
            continue
        if memory_bytes and model.estimated_bytes(n_users, n_items, train.nnz) > memory_bytes:
            trial.skipped = "over the memory budget"
            continue
        try:
            model.fit(fit_part)
        except (MemoryError, RuntimeError, ValueError) as exc:
            trial.skipped = f"failed: {exc}"
            logger.warning("recommendation search: %s %s failed: %s", name, params, exc)
            continue
        trial.fit_seconds = model.fit_seconds
        trial.ndcg = evaluate_model(model, fit_part, validation, k=k, users=users)["ndcg"]
        current = result.best.get(name)
        if current is None or trial.ndcg > current.ndcg:
            result.best[name] = trial
        if progress:
            progress(100 * (position + 1) / len(queue), f"{name} {params}: nDCG@{k} {trial.ndcg:.4f}")
    return result
