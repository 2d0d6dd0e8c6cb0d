"""Fixtures of the assistant tests: the shared catalog plus orders of two customers and FAQ entries."""

from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def fresh_product_index():
    """Each test's database has its own products: never reuse another test's index."""
    from marketing_ai.assistant.skills import catalog_index

    catalog_index.invalidate()
    yield
    catalog_index.invalidate()


@pytest.fixture
def orders(catalog, customers):
    """MA-000001 belongs to customer001, MA-000002 to customer002 (shipped), MA-000003 is a guest order."""
    from demo_shop.models import Order, OrderLine

    tee, linen, mug = catalog[0], catalog[1], catalog[2]
    first = Order.objects.create(customer=customers[0], number="MA-000001", email=customers[0].email, status="paid")
    OrderLine.objects.create(order=first, product=tee, quantity=2, unit_price=Decimal("24.00"))
    second = Order.objects.create(customer=customers[1], number="MA-000002", email=customers[1].email,
                                  status="shipped", shipping_address="12 Secret Lane, Hiddenville")
    OrderLine.objects.create(order=second, product=linen, quantity=1, unit_price=Decimal("31.50"))
    guest = Order.objects.create(customer=None, number="MA-000003", email="guest@example.com", status="delivered")
    OrderLine.objects.create(order=guest, product=mug, quantity=3, unit_price=Decimal("14.00"))
    return [first, second, guest]


@pytest.fixture
def faq_entries(db):
    from marketing_ai.assistant.models import FAQEntry

    return [
        FAQEntry.objects.create(topic="returns", question="How do I return an item?",
                                answer="Returns are free within 30 days: use the label in your parcel.",
                                alternatives="What is your return policy?\nCan I send it back?"),
        FAQEntry.objects.create(topic="shipping", question="How long does shipping take?",
                                answer="Orders ship within 2 working days; delivery takes 3-5 days."),
        FAQEntry.objects.create(topic="payment", question="Which payment methods do you accept?",
                                answer="We accept Visa, Mastercard and PayPal."),
    ]
