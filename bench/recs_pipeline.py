"""Pipeline overhead: database -> trained -> top-N stored, against implicit's bare ``fit`` on the same matrix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mai_recs python bench/recs_pipeline.py [--interactions 1000000]

Builds a synthetic shop (products, customers, interactions with power-law popularity) in a throw-away
database, runs the whole training service once (``train_recommender``, what ``python manage.py
marketing_ai train`` runs) as a shop configured with ``RECOMMEND_ALGORITHMS=["als"]`` and
``RECOMMEND_SEARCH_SECONDS=0`` would (implicit ALS defaults, 64 factors; no search, holdout
evaluation against popularity, the evaluated model served), and in the same run times implicit's
bare ``fit`` on the matrix the service built, ``--repeat`` times (default 3), alternating, and
compares the medians (a shared 2-core machine varies by 20% from one fit to the next). The table is
analysed first (as autovacuum does in a shop) and the libraries imported (as in a worker after its
first job). ``--default-config`` trains with the default settings instead (every algorithm, the
default search budget). ``--keep`` keeps the database and reuses its shop next time. Prints each
stage's seconds (from the run's progress messages), the totals and the ratio. Also prints peak RSS
(resource.getrusage). Target (issue #3): ratio <= 2x.
"""

import argparse
import resource
import time

from recs_db import bench_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--products", type=int, default=5_000)
    parser.add_argument("--algorithm", default="als")
    parser.add_argument("--budget", type=float, default=0.0, help="search seconds (0: the algorithm's defaults)")
    parser.add_argument("--default-config", action="store_true",
                        help="train with the default settings (every algorithm, RECOMMEND_SEARCH_SECONDS)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database and reuse its shop next time (its old runs are dropped first)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="pipeline runs, each followed by a bare fit; medians are compared")
    args = parser.parse_args()
    with bench_database(keep=args.keep) as connection:
        from marketing_ai.models import Interaction
        from marketing_ai.recommend.models import RecommendationList, RecommenderRun
        from marketing_ai.recommend.training import train_recommender

        if args.keep and Interaction.objects.count() == args.interactions:
            # A throw-away bench database: earlier bench runs would otherwise be the serving model.
            print(f"database: {connection.vendor}; reusing the shop of {args.interactions} interactions")
        else:
            build_shop(args, connection)
        with connection.cursor() as cursor:
            # What autovacuum does to a shop's table in time: planner statistics for the new rows.
            cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" else cursor.execute("ANALYZE")
        # A warm worker, as django-q's are after their first job: the libraries are imported.
        import implicit.cpu.als  # noqa: F401
        import scipy.sparse  # noqa: F401

        from statistics import median

        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        from marketing_ai.recommend.data import matrix_from_interactions

        totals, bares = [], []
        for attempt in range(args.repeat):
            # Each pipeline run is a fresh first training (no serving model to compare with), and
            # each is followed by implicit's bare fit of the matrix it trained on.
            RecommenderRun.objects.all().delete()
            stages = []
            started = time.perf_counter()

            def progress(percent, message=None, force=False):
                if message and (not stages or stages[-1][1] != message):
                    stages.append((time.perf_counter() - started, str(message)))

            if args.default_config:
                run = train_recommender(progress=progress)
            else:
                run = train_recommender(algorithms=[args.algorithm], budget_seconds=args.budget, device="cpu",
                                        progress=progress)
            totals.append(time.perf_counter() - started)
            assert run.is_serving, run.reason
            stored = RecommendationList.objects.filter(run=run).count()

            matrix = matrix_from_interactions().matrix
            bare = AlternatingLeastSquares(factors=64, iterations=15, random_state=42)
            with threadpool_limits(1, "blas"):
                tick = time.perf_counter()
                bare.fit(matrix, show_progress=False)
                bares.append(time.perf_counter() - tick)
            print(f"run {attempt + 1}: pipeline {totals[-1]:.2f}s, bare fit {bares[-1]:.2f}s, "
                  f"ratio {totals[-1] / bares[-1]:.2f}x")

        previous = 0.0
        print("stages of the last run:")
        for at, message in stages:
            print(f"  {at:8.2f}s  (+{at - previous:6.2f})  {message}")
            previous = at
        print(f"pipeline ({run.algorithm} {run.params}, {stored} lists stored, matrix "
              f"{matrix.shape[0]}x{matrix.shape[1]}, {matrix.nnz} non-zeros): median {median(totals):.2f}s "
              f"of {args.repeat}")
        print(f"implicit bare fit: median {median(bares):.2f}s; ratio of medians {median(totals) / median(bares):.2f}x")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def build_shop(args, connection):
    """Products, customers and ``args.interactions`` events with power-law popularity and tastes."""
    from datetime import timedelta
    from decimal import Decimal

    import numpy as np
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from demo_shop.models import Category, Product
    from marketing_ai.models import Interaction

    tick = time.perf_counter()
    category = Category.objects.create(name="Bench", slug="bench")
    Product.objects.bulk_create(Product(category=category, name=f"P{i}", slug=f"p{i}", sku=f"S{i}",
                                        price=Decimal("1"), stock=1) for i in range(args.products))
    product_ids = list(Product.objects.values_list("pk", flat=True))
    User = get_user_model()
    User.objects.bulk_create(User(username=f"c{i:06d}") for i in range(args.customers))
    user_ids = list(User.objects.values_list("pk", flat=True))
    rng = np.random.default_rng(0)
    popularity = 1.0 / np.arange(1, len(product_ids) + 1) ** 0.8
    # Shoppers have tastes: each belongs to one of 50 groups and makes 80% of its events within
    # that group's 100 products, the rest across the whole catalogue by popularity.
    users = rng.integers(0, len(user_ids), args.interactions)
    items = rng.choice(len(product_ids), size=args.interactions, p=popularity / popularity.sum())
    in_group = rng.random(args.interactions) < 0.8
    group_item = (users % 50) * 100 + np.minimum(rng.geometric(0.05, args.interactions) - 1, 99)
    items = np.where(in_group, group_item % len(product_ids), items)
    types = np.array(["view", "view", "view", "add_to_cart", "purchase"])[rng.integers(0, 5, args.interactions)]
    now = timezone.now()
    batch = []
    for n in range(args.interactions):
        batch.append(Interaction(user_id=user_ids[users[n]], product_id=str(product_ids[items[n]]),
                                 event_type=types[n], occurred_at=now - timedelta(minutes=int(n % 40000))))
        if len(batch) == 10_000:
            Interaction.objects.bulk_create(batch)
            batch = []
    Interaction.objects.bulk_create(batch)
    print(f"database: {connection.vendor}; shop built in {time.perf_counter() - tick:.1f}s: "
          f"{args.products} products, {args.customers} customers, {args.interactions} interactions")


if __name__ == "__main__":
    main()
