"""Moderation throughput on CPU: reviews per second for the whole pipeline, with and without embeddings.

    python bench/moderation_throughput.py [--reviews 5000] [--embedding-reviews 1000] [--batch 500]

Reviews are written by the demo seed's own review writers (genuine praise and criticism, spam,
profanity, personal data). The baseline, measured in the same run, is the same pipeline called one
review at a time; the ratio shows what batching the models buys. "service + DB" moderates seeded
reviews end to end through the shop adapter into ModerationDecision rows (in-memory SQLite).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_shop.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def sample_reviews(count, random_seed=42):
    """(rating, title, body, ProductData) tuples from the seed's writers, in the seed's proportions."""
    from demo_shop import seed
    from marketing_ai.shop import ProductData

    rng = random.Random(random_seed)
    kinds = ["positive"] * 55 + ["negative"] * 22 + ["neutral"] * 5 + ["profanity"] * 7 + ["personal_data"] * 7
    kinds += ["spam"] * 10
    author = SimpleNamespace(first_name="Anna", last_name="Berg")
    catalogue = []
    for index in range(300):  # a catalogue of 300 products, as in the demo; reviews share them
        spec = rng.choice(seed.CATEGORIES)
        attributes = {"material": rng.choice(spec.materials), "colour": rng.choice(spec.colours),
                      "brand": rng.choice(spec.brands), "features": list(spec.features[:2])}
        shop_product = SimpleNamespace(attributes=attributes, category=SimpleNamespace(name=spec.name), price="49.95")
        data = ProductData(id=str(index), title=f"{attributes['brand']} {spec.noun}", attributes=attributes,
                           category=spec.name)
        catalogue.append((shop_product, data))
    rows = []
    for _index in range(count):
        shop_product, data = rng.choice(catalogue)
        kind = rng.choice(kinds)
        writer = seed._spam if kind == "spam" else seed.REVIEW_WRITERS[kind]
        rating, title, body = writer(rng, shop_product, author)
        rows.append((rating, title, body, data))
    return rows


def run_pipeline(pipeline, rows, batch):
    started = time.perf_counter()
    decided = 0
    for offset in range(0, len(rows), batch):
        prepared = [pipeline.prepare(body, title=title, rating=rating, product=product, review_id=str(offset + i))
                    for i, (rating, title, body, product) in enumerate(rows[offset:offset + batch])]
        results = pipeline.run([p[0] for p in prepared], [p[1] for p in prepared])
        decided += len(results)
    return decided / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--baseline-reviews", type=int, default=500, help="reviews for the one-at-a-time baseline")
    parser.add_argument("--embedding-reviews", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--no-db", action="store_true", help="skip the end-to-end service + database run")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import override_settings

    from marketing_ai.moderation.pipeline import ModerationPipeline

    rows = sample_reviews(max(args.reviews, args.embedding_reviews))
    pipeline = ModerationPipeline.from_settings(classifier=None)
    run_pipeline(pipeline, rows[:200], args.batch)  # warm up: load the profanity model once
    batched = run_pipeline(pipeline, rows[:args.reviews], args.batch)
    single = run_pipeline(pipeline, rows[:args.baseline_reviews], 1)
    print(f"pipeline, no embeddings, batches of {args.batch}: {batched:8.0f} reviews/s "
          f"({args.reviews} reviews; target >= 500: {'PASS' if batched >= 500 else 'FAIL'})")
    print(f"baseline, same pipeline one review at a time:  {single:8.0f} reviews/s  -> ratio {batched / single:.1f}x")

    from django.conf import settings

    with override_settings(MARKETING_AI={**settings.MARKETING_AI, "MODERATION_EMBEDDINGS": True}):
        from marketing_ai import embeddings

        if embeddings.is_available():
            with_embeddings = ModerationPipeline.from_settings(classifier=None)
            run_pipeline(with_embeddings, rows[:64], 64)  # warm up: load MiniLM once
            rate = run_pipeline(with_embeddings, rows[:args.embedding_reviews], args.batch)
            print(f"pipeline, with MiniLM embeddings:               {rate:8.0f} reviews/s "
                  f"({args.embedding_reviews} reviews; {rate / batched:.2f}x of without)")
            # What MiniLM alone manages on this machine right now: the ceiling of the line above.
            texts = [f"{body} ({index})" for index, (_r, _t, body, _p) in enumerate(rows[:300])]
            started = time.perf_counter()
            embeddings.embed(texts)
            raw = len(texts) / (time.perf_counter() - started)
            print(f"baseline, MiniLM embed() alone:                 {raw:8.0f} texts/s   -> pipeline/raw "
                  f"{rate / raw:.2f}")
        else:
            print("pipeline, with embeddings: skipped (sentence-transformers or the model is not installed)")

    if not args.no_db:
        from django.core.management import call_command

        from demo_shop.models import Review
        from demo_shop.seed import seed_shop
        from marketing_ai.moderation.service import moderate_reviews

        call_command("migrate", verbosity=0)
        seed_shop(seed=42, products=300, customers=2000)
        reviews = list(Review.objects.order_by("pk"))
        started = time.perf_counter()
        decisions = moderate_reviews(reviews, force=True, batch_size=args.batch)
        rate = len(decisions) / (time.perf_counter() - started)
        print(f"service + DB (adapter, decisions, hide/show):   {rate:8.0f} reviews/s ({len(decisions)} seeded reviews)")


if __name__ == "__main__":
    main()
