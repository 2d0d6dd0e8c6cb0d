"""A small shop with a history that has structure: shoppers keep to one category."""

import random
from decimal import Decimal

import numpy as np
import pytest
from scipy import sparse


def clustered_matrix(n_users=300, n_items=120, n_groups=4, per_user=12, noise=0.1, seed=0):
    """A user x item matrix where each user mostly picks items of one group (a learnable signal)."""
    rng = np.random.default_rng(seed)
    rows, cols = [], []
    group_size = n_items // n_groups
    favourites = [rng.permutation(group_size) for _ in range(n_groups)]
    for user in range(n_users):
        group = user % n_groups
        popular = favourites[group]
        for _ in range(per_user):
            if rng.random() < noise:
                item = rng.integers(n_items)
            else:
                item = group * group_size + popular[min(int(rng.exponential(4)), len(popular) - 1)]
            rows.append(user)
            cols.append(item)
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_users, n_items))
    matrix.sum_duplicates()
    return matrix


@pytest.fixture
def clustered():
    return clustered_matrix()


@pytest.fixture
def shop_history(db, settings, tmp_path):
    """24 products in 3 categories, 30 customers who view/buy within 'their' category, and paid orders."""
    from django.contrib.auth import get_user_model

    from demo_shop.models import Category, Order, OrderLine, Product
    from marketing_ai.models import Interaction

    settings.MEDIA_ROOT = str(tmp_path / "media")
    rng = random.Random(7)
    categories = [Category.objects.create(name=name, slug=name.lower()) for name in ("Shirts", "Mugs", "Bags")]
    products = []
    for c, category in enumerate(categories):
        for i in range(8):
            products.append(Product.objects.create(
                category=category, name=f"{category.name} {i}", slug=f"{category.slug}-{i}", sku=f"{c}-{i}",
                price=Decimal("10.00"), stock=5))
    User = get_user_model()
    customers = [User.objects.create_user(f"shopper{i:02d}", f"s{i}@example.com", "pw-123456") for i in range(30)]
    events = []
    for u, customer in enumerate(customers):
        group = products[(u % 3) * 8:(u % 3) * 8 + 8]
        for product in rng.sample(group, 5) + [rng.choice(products)]:
            events.append(Interaction(user=customer, product_id=str(product.pk), event_type="view"))
    Interaction.objects.bulk_create(events)
    for u, customer in enumerate(customers[:18]):
        group = products[(u % 3) * 8:(u % 3) * 8 + 8]
        order = Order.objects.create(customer=customer, number=f"N{u:04d}", status="paid")
        # Products 0 and 1 of each category are bought together in every order of that category.
        for product in (group[0], group[1], rng.choice(group[2:])):
            OrderLine.objects.create(order=order, product=product, quantity=1, unit_price=product.price)
    from marketing_ai.interactions import sync_orders

    sync_orders()
    return {"products": products, "customers": customers, "categories": categories}
