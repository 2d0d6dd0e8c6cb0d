"""GPU benchmark (prepared; run it on an NVIDIA machine): torch ALS on CUDA vs implicit ALS on CPU, and EASE on CUDA.

    python bench/recs_gpu.py [--users 200000 --items 50000 --interactions 10000000] [--iterations 3]

Prints seconds per ALS iteration for factors 64 and 128 (torch on CUDA, implicit on all CPU cores,
both on the same synthetic matrix built in this run) and their ratio, then EASE fit seconds on CUDA for
a 20k- and a 50k-product catalogue. Targets from issue #3: ratio >= 10x and < 50 ms per iteration at
64 factors; EASE under 10 s for 50k products. Exits with a clear message where torch sees no CUDA.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def synthetic(users, items, interactions, seed=0):
    """A user x item matrix with power-law item popularity, ``interactions`` non-zeros (before de-duplication)."""
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(seed)
    rows = rng.integers(0, users, interactions, dtype=np.int64)
    popularity = 1.0 / np.arange(1, items + 1) ** 0.8
    cols = rng.choice(items, size=interactions, p=popularity / popularity.sum()).astype(np.int64)
    matrix = sparse.csr_matrix((np.ones(interactions, dtype=np.float32), (rows, cols)), shape=(users, items))
    matrix.sum_duplicates()
    return matrix


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--ease-sizes", default="20000,50000")
    args = parser.parse_args()

    import torch

    if not torch.cuda.is_available():
        print("bench/recs_gpu.py: torch sees no CUDA GPU here (torch %s, CUDA build: %s); nothing measured. "
              "Run it on an NVIDIA machine." % (torch.__version__, torch.version.cuda or "none"))
        return 2
    import numpy as np
    from threadpoolctl import threadpool_limits

    from marketing_ai.recommend.algorithms.torch_als import TorchALS

    print(f"GPU: {torch.cuda.get_device_name(0)}; CPU threads for implicit: {os.cpu_count()}")
    tick = time.perf_counter()
    matrix = synthetic(args.users, args.items, args.interactions)
    print(f"synthetic matrix {matrix.shape}, {matrix.nnz} non-zeros in {time.perf_counter() - tick:.1f}s")

    for factors in (64, 128):
        # Warm-up: CUDA context, kernels.
        TorchALS(device="cuda", factors=factors, iterations=1).fit(matrix[:1000])
        torch.cuda.synchronize()
        model = TorchALS(device="cuda", factors=factors, iterations=args.iterations)
        tick = time.perf_counter()
        model.fit(matrix)
        torch.cuda.synchronize()
        gpu_per_iteration = (time.perf_counter() - tick) / args.iterations

        from implicit.cpu.als import AlternatingLeastSquares

        cpu = AlternatingLeastSquares(factors=factors, iterations=args.iterations, random_state=0)
        with threadpool_limits(1, "blas"):
            tick = time.perf_counter()
            cpu.fit(matrix, show_progress=False)
        cpu_per_iteration = (time.perf_counter() - tick) / args.iterations
        print(f"ALS factors={factors}: torch CUDA {1000 * gpu_per_iteration:.1f} ms/iteration, implicit CPU "
              f"{1000 * cpu_per_iteration:.1f} ms/iteration, ratio {cpu_per_iteration / gpu_per_iteration:.1f}x "
              f"(loss {model.loss_history[0]:.5f} -> {model.loss_history[-1]:.5f})")

    from marketing_ai.recommend.algorithms.ease import EASE

    for size in (int(s) for s in args.ease_sizes.split(",")):
        x = synthetic(max(size * 4, 100_000), size, max(size * 100, 2_000_000), seed=1)
        torch.cuda.empty_cache()
        tick = time.perf_counter()
        model = EASE(device="cuda", lambda_=500.0).fit(x)
        torch.cuda.synchronize()
        print(f"EASE {size} products ({x.nnz} non-zeros): {time.perf_counter() - tick:.2f}s on {model.device}, "
              f"weights {model.weights.shape}, finite: {bool(np.isfinite(model.weights).all())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
