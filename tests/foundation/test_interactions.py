"""Recording shopper events: page views without JavaScript, the REST endpoint, orders."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.utils import timezone

from demo_shop.models import Order, OrderLine
from marketing_ai.interactions import record_event, record_order, recent_views, sync_orders
from marketing_ai.models import Interaction


def page_request(user=None):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


def render_view_tag(request, product):
    return Template("{% load marketing_ai_events %}{% record_product_view product %}").render(
        Context({"request": request, "product": product})
    )


def test_view_tag_records_a_view_for_a_signed_in_customer(catalog, customers):
    request = page_request(customers[0])
    assert render_view_tag(request, catalog[0]) == ""
    event = Interaction.objects.get()
    assert (event.user, event.product_id, event.event_type, event.source) == (
        customers[0], str(catalog[0].pk), "view", "page")


def test_repeated_views_within_the_dedup_window_count_once(catalog, customers):
    request = page_request(customers[0])
    for _ in range(3):
        render_view_tag(request, catalog[0])
    assert Interaction.objects.count() == 1
    Interaction.objects.update(occurred_at=timezone.now() - timedelta(hours=2))
    render_view_tag(request, catalog[0])
    assert Interaction.objects.count() == 2


def test_anonymous_views_are_bound_to_the_session_and_remembered(catalog):
    request = page_request()
    render_view_tag(request, catalog[0])
    render_view_tag(request, catalog[2])
    event = Interaction.objects.first()
    assert event.user is None and event.session_key == request.session.session_key
    assert recent_views(request) == [str(catalog[2].pk), str(catalog[0].pk)]


def test_a_failing_view_log_never_breaks_the_page(catalog, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database is on fire")

    monkeypatch.setattr("marketing_ai.interactions.record_event", explode)
    assert render_view_tag(page_request(), catalog[0]) == ""


def test_unknown_event_type_is_refused(catalog):
    with pytest.raises(ValueError, match="unknown event type 'wishlist'"):
        record_event(str(catalog[0].pk), "wishlist")


def test_custom_event_types_come_from_settings(catalog, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "EVENT_WEIGHTS": {"view": 1, "purchase": 5, "wishlist": 2}}
    assert record_event(str(catalog[0].pk), "wishlist").event_type == "wishlist"


def test_quantity_is_capped(catalog):
    with pytest.raises(ValueError):
        record_event(str(catalog[0].pk), "add_to_cart", quantity=0)
    with pytest.raises(ValueError):
        record_event(str(catalog[0].pk), "add_to_cart", quantity=10_001)


def make_order(customer, products, status="paid", number="MA-1"):
    order = Order.objects.create(customer=customer, number=number, status=status)
    for product in products:
        OrderLine.objects.create(order=order, product=product, quantity=2, unit_price=product.price)
    return order


def test_paid_order_records_one_purchase_per_line_once(catalog, customers):
    order = make_order(customers[0], catalog[:2])
    assert record_order(order) == 2
    assert record_order(order) == 0
    purchases = Interaction.objects.filter(event_type="purchase")
    assert purchases.count() == 2 and {p.quantity for p in purchases} == {2}
    assert {p.source for p in purchases} == {"order"}


def test_unpaid_order_records_nothing_until_paid(catalog, customers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(customers[0], catalog[:1], status="pending")
    assert not Interaction.objects.filter(event_type="purchase").exists()
    with django_capture_on_commit_callbacks(execute=True):
        order.status = "paid"
        order.save()
    assert Interaction.objects.filter(event_type="purchase", user=customers[0]).count() == 1


def test_order_signal_waits_for_the_lines(catalog, customers, django_capture_on_commit_callbacks):
    # A checkout saves the order first and its lines after, in one transaction.
    with django_capture_on_commit_callbacks(execute=True):
        make_order(customers[0], catalog[:3])
    assert Interaction.objects.filter(event_type="purchase").count() == 3


def test_sync_orders_backfills_and_is_idempotent(catalog, customers):
    make_order(customers[0], catalog[:2], number="MA-1")
    make_order(customers[1], catalog[2:3], number="MA-2")
    make_order(customers[2], catalog[:1], status="cancelled", number="MA-3")
    assert sync_orders() == 3
    assert sync_orders() == 0


@override_settings(MARKETING_AI={"PRODUCT_MODEL": "demo_shop.Product"})
def test_shop_without_orders_syncs_nothing(db):
    assert sync_orders() == 0
