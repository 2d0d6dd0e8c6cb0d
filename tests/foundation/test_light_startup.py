"""Start-up stays light: setup, every URL and a product page never import the heavy ML stack."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["torch", "transformers", "sentence_transformers", "sklearn", "implicit"]

SCRIPT = r"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["TEST_WORKER_DB_NAME"] = ":memory:"
import django
django.setup()
from django.core.management import call_command
from django.urls import get_resolver, URLPattern, URLResolver

def walk(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            walk(entry.url_patterns)
        else:
            entry.callback

walk(get_resolver().url_patterns)
call_command("migrate", verbosity=0, run_syncdb=True)
from decimal import Decimal
from demo_shop.models import Category, Product
from django.test import Client
category = Category.objects.create(name="Mugs", slug="mugs")
product = Product.objects.create(category=category, name="Harbour Mug", slug="harbour-mug", sku="M1",
                                 price=Decimal("12.00"), stock=3, attributes={"material": "stoneware"})
client = Client()
pages = {url: client.get(url).status_code for url in ["/", product.get_absolute_url(), "/api/marketing-ai/"]}
print(json.dumps({"pages": pages, "heavy": [name for name in HEAVY if name in sys.modules]}))
"""


def test_setup_urls_and_product_page_leave_heavy_packages_unimported():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n" + SCRIPT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["pages"].values()) == {200}, report
    assert report["heavy"] == []
