"""Fixtures of the copy studio tests."""

import pytest

from marketing_ai.copywriting.workflow import reset_vocabulary


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    # The catalogue vocabulary is cached per process; each test has its own catalogue.
    reset_vocabulary()
    yield
    reset_vocabulary()


@pytest.fixture
def demo_catalog(db):
    """A small seeded demo catalogue (every category, real attribute shapes)."""
    from demo_shop.seed import seed_shop
    from demo_shop.models import Product

    seed_shop(seed=7, products=48, customers=3, record_purchases=False)
    return list(Product.objects.order_by("pk"))


@pytest.fixture
def facts_of(adapter):
    from marketing_ai.copywriting.composer import product_facts

    return lambda product: product_facts(adapter.product_data(product))
