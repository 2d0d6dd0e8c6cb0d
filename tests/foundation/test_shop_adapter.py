"""The adapter is the only code that knows the host shop, whatever its models look like."""

from decimal import Decimal

import pytest
from django.test import override_settings

from marketing_ai.shop import ProductData, get_adapter
from tests.altshop.models import Article

ALT_SHOP = {
    "SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter",
    "PRODUCT_MODEL": "altshop.Article",
    "COPY_FIELD_MAP": {"description": "body"},
}


def test_default_adapter_reads_demo_products(catalog, adapter):
    tee = catalog[0]
    data = adapter.product_data(tee)
    assert data == ProductData(
        id=str(tee.pk), title="Nordwind Organic Tee", description="",
        attributes={"material": "organic cotton", "colour": "navy", "sizes": ["S", "M", "L"]},
        price=Decimal("24.00"), category="T-shirts", available=True, url=tee.get_absolute_url(), image_url="",
    )


def test_available_only_hides_inactive_products(catalog, adapter):
    ids = {p.id for p in adapter.iter_products(available_only=True)}
    assert str(catalog[3].pk) not in ids and len(ids) == 3


def test_existing_product_ids_ignores_garbage(catalog, adapter):
    wanted = [str(catalog[0].pk), "999999", "not-a-number", ""]
    assert adapter.existing_product_ids(wanted) == {str(catalog[0].pk)}


def test_write_product_text_returns_the_replaced_text(catalog, adapter):
    tee = catalog[0]
    tee.description = "Hand-written by the owner."
    tee.save()
    previous = adapter.write_product_text(tee, "description", "A new description.")
    tee.refresh_from_db()
    assert previous == "Hand-written by the owner." and tee.description == "A new description."


def test_unmapped_copy_kind_is_refused(catalog, adapter):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="COPY_FIELD_MAP"):
        adapter.write_product_text(catalog[0], "ad_headlines", "x")


@pytest.fixture
def articles(db):
    return [
        Article.objects.create(sku="OAK-1", label="Oak Stool", body="Solid.", cost_cents=8900, in_stock=True,
                               specs=[["material", "oak"], ["height", "45 cm"]]),
        Article.objects.create(sku="ASH-2", label="Ash Shelf", cost_cents=12000, in_stock=False),
    ]


@override_settings(MARKETING_AI=ALT_SHOP)
def test_a_differently_shaped_product_model_works_through_a_custom_adapter(articles):
    adapter = get_adapter()
    data = adapter.product_data(articles[0])
    assert data.id == "OAK-1" and data.title == "Oak Stool"
    assert data.price == Decimal("89") and data.category is None
    assert data.attributes == {"material": "oak", "height": "45 cm"}
    assert data.url == "/articles/OAK-1/"
    assert [p.id for p in adapter.iter_products(available_only=True)] == ["OAK-1"]
    assert adapter.get_product("ASH-2").label == "Ash Shelf"
    assert adapter.get_product("nope") is None


@override_settings(MARKETING_AI=ALT_SHOP)
def test_custom_adapter_writes_copy_to_its_own_field(articles):
    adapter = get_adapter()
    assert adapter.write_product_text(articles[0], "description", "Now with a story.") == "Solid."
    articles[0].refresh_from_db()
    assert articles[0].body == "Now with a story."


@override_settings(MARKETING_AI=ALT_SHOP)
def test_events_for_string_product_ids(articles, customers):
    from marketing_ai.interactions import record_event

    event = record_event("OAK-1", "view", user=customers[0])
    assert event.product_id == "OAK-1"


@override_settings(MARKETING_AI=ALT_SHOP)
def test_alt_shop_passes_the_system_checks():
    from django.core import checks

    assert [e for e in checks.run_checks() if e.id.startswith("marketing_ai.")] == []


def test_orders_for_customer_returns_only_their_orders(catalog, customers, adapter):
    from demo_shop.models import Order

    mine = Order.objects.create(customer=customers[0], number="MA-1", status="paid")
    Order.objects.create(customer=customers[1], number="MA-2", status="paid")
    assert list(adapter.orders_for_customer(customers[0])) == [mine]
    from django.contrib.auth.models import AnonymousUser

    assert list(adapter.orders_for_customer(AnonymousUser())) == []
