"""Recommendation quality on public data, through the same pipeline as training.

    python bench/recs_quality.py                       # ml-100k, random 80/20 per user, seed 42
    python bench/recs_quality.py --dataset lastfm      # hetrec2011-lastfm-2k, log(1 + plays) as weights
    python bench/recs_quality.py --dataset groceries   # Kaggle groceries, one row per purchase line

Data is read from ../shared/data (or --data / MARKETING_AI_DATA). Prints each model's metrics, the
automatically selected model, and the ratio of its nDCG@k to two baselines measured in this run:
popularity and a plain numpy EASE (lambda 500, the reference implementation of Steck 2019).
"""

import argparse
import json
import math
import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_shop.settings")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def ml100k_rows(folder):
    with open(folder / "ml-100k" / "u.data") as handle:
        for line in handle:
            user, item, _rating, stamp = line.split("\t")
            yield f"u{user}", item, 1.0, float(stamp)


def lastfm_rows(folder):
    with open(folder / "hetrec2011-lastfm-2k" / "user_artists.dat") as handle:
        for line in handle:
            user, artist, plays = line.strip().split("\t")
            # Play counts span 1..350k: log-scaling keeps one obsessive listener from dominating.
            yield f"u{user}", artist, math.log1p(float(plays)), 0.0


def groceries_rows(folder):
    with open(folder / "groceries-kaggle" / "Groceries_dataset.csv", encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            member, day, item = line.strip().split(",", 2)
            yield f"m{member}", item, 1.0, datetime.strptime(day, "%d-%m-%Y").timestamp()


DATASETS = {"ml-100k": ml100k_rows, "lastfm": lastfm_rows, "groceries": groceries_rows}


def numpy_ease(train, lambda_=500.0):
    """The reference EASE: dense numpy, float64, exactly as in the paper's listing."""
    import numpy as np

    x = (train > 0).astype(np.float64)
    gram = (x.T @ x).toarray()
    gram[np.diag_indices_from(gram)] += lambda_
    p = np.linalg.inv(gram)
    b = p / (-np.diag(p))
    b[np.diag_indices_from(b)] = 0.0
    return b


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="ml-100k")
    parser.add_argument("--data", default=os.environ.get("MARKETING_AI_DATA", str(ROOT.parent / "shared" / "data")))
    parser.add_argument("--algorithms", default="popularity,als,bpr,item_cosine,item_bm25,ease,torch_als")
    parser.add_argument("--budget", type=float, default=60.0, help="search time budget, seconds")
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np

    from marketing_ai.recommend.algorithms.base import top_n
    from marketing_ai.recommend.comparison import compare_algorithms
    from marketing_ai.recommend.data import build_matrix
    from marketing_ai.recommend.evaluate import ranking_metrics, split_per_user

    folder = Path(args.data)
    if not folder.is_dir():
        parser.error(f"no data folder {folder}; give --data or set MARKETING_AI_DATA")
    started = time.perf_counter()
    data = build_matrix(DATASETS[args.dataset](folder), with_times=True)
    build_seconds = time.perf_counter() - started
    result = compare_algorithms(data, args.algorithms.split(","), k=args.k, seed=args.seed,
                                budget_seconds=args.budget, memory_bytes=args.memory_mb * 2**20, device="cpu",
                                eval_users=5000,  # RECOMMEND_EVAL_USERS's default, as training and evaluate-recs
                                report=None if args.json else (lambda line: print("  " + line, file=sys.stderr)))
    result["build_seconds"] = build_seconds

    # Baseline: the paper's numpy EASE on the very same split.
    train, test = split_per_user(data.matrix, 0.2, seed=args.seed)
    if data.shape[1] <= 10_000:  # the float64 reference needs 3 x n^2 x 8 bytes
        tick = time.perf_counter()
        weights = numpy_ease(train)
        users = np.flatnonzero(np.diff(test.indptr) > 0)
        recommended, _ = top_n(((train[users] > 0).astype(np.float64) @ weights), args.k, exclude=train[users])
        baseline = ranking_metrics(recommended, test[users], args.k, data.shape[1])
        baseline["fit_seconds"] = time.perf_counter() - tick
        result["baselines"] = {"numpy_ease_500": baseline}
    selected = result["models"]["selected"]["ndcg"]
    result["ratios"] = {"selected_vs_popularity": selected / max(1e-9, result["models"]["popularity"]["ndcg"])}
    if "baselines" in result:
        result["ratios"]["selected_vs_numpy_ease"] = selected / max(1e-9, result["baselines"]["numpy_ease_500"]["ndcg"])
    if args.json:
        print(json.dumps(result))
        return
    k = args.k
    print(f"{args.dataset}: {result['users']} users, {result['products']} products, {result['interactions']} "
          f"interactions (matrix built in {build_seconds:.2f}s, search {result['search_seconds']:.1f}s)")
    print(f"{'model':<24}{'P@' + str(k):>9}{'R@' + str(k):>9}{'nDCG@' + str(k):>9}{'MAP@' + str(k):>9}"
          f"{'cov':>8}{'fit s':>9}  params")
    rows = [(name, m) for name, m in result["models"].items()] + list(result.get("baselines", {}).items())
    for name, m in rows:
        label = f"selected: {result['selected']}" if name == "selected" else name
        params = result["params"].get(name, "") if name != "selected" else ""
        print(f"{label:<24}{m['precision']:>9.4f}{m['recall']:>9.4f}{m['ndcg']:>9.4f}{m['map']:>9.4f}"
              f"{m['coverage']:>8.3f}{m['fit_seconds']:>9.2f}  {params}")
    for name, value in result["ratios"].items():
        print(f"ratio {name}: {value:.3f}")
    for entry in result["skipped"]:
        print(f"skipped {entry['algorithm']} {entry['params']}: {entry['reason']}")


if __name__ == "__main__":
    main()
