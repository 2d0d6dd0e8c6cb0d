"""Shared set-up of the copy benchmarks: Django on a throw-away database with the seeded demo shop."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_demo(products=300, database_url=None):
    """Configure Django, migrate and seed the demo catalogue; returns the product count.

    Without ``database_url`` a temporary SQLite file is used, so the demo's own database is untouched.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo_shop.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    if not database_url:
        settings.DATABASES["default"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from demo_shop.seed import seed_shop

    seed_shop(seed=42, products=products, customers=20, flush=True, record_purchases=False)
    from marketing_ai.shop import get_adapter

    return get_adapter().product_queryset().count()


def demo_facts():
    """The composer's facts for every product of the seeded catalogue."""
    from marketing_ai.copywriting.composer import product_facts
    from marketing_ai.shop import get_adapter

    return [product_facts(product) for product in get_adapter().iter_products()]
