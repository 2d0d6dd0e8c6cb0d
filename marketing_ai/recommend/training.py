"""The train service: build the matrix, search, evaluate on a holdout, and swap only if better.

The candidate is fitted once, on the training part of the holdout split; if it wins, that very
model serves, with its shoppers' side refreshed from their full history (``refresh_users``), so
what serves is what was evaluated and the fit is not paid twice.

A run never changes what is served until its very last step: model files are written to a
folder of their own and lists are stored under the run's id while the old run keeps serving;
then one transaction moves ``is_serving``. A run that fails or is killed before that leaves the
serving model untouched.
"""

import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketing_ai.conf import app_settings
from marketing_ai.recommend.models import RecommendationList, RecommenderRun
from marketing_ai.recommend import cache, storage
from marketing_ai.recommend.algorithms import make_recommender
from marketing_ai.recommend.data import matrix_from_interactions
from marketing_ai.recommend.evaluate import evaluate_model, evaluation_users, split_per_user
from marketing_ai.recommend.lists import (bought_together_lists, new_trending_scores, product_categories,
                                          trending_lists)
from marketing_ai.recommend.search import search

logger = logging.getLogger(__name__)

class TrainingError(Exception):
    """Training cannot start or go on, for a reason shown to the person who asked."""


def model_dir():
    """Where model files live: RECOMMEND_MODEL_DIR, or MEDIA_ROOT/marketing_ai/models."""
    configured = app_settings.RECOMMEND_MODEL_DIR
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT or ".") / "marketing_ai" / "models"


def serving_run():
    """The run whose lists are served now, or None."""
    return RecommenderRun.objects.filter(is_serving=True).first()


def train_recommender(algorithms=None, budget_seconds=None, device=None, progress=None, user=None, job=None,
                      seed=42):
    """Train, evaluate and (if it wins) serve a new model. Returns the ``RecommenderRun``."""
    algorithms = list(algorithms or app_settings.RECOMMEND_ALGORITHMS)
    if "popularity" not in algorithms:
        algorithms.insert(0, "popularity")
    device = device or app_settings.RECOMMEND_DEVICE
    budget_seconds = app_settings.RECOMMEND_SEARCH_SECONDS if budget_seconds is None else budget_seconds
    report = progress or (lambda percent, message=None: None)
    run = RecommenderRun.objects.create(job=job, started_by=user if getattr(user, "is_authenticated", False) else None)
    started = time.perf_counter()
    try:
        _train(run, algorithms, budget_seconds, device, report, seed)
    except Exception as exc:
        run.status = RecommenderRun.Status.FAILED
        run.reason = str(exc) if isinstance(exc, TrainingError) else f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.duration_seconds = time.perf_counter() - started
        run.save(update_fields=["status", "reason", "finished_at", "duration_seconds"])
        if not isinstance(exc, TrainingError):
            logger.exception("marketing_ai: recommender run %s failed", run.pk)
        return run
    run.duration_seconds = time.perf_counter() - started
    run.save(update_fields=["duration_seconds"])
    return run


