"""The session cart: validated at the edge, current prices, add-to-cart events for marketing_ai."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from demo_shop.cart import SESSION_KEY
from marketing_ai.models import Interaction

pytestmark = pytest.mark.django_db


def add(client, product_id, quantity="1", follow=False):
    return client.post(reverse("demo_shop:cart_add"), {"product": product_id, "quantity": quantity}, follow=follow)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def cart_of(client):
    return client.session.get(SESSION_KEY, {})


def test_add_update_and_remove(client, catalog):
    tee, mug = catalog[0], catalog[2]
    add(client, tee.pk, "2")
    add(client, mug.pk)
    add(client, tee.pk, "1")
    assert cart_of(client) == {str(tee.pk): 3, str(mug.pk): 1}
    page = client.get(reverse("demo_shop:cart")).content.decode()
    assert "Nordwind Organic Tee" in page and "86.00" in page  # 3 x 24.00 + 14.00
    client.post(reverse("demo_shop:cart_update"), {"product": tee.pk, "quantity": "5"})
    assert cart_of(client)[str(tee.pk)] == 5
    client.post(reverse("demo_shop:cart_remove"), {"product": tee.pk})
    assert cart_of(client) == {str(mug.pk): 1}


def test_cart_rejects_bad_quantity_and_unknown_product(client, catalog):
    tee, sold_out, retired = catalog[0], catalog[1], catalog[3]
    for quantity in ["0", "-3", "100", "abc", "", "1.5"]:
        response = add(client, tee.pk, quantity, follow=True)
        assert response.status_code == 200
        assert any("Quantity" in text or "quantity" in text for text in messages_of(response)), quantity
    for product_id in ["999999", "abc", str(retired.pk)]:
        response = add(client, product_id, follow=True)
        assert "This product does not exist or is no longer available." in messages_of(response)
    assert "out of stock" in " ".join(messages_of(add(client, sold_out.pk, follow=True)))
    assert "left in stock" in " ".join(messages_of(add(client, tee.pk, "11", follow=True)))
    assert cart_of(client) == {}
    assert not Interaction.objects.filter(event_type="add_to_cart").exists()


def test_cart_caps_a_line_at_99(client, catalog):
    mug = catalog[2]
    mug.stock = 500
    mug.save()
    add(client, mug.pk, "99")
    response = add(client, mug.pk, "1", follow=True)
    assert "at most 99" in " ".join(messages_of(response))
    assert cart_of(client)[str(mug.pk)] == 99
    client.post(reverse("demo_shop:cart_update"), {"product": mug.pk, "quantity": "0"})
    assert cart_of(client)[str(mug.pk)] == 99


def test_cart_changes_need_post(client, catalog):
    assert client.get(reverse("demo_shop:cart_add"), {"product": catalog[0].pk}).status_code == 405


def test_cart_changes_need_csrf(catalog):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert add(strict, catalog[0].pk).status_code == 403


def test_add_to_cart_is_recorded_for_marketing_ai(client, catalog, customers):
    add(client, catalog[0].pk, "2")
    event = Interaction.objects.get(event_type="add_to_cart")
    assert event.product_id == str(catalog[0].pk) and event.quantity == 2 and event.source == "page"
    assert event.user is None and event.session_key
    client.force_login(customers[0])
    add(client, catalog[2].pk)
    assert Interaction.objects.get(event_type="add_to_cart", user=customers[0]).product_id == str(catalog[2].pk)


def test_a_failing_event_log_never_breaks_the_cart(client, catalog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("event log down")

    monkeypatch.setattr("marketing_ai.interactions.record_event", broken)
    add(client, catalog[0].pk)
    assert cart_of(client) == {str(catalog[0].pk): 1}


def test_next_must_stay_on_this_site(client, catalog):
    response = client.post(reverse("demo_shop:cart_add"), {"product": catalog[0].pk, "quantity": 1,
                                                           "next": "https://evil.example/"})
    assert response["Location"] == reverse("demo_shop:cart")


def test_cart_badge_counts_items(client, catalog):
    add(client, catalog[0].pk, "3")
    assert '<span class="badge" aria-label="items in cart">3</span>' in client.get(reverse("demo_shop:home")).content.decode()
