"""Memory: build the matrix from 10M synthetic interactions (streamed) and train implicit ALS; peak RSS.

    python bench/recs_memory.py [--interactions 10000000 --users 200000 --products 50000 --iterations 15]

The rows are generated one by one and fed to the same streaming matrix builder training uses
(``recommend.data.build_matrix``), then split per user and fitted with implicit ALS (64 factors) as
training's holdout step does. Prints seconds per stage and peak RSS from resource.getrusage, against
the raw size of the interactions (user, product, weight as int64/int64/float32) measured in the same
run. Target (issue #3): peak RSS <= 4 GB. The database read is not part of this one (see recs_pipeline.py).
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--iterations", type=int, default=15)
    args = parser.parse_args()
    import numpy as np

    from marketing_ai.recommend.algorithms import make_recommender
    from marketing_ai.recommend.data import build_matrix
    from marketing_ai.recommend.evaluate import split_per_user

    print(f"start: peak RSS {peak_mib():.0f} MiB")
    rng = np.random.default_rng(0)
    popularity = 1.0 / np.arange(1, args.products + 1) ** 0.8
    popularity /= popularity.sum()
    user_names = [f"u:{i}" for i in range(args.users)]
    product_names = [str(i) for i in range(args.products)]
    weights = np.array([1.0, 1.0, 1.0, 3.0, 5.0], dtype=np.float32)

    def rows():
        chunk = 1_000_000
        for start in range(0, args.interactions, chunk):
            n = min(chunk, args.interactions - start)
            users = rng.integers(0, args.users, n)
            items = rng.choice(args.products, size=n, p=popularity)
            values = weights[rng.integers(0, 5, n)]
            for u, i, w in zip(users.tolist(), items.tolist(), values.tolist()):
                yield user_names[u], product_names[i], w

    tick = time.perf_counter()
    data = build_matrix(rows())
    build = time.perf_counter() - tick
    raw_mib = args.interactions * (8 + 8 + 4) / 2**20
    print(f"matrix {data.shape[0]}x{data.shape[1]}, {data.nnz} non-zeros built in {build:.1f}s; "
          f"peak RSS {peak_mib():.0f} MiB (raw interactions {raw_mib:.0f} MiB)")
    tick = time.perf_counter()
    train, test = split_per_user(data.matrix, 0.2, seed=42)
    print(f"holdout split in {time.perf_counter() - tick:.1f}s; peak RSS {peak_mib():.0f} MiB")
    model = make_recommender("als", factors=64, iterations=args.iterations)
    model.fit(train)
    print(f"implicit ALS fit ({args.iterations} iterations, 64 factors) in {model.fit_seconds:.1f}s; "
          f"peak RSS {peak_mib():.0f} MiB")
    users = np.arange(min(10_000, data.shape[0]))
    tick = time.perf_counter()
    model.recommend(users, train[users], n=50)
    print(f"top-50 for {len(users)} users in {time.perf_counter() - tick:.1f}s; peak RSS {peak_mib():.0f} MiB "
          f"({peak_mib() / 1024:.2f} GiB; target <= 4 GiB)")


if __name__ == "__main__":
    main()