def _train(run, algorithms, budget_seconds, device, report, seed):
    k = app_settings.RECOMMEND_K
    report(2, _("Reading interactions"))
    trending = new_trending_scores()
    data = matrix_from_interactions(trending=trending)
    data.trending = trending.scores
    run.n_users, run.n_products = data.shape
    run.n_interactions = data.nnz
    run.save(update_fields=["n_users", "n_products", "n_interactions"])
    if data.nnz == 0 or data.shape[0] < 2 or data.shape[1] < 2:
        raise TrainingError(_("Not enough interactions to train on yet (%(n)d recorded).") % {"n": data.nnz})
    train, test = split_per_user(data.matrix, app_settings.RECOMMEND_TEST_FRACTION, seed=seed)
    if test.nnz == 0:
        raise TrainingError(_("No shopper has two products yet, so nothing can be held out to evaluate on."))

    choices = [name for name in algorithms if name != "popularity"]
    if len(choices) == 1 and budget_seconds <= 0:
        # One algorithm and no search time: nothing to choose on a validation split. The holdout
        # below still compares its defaults with popularity (and the serving model).
        name, params, trials = choices[0], {}, []
    else:
        report(10, _("Searching parameters"))
        found = search(train, algorithms, k=k, seed=seed, budget_seconds=budget_seconds,
                       memory_bytes=app_settings.RECOMMEND_MEMORY_MB * 2**20, device=device,
                       eval_users=app_settings.RECOMMEND_EVAL_USERS,
                       progress=lambda pct, msg: report(10 + 0.5 * pct, msg))
        name = found.selected
        params = found.best[name].params if name in found.best else {}
        trials = found.trials
    run.algorithm, run.params = name, params

    report(62, _("Evaluating %(name)s on the holdout") % {"name": name})
    candidate = make_recommender(name, device=device, **params).fit(train)
    # Every model is scored on the same shoppers: at most RECOMMEND_EVAL_USERS of those with held-out products.
    users = evaluation_users(test, app_settings.RECOMMEND_EVAL_USERS, seed=seed)
    metrics = {"k": k, "users": len(users), "candidate": evaluate_model(candidate, train, test, k=k, users=users)}
    metrics["popularity"] = evaluate_model(make_recommender("popularity").fit(train), train, test, k=k, users=users)
    metrics["data"] = _data_fingerprint(trending)
    current = serving_run()
    if current is not None and current.algorithm == name and (current.params or {}) == (params or {}):
        # A retrain of the serving configuration: a refit of it on this split would be the candidate
        # itself, so there is nothing to beat; it replaces the old one when there is newer data.
        metrics["serving"] = {"run": current.pk, "same_configuration": True,
                              "data": (current.metrics or {}).get("data")}
    elif current is not None and current.algorithm:
        # The serving model's configuration, refitted on this run's training part: the same holdout for both.
        try:
            previous = make_recommender(current.algorithm, device=device, **current.params).fit(train)
            metrics["serving"] = {**evaluate_model(previous, train, test, k=k, users=users), "run": current.pk}
        except Exception as exc:  # a configuration that no longer fits counts as beaten
            metrics["serving"] = {"run": current.pk, "error": str(exc)}
    metrics["search"] = [{"algorithm": t.algorithm, "params": t.params, "ndcg": t.ndcg, "fit_seconds": t.fit_seconds,
                          "skipped": t.skipped} for t in trials]
    run.metrics = metrics
    run.save(update_fields=["algorithm", "params", "metrics"])

    refusal = _why_not_better(name, metrics, current, k)
    if refusal:
        report(85, _("Storing bought-together and trending lists"))
        _store_shop_lists(run, data)
        run.status = RecommenderRun.Status.REJECTED
        run.reason = refusal
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "reason", "finished_at"])
        report(100, refusal)
        return

    # The evaluated model itself serves, not a refit on everything: its product side is exactly
    # what won on the holdout, and the customers' side is brought up to their full history
    # (the held-out part included) by one user half-step, as a new shopper's fold-in would be.
    report(70, _("Updating %(name)s with every customer's full history") % {"name": name})
    final = candidate.refresh_users(data.matrix)
    run.device = final.device
    # Run ids start again in a new database: the timestamp and a random part keep old files safe.
    folder = model_dir() / f"run-{run.pk}-{run.created_at:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    partial = folder.with_name(folder.name + ".partial")
    final.save(partial)
    partial.rename(folder)
    run.model_path = str(folder)
    run.save(update_fields=["device", "model_path"])

    report(80, _("Storing top-N lists"))
    _store_lists(run, final, data)

    with transaction.atomic():
        RecommenderRun.objects.filter(is_serving=True).exclude(pk=run.pk).update(is_serving=False)
        run.is_serving = True
        run.status = RecommenderRun.Status.SUCCEEDED
        run.finished_at = timezone.now()
        run.reason = _("Popularity serves: no model beat it (nDCG@%(k)d %(new).4f).") % {
            "k": k, "new": metrics["candidate"]["ndcg"]} if name == "popularity" else _(
            "nDCG@%(k)d %(new).4f beats popularity %(pop).4f%(serving)s.") % {
            "k": k, "new": metrics["candidate"]["ndcg"], "pop": metrics["popularity"]["ndcg"],
            "serving": _(" and the serving model %(old).4f") % {"old": metrics["serving"]["ndcg"]}
            if "ndcg" in metrics.get("serving", {}) else ""}
        run.save(update_fields=["is_serving", "status", "finished_at", "reason"])
        transaction.on_commit(cache.invalidate)
    report(100, run.reason)


