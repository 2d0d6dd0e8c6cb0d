"""Reply latency of the shop assistant for catalog questions, with 10,000 synthetic products, on CPU.

Times the whole service call (route + skill + storing both messages) with no LLM phrasing. Two baselines are
measured in the same run on the same questions: a plain ORM keyword search (``name__icontains`` per word,
top 4), the cheapest thing a shop could do, and one bare embedding of the question, the floor of any
embedding-based answer on this machine, timed just before each reply so both see the same load. The
ratios of p95s are printed, with the machine's load average.

    python bench/assistant_latency.py [--products 10000] [--questions 300]
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOUNS = {"T-shirts": "Tee", "Mugs": "Mug", "Shoes": "Shoe", "Bags": "Backpack", "Lamps": "Lamp",
         "Cushions": "Cushion", "Jackets": "Jacket", "Socks": "Socks"}
MATERIALS = ["organic cotton", "linen", "merino wool", "stoneware", "leather", "canvas", "recycled polyester",
             "bamboo", "porcelain", "hemp", "nubuck", "glass"]
COLOURS = ["navy", "sand", "black", "white", "olive", "rust", "charcoal", "sky blue", "forest green", "mustard"]
STYLES = ["Relaxed", "Everyday", "Trail", "City", "Studio", "Heavyweight", "Travel", "Classic", "Slim", "Waffle"]
BRANDS = ["Nordwind", "Kestrel", "Harbour", "Saltmarsh", "Bramble", "Oakhaven", "Greyfield", "Alder Lane"]
FEATURES = ["waterproof", "machine washable", "vegan", "padded", "dishwasher safe", "recycled", "lightweight"]


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("TEST_WORKER_DB_NAME", ":memory:")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_catalog(count, rng):
    from demo_shop.models import Category, Product

    categories = [Category.objects.create(name=name, slug=name.lower().replace(" ", "-")) for name in NOUNS]
    rows = []
    for number in range(count):
        category = rng.choice(categories)
        brand, style, material, colour = (rng.choice(BRANDS), rng.choice(STYLES), rng.choice(MATERIALS),
                                          rng.choice(COLOURS))
        name = f"{brand} {style} {material.title()} {NOUNS[category.name]} {number}"
        rows.append(Product(
            category=category, name=name, slug=f"p-{number}", sku=f"SKU-{number}",
            price=Decimal(rng.randrange(500, 20000)) / 100, stock=rng.randrange(0, 50),
            description=f"A {style.lower()} {NOUNS[category.name].lower()} in {colour} {material} by {brand}.",
            attributes={"brand": brand, "material": material, "colour": colour,
                        "features": rng.sample(FEATURES, 2), "sizes": ["S", "M", "L"]},
        ))
    Product.objects.bulk_create(rows, batch_size=1000)
    return list(Product.objects.values_list("pk", "name"))


def questions(rng, products, count):
    templates = [
        lambda: f"do you have a {rng.choice(COLOURS)} {rng.choice(list(NOUNS.values())).lower()}?",
        lambda: f"show me {rng.choice(MATERIALS)} {rng.choice(list(NOUNS)).lower()} under {rng.randrange(20, 90)}",
        lambda: f"I'm looking for a {rng.choice(FEATURES)} {rng.choice(list(NOUNS.values())).lower()}",
        lambda: f"how much is the {rng.choice(products)[1]}",
        lambda: f"what is the {rng.choice(products)[1]} made of?",
        lambda: f"compare the {rng.choice(products)[1]} and the {rng.choice(products)[1]}",
    ]
    return [rng.choice(templates)() for _ in range(count)]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def baseline_search(text):
    """A plain ORM keyword search: products whose name contains any of the words, top 4."""
    from django.db.models import Q

    from demo_shop.models import Product

    query = Q()
    for word in text.replace("?", "").split():
        if len(word) > 3:
            query |= Q(name__icontains=word)
    return [(p.pk, p.name, str(p.price)) for p in Product.objects.filter(query).order_by("pk")[:4]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from marketing_ai.assistant import conversation
    from marketing_ai.assistant.router import get_router
    from marketing_ai.assistant.skills.catalog_index import get_index

    rng = random.Random(args.seed)
    products = make_catalog(args.products, rng)
    started = time.perf_counter()
    get_router()
    router_seconds = time.perf_counter() - started
    started = time.perf_counter()
    index = get_index()
    index_seconds = time.perf_counter() - started
    from marketing_ai.assistant.skills.catalog_index import ProductIndex

    started = time.perf_counter()
    reloaded = ProductIndex.build()  # what another process does: vectors come from the database
    reload_seconds = time.perf_counter() - started
    assert reloaded.embedded == 0
    asked = questions(rng, products, args.questions)
    thread = conversation.open_thread(session_key="bench")
    for text in asked[:10]:  # warm-up: first calls pay for lazy imports
        conversation.post_message(thread, text)
    from marketing_ai import embeddings

    # The bare embedding is timed right before each reply, so that both see the same load on a shared machine.
    latencies, bare, intents, with_cards, by_intent = [], [], {}, 0, {}
    for position, text in enumerate(asked):
        if position % 50 == 0:
            thread = conversation.open_thread(session_key="bench")
        started = time.perf_counter()
        embeddings.embed([text])
        bare.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        reply = conversation.post_message(thread, text)
        latencies.append(1000 * (time.perf_counter() - started))
        intents[reply.intent] = intents.get(reply.intent, 0) + 1
        by_intent.setdefault(reply.intent, []).append(latencies[-1])
        with_cards += any(part["type"] in ("product", "comparison") for part in reply.parts)
    baseline = []
    for text in asked:
        started = time.perf_counter()
        baseline_search(text)
        baseline.append(1000 * (time.perf_counter() - started))
    p95 = percentile(latencies, 0.95)
    report = {
        "products": len(index.products), "questions": len(asked),
        "index_build_seconds": round(index_seconds, 1), "router_train_seconds": round(router_seconds, 1),
        "index_build_from_stored_embeddings_seconds": round(reload_seconds, 1),
        "assistant_ms": {"p50": round(statistics.median(latencies), 1), "p95": round(p95, 1),
                         "max": round(max(latencies), 1)},
        "baseline_orm_icontains_ms": {"p50": round(statistics.median(baseline), 1),
                                      "p95": round(percentile(baseline, 0.95), 1)},
        "p95_ratio_assistant_vs_baseline": round(p95 / max(percentile(baseline, 0.95), 1e-6), 2),
        # One embedding of the question alone: the floor any embedding-based answer pays on this machine.
        "bare_query_embedding_ms": {"p50": round(statistics.median(bare), 1), "p95": round(percentile(bare, 0.95), 1)},
        "p95_ratio_assistant_vs_bare_embedding": round(p95 / max(percentile(bare, 0.95), 1e-6), 2),
        "load_average_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
        "replies_with_product_parts": with_cards, "intents": intents,
        "ms_by_intent": {name: {"p50": round(statistics.median(values), 1), "p95": round(percentile(values, 0.95), 1)}
                         for name, values in sorted(by_intent.items())},
        "target_p95_ms": 150, "meets_target": p95 <= 150,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
