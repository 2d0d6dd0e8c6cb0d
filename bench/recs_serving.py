"""Serving overhead: the demo product page with the four recommendation tags against the same page without them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mai_recs python bench/recs_serving.py [--requests 300]

Seeds the demo shop, trains once, warms the cache, then times requests to product pages, alternating
the page with its tags and the page with the tags rendering nothing (same run, same database, same
cache). Prints p50/p90 of both, the p50 overhead in ms, and the extra queries per page.
Targets (issue #3): p50 overhead <= 3 ms and at most 2 extra queries.
"""

import argparse
import statistics
import time

from recs_db import bench_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--products", type=int, default=20, help="distinct product pages to cycle through")
    args = parser.parse_args()
    with bench_database() as connection:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from demo_shop.models import Product
        from demo_shop.seed import seed_shop
        from marketing_ai.recommend.training import train_recommender
        from marketing_ai.recommend.templatetags import marketing_ai_recommend as tags

        seed_shop()
        run = train_recommender(algorithms=["popularity", "ease", "item_bm25"], budget_seconds=20)
        assert run.is_serving, run.reason
        print(f"database: {connection.vendor}; run {run.pk}: {run.algorithm}, {run.status}, "
              f"nDCG {run.ndcg and round(run.ndcg, 4)}")
        client = Client()
        client.force_login(get_user_model().objects.filter(is_staff=False).order_by("pk").first())
        urls = [p.get_absolute_url() for p in Product.objects.filter(is_active=True).order_by("pk")[: args.products]]
        original = tags.RecommendationNode.render

        def page(url, with_tags):
            tags.RecommendationNode.render = original if with_tags else (lambda self, context: "")
            try:
                tick = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - tick
            finally:
                tags.RecommendationNode.render = original
            assert response.status_code == 200
            return elapsed, response

        for url in urls:  # warm the cache (and Django's template cache)
            page(url, True)
            page(url, False)
        # The debug query log is a bounded deque, full after seeding: empty it so captures count.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries_with:
            _, response = page(urls[0], True)
        shown = [t for t in ("Frequently bought together", "Similar products", "Recommended for you", "Trending now")
                 if t.encode() in response.content]
        print(f"tags shown on {urls[0]}: {', '.join(shown) or 'none'}")
        assert shown, "the recommendation tags rendered nothing"
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries_without:
            page(urls[0], False)
        timings = {True: [], False: []}
        for i in range(args.requests):
            url = urls[i % len(urls)]
            for with_tags in ((True, False) if i % 2 else (False, True)):
                timings[with_tags].append(page(url, with_tags)[0])

        def q(values, fraction):
            return sorted(values)[int(fraction * (len(values) - 1))] * 1000

        p50_with, p50_without = statistics.median(timings[True]) * 1000, statistics.median(timings[False]) * 1000
        print(f"requests: {args.requests} per variant over {len(urls)} product pages (warm cache)")
        print(f"with the four tags:    p50 {p50_with:.2f} ms, p90 {q(timings[True], 0.9):.2f} ms, "
              f"{len(queries_with)} queries")
        print(f"without them:          p50 {p50_without:.2f} ms, p90 {q(timings[False], 0.9):.2f} ms, "
              f"{len(queries_without)} queries")
        print(f"p50 overhead: {p50_with - p50_without:.2f} ms (ratio {p50_with / p50_without:.3f}); "
              f"extra queries: {len(queries_with) - len(queries_without)}")


if __name__ == "__main__":
    main()