def _data_fingerprint(read):
    """How many weighted events the read saw and the newest one's time: tells a retrain whether anything is new.

    ``read`` is the ``TrendingScores`` that training's one pass over the log filled.
    """
    return {"events": read.events, "latest": read.latest.isoformat() if read.latest else None}


def _why_not_better(name, metrics, current, k):
    """The reason the candidate must not serve, or "" when it may."""
    new = metrics["candidate"]["ndcg"]
    popularity = metrics["popularity"]["ndcg"]
    if name != "popularity" and new <= popularity:
        return _("nDCG@%(k)d %(new).4f does not beat popularity %(pop).4f; the previous model keeps serving.") % {
            "k": k, "new": new, "pop": popularity}
    if name == "popularity" and current is not None:
        return _("Only popularity won the search; the previous model keeps serving.")
    serving = metrics.get("serving", {})
    if serving.get("same_configuration"):
        if serving.get("data") == metrics.get("data"):
            return _("No new interactions since run %(run)s, which has the same configuration; it keeps "
                     "serving.") % {"run": serving["run"]}
        return ""
    if "ndcg" in serving and new <= serving["ndcg"]:
        return _("nDCG@%(k)d %(new).4f does not beat the serving model (run %(run)s) at %(old).4f; it keeps "
                 "serving.") % {"k": k, "new": new, "run": serving["run"], "old": serving["ndcg"]}
    return ""


def _store_lists(run, model, data):
    """Write the run's user, similar, bought-together, trending and popular lists."""
    import numpy as np

    n = app_settings.RECOMMEND_TOP_N
    shop_lists = _shop_lists(data)  # queries first: the writer's COPY holds the connection
    customers = np.array([row for row, key in enumerate(data.user_keys) if key.startswith("u:")], dtype=np.int64)
    with storage.ListWriter(run) as writer:
        if len(customers):
            ids, scores = model.recommend(customers, data.matrix[customers], n=n, exclude_seen=True)
            # Customers' lists serve in their order; their scores are read nowhere, so not stored.
            writer.top_n(RecommendationList.Kind.USER, [data.user_keys[row] for row in customers.tolist()],
                         ids, scores, data.product_ids, keep_scores=False)
            del ids, scores
        ids, scores = model.similar_items(np.arange(len(data.product_ids)), n=n)
        writer.top_n(RecommendationList.Kind.SIMILAR, data.product_ids, ids, scores, data.product_ids)
        for kind, lists in shop_lists:
            writer.lists(kind, lists)
    run.shop_lists_at = timezone.now()
    run.save(update_fields=["shop_lists_at"])


def _store_shop_lists(run, data):
    """Write the lists that come from the shop's data: bought together, trending, popular."""
    shop_lists = _shop_lists(data)
    with storage.ListWriter(run) as writer:
        for kind, lists in shop_lists:
            writer.lists(kind, lists)
    run.shop_lists_at = timezone.now()
    run.save(update_fields=["shop_lists_at"])


def _shop_lists(data):
    """[(kind, [(key, [(product id, score), ...]), ...]), ...] from orders, recent events and the matrix."""
    import numpy as np

    n = app_settings.RECOMMEND_TOP_N
    together = list(bought_together_lists(n=n).items())
    trending = list(trending_lists(n=n, categories=product_categories(),
                                   scores=getattr(data, "trending", None)).items())
    popularity = np.asarray((data.matrix > 0).sum(axis=0)).ravel()
    top = np.argsort(-popularity, kind="stable")[:n]
    popular = [("", [(data.product_ids[i], popularity[i]) for i in top])]
    return [(RecommendationList.Kind.TOGETHER, together), (RecommendationList.Kind.TRENDING, trending),
            (RecommendationList.Kind.POPULAR, popular)]


def run_train_job(ctx, algorithms=None, budget_seconds=None, device=None):
    """Job handler: one training run. Safe to run twice: each run is a new record and swaps only if better."""
    from marketing_ai.models import Job

    job = Job.objects.filter(pk=ctx.job.pk).first()
    run = train_recommender(algorithms=algorithms, budget_seconds=budget_seconds, device=device,
                            progress=ctx.progress, user=ctx.job.created_by, job=job)
    ctx.progress(100, run.reason or run.get_status_display(), force=True)
    if run.status == RecommenderRun.Status.FAILED:
        from marketing_ai.jobs import JobError

        raise JobError(run.reason)
    return {"run": run.pk, "status": run.status, "algorithm": run.algorithm, "ndcg": run.ndcg}
