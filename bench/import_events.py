"""Benchmark: ``import-events`` (validate every row, then insert in one transaction) against a bare
``bulk_create`` of the same rows, in the same run and on the same database.

    python bench/import_events.py [--rows 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marketing_ai python bench/import_events.py

Runs on a throw-away test database; prints rows/s for both and the overhead ratio.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()

    import django

    django.setup()
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from demo_shop.models import Category, Product
        from marketing_ai.backfill import ImportSpec, import_events
        from marketing_ai.models import Interaction

        category = Category.objects.create(name="Bench", slug="bench")
        products = Product.objects.bulk_create(
            Product(category=category, name=f"P{i}", slug=f"p{i}", sku=f"S{i}", price=Decimal("1")) for i in range(500)
        )
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"customer{i:04d}") for i in range(1000)
        )
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
            handle.write("user,product,type,time,qty\n")
            types = ["view", "view", "view", "add_to_cart", "purchase"]
            for i in range(args.rows):
                handle.write(f"customer{i % 1000:04d},{products[(i * 7) % 500].pk},{types[i % 5]},"
                             f"{1_700_000_000 + i * 37},{1 + i % 3}\n")
            path = handle.name

        spec = ImportSpec(path=path, user_column="user", product_column="product", type_column="type",
                          time_column="time", quantity_column="qty")
        started = time.perf_counter()
        result = import_events(spec)
        ours = time.perf_counter() - started
        assert result.created == args.rows, result

        Interaction.objects.all().delete()
        from datetime import datetime, timezone

        user_ids = [user.pk for user in users]
        started = time.perf_counter()
        batch = []
        for i in range(args.rows):
            batch.append(Interaction(user_id=user_ids[i % 1000], product_id=str(products[(i * 7) % 500].pk),
                                     event_type=types[i % 5], quantity=1 + i % 3, source="import",
                                     occurred_at=datetime.fromtimestamp(1_700_000_000 + i * 37, tz=timezone.utc)))
            if len(batch) >= 2000:
                Interaction.objects.bulk_create(batch)
                batch = []
        Interaction.objects.bulk_create(batch)
        bare = time.perf_counter() - started
        os.unlink(path)
        print(f"database: {connection.vendor}, rows: {args.rows}")
        print(f"import-events (validate + keyed insert): {ours:.2f} s = {args.rows / ours:,.0f} rows/s")
        print(f"bare bulk_create (no validation, no keys): {bare:.2f} s = {args.rows / bare:,.0f} rows/s")
        print(f"overhead ratio: {ours / bare:.2f}x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
