"""Compare every algorithm the way training chooses between them, on a holdout split.

Used by ``marketing_ai evaluate-recs`` and bench/recs_quality.py: the same matrix builder, search
and algorithms as training; the selection is made on a validation split carved out of the training
part, never on the test split it is scored on.
"""

import time

from marketing_ai.recommend.algorithms import make_recommender
from marketing_ai.recommend.evaluate import evaluate_model, split_per_user
from marketing_ai.recommend.search import search


def compare_algorithms(data, algorithms, split="random", test_fraction=0.2, k=10, seed=42, budget_seconds=120,
                       memory_bytes=None, device="cpu", report=None, eval_users=None):
    """Returns {"models": {name: metrics}, "selected": name, "params": {name: params}, ...}.

    ``data`` is an ``InteractionMatrix`` (with ``times`` for a time split). Each model is refitted
    on the whole training part with its best searched parameters and scored on every test user;
    the search scores its trials on ``eval_users`` validation users, as training does.
    """
    if split == "time" and data.times is None:
        raise ValueError("a time split needs a time column")
    if split == "time":
        train, test, _ = split_per_user(data.matrix, test_fraction, seed=seed, method="time", times=data.times)
    else:
        train, test = split_per_user(data.matrix, test_fraction, seed=seed)
    started = time.perf_counter()
    found = search(train, algorithms, k=k, seed=seed, budget_seconds=budget_seconds, memory_bytes=memory_bytes,
                   device=device, eval_users=eval_users,
                   progress=(lambda pct, msg: report(f"search: {msg}")) if report else None)
    search_seconds = time.perf_counter() - started
    models, params = {}, {}
    for name in algorithms:
        trial = found.best.get(name)
        if trial is None:
            continue
        model = make_recommender(name, device=device, **trial.params).fit(train)
        metrics = evaluate_model(model, train, test, k=k)
        metrics["fit_seconds"] = model.fit_seconds
        models[name] = metrics
        params[name] = trial.params
        if report:
            report(f"{name} {trial.params}: nDCG@{k} {metrics['ndcg']:.4f} ({model.fit_seconds:.2f}s)")
    selected = found.selected
    return {
        "models": {**models, "selected": dict(models[selected])} if selected in models else models,
        "selected": selected,
        "params": params,
        "k": k,
        "users": int(data.matrix.shape[0]),
        "products": int(data.matrix.shape[1]),
        "interactions": int(data.matrix.nnz),
        "search_seconds": search_seconds,
        "skipped": [{"algorithm": t.algorithm, "params": t.params, "reason": t.skipped}
                    for t in found.trials if t.skipped],
    }
