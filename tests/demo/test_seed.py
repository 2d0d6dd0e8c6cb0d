"""The demo seed: deterministic, quick, and realistic enough to exercise every capability."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo_shop.models import Category, Order, Product, Review
from marketing_ai.models import Interaction

SMALL = ["--products", "40", "--customers", "20"]

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "products": list(Product.objects.order_by("sku").values_list("sku", "name", "slug", "price", "stock", "is_active",
                                                                     "attributes")),
        "reviews": sorted(Review.objects.values_list("product__sku", "author__username", "rating", "title", "body"), key=str),
        "orders": sorted(Order.objects.values_list("number", "customer__username", "status")),
        "events": Interaction.objects.filter(event_type="view").count(),
    }


def test_seed_is_deterministic():
    call_command("seed_shop", "--seed", "7", *SMALL, stdout=StringIO())
    first = snapshot()
    call_command("seed_shop", "--seed", "7", *SMALL, "--flush", stdout=StringIO())
    assert snapshot() == first
    call_command("seed_shop", "--seed", "8", *SMALL, "--flush", stdout=StringIO())
    assert snapshot()["products"] != first["products"]


def test_seed_builds_a_catalogue_with_realistic_attributes():
    call_command("seed_shop", *SMALL, stdout=StringIO())
    assert Category.objects.count() == 8
    assert Product.objects.count() == 40
    shirt = Product.objects.filter(category__slug="t-shirts").first()
    assert {"brand", "material", "colour", "sizes", "features"} <= set(shirt.attributes)
    mug = Product.objects.filter(category__slug="mugs").first()
    assert mug.attributes["capacity"].endswith(" ml")
    tent_prices = Product.objects.filter(category__slug="tents").values_list("price", flat=True)
    mug_prices = Product.objects.filter(category__slug="mugs").values_list("price", flat=True)
    assert min(tent_prices) > max(mug_prices)
    assert len(set(Product.objects.values_list("slug", flat=True))) == 40


def test_seed_plants_customers_events_and_purchases():
    call_command("seed_shop", *SMALL, stdout=StringIO())
    customer = get_user_model().objects.get(username="customer001")
    assert customer.email == "customer001@example.com"
    assert customer.check_password("demo-pass-123")
    assert get_user_model().objects.filter(username__startswith="customer").count() == 20
    views = Interaction.objects.filter(event_type="view")
    assert views.count() > 100 and set(views.values_list("source", flat=True)) == {"page"}
    assert Interaction.objects.filter(event_type="add_to_cart").exists()
    paid_orders = Order.objects.filter(status__in=["paid", "shipped", "delivered"])
    assert paid_orders.exists()
    assert Interaction.objects.filter(event_type="purchase").count() >= paid_orders.count()


def test_seed_contains_negative_spam_profane_and_pii_reviews():
    call_command("seed_shop", *SMALL, stdout=StringIO())
    texts = [f"{title} {body}" for title, body in Review.objects.values_list("title", "body")]
    negative = Review.objects.filter(rating__lte=2).exclude(body__iregex=r"(crap|shit|damn|https?://|@)")
    assert negative.count() >= 2
    spam = [t for t in texts if re.search(r"https?://|www\.", t, re.I)]
    shouting = [t for t in texts if re.search(r"(\b[A-Z]{3,}\b\W+){3,}", t)]
    profane = [t for t in texts if re.search(r"\b(damn|crap|shit)\b", t, re.I)]
    emails = [t for t in texts if re.search(r"[\w.]+@[\w-]+\.\w+", t)]
    phones_or_cards = [t for t in texts if re.search(r"\+\d[\d ]{9,}|\(\d{3}\) \d{3}-\d{4}|\d{4} \d{4} \d{4} \d{4}", t)]
    assert len(spam) >= 2 and shouting and len(profane) >= 2 and emails and phones_or_cards
    positive = Review.objects.filter(rating__gte=4).exclude(body__iregex=r"(crap|shit|damn|https?://|@|\+\d)")
    assert positive.count() > Review.objects.count() / 2


def test_seeding_twice_without_flush_skips():
    call_command("seed_shop", *SMALL, stdout=StringIO())
    before = Product.objects.count()
    out = StringIO()
    call_command("seed_shop", *SMALL, stdout=out)
    assert "nothing seeded" in out.getvalue()
    assert Product.objects.count() == before
