"""Checkout and the customer's own orders."""

import pytest
from django.urls import reverse

from demo_shop.models import Order, Product
from marketing_ai.models import Interaction

ADDRESS = {"full_name": "Ava Smith", "email": "ava@example.com", "shipping_address": "1 Elm Street\n12345 Springfield"}


def fill_cart(client, *items):
    for product, quantity in items:
        client.post(reverse("demo_shop:cart_add"), {"product": product.pk, "quantity": quantity})


@pytest.mark.django_db(transaction=True)
def test_checkout_creates_paid_order_and_purchase_events(client, catalog, customers):
    tee, mug = catalog[0], catalog[2]
    client.force_login(customers[0])
    fill_cart(client, (tee, 2), (mug, 1))
    tee.price = "26.00"  # the order charges today's price, not the price at add-to-cart time
    tee.save()
    assert client.get(reverse("demo_shop:checkout")).status_code == 200
    response = client.post(reverse("demo_shop:checkout"), ADDRESS)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("demo_shop:order_confirmation", args=[order.number])
    assert order.status == "paid" and order.customer == customers[0] and order.email == "ava@example.com"
    assert order.number.startswith("MA-") and len(order.number) == 9
    assert "Ava Smith" in order.shipping_address
    assert sorted((line.product.sku, line.quantity, str(line.unit_price)) for line in order.lines.all()) == [
        ("MG-1", 1, "14.00"), ("TS-1", 2, "26.00")]
    assert str(order.total) == "66.00"
    purchases = Interaction.objects.filter(event_type="purchase", user=customers[0])
    assert sorted(purchases.values_list("product_id", "quantity")) == sorted([(str(tee.pk), 2), (str(mug.pk), 1)])
    assert Product.objects.get(pk=tee.pk).stock == 8
    assert client.session.get("demo_shop_cart") == {}
    confirmation = client.get(response["Location"]).content.decode()
    assert order.number in confirmation and "52.00 €" in confirmation and "66.00" in confirmation


@pytest.mark.django_db
def test_order_numbers_are_sequential_and_unique(client, catalog, customers):
    client.force_login(customers[0])
    numbers = []
    for _ in range(3):
        fill_cart(client, (catalog[2], 1))
        client.post(reverse("demo_shop:checkout"), ADDRESS)
        numbers.append(Order.objects.latest("pk").number)
    assert numbers == ["MA-000001", "MA-000002", "MA-000003"]


@pytest.mark.django_db
def test_checkout_requires_login(client, catalog):
    fill_cart(client, (catalog[0], 1))
    response = client.get(reverse("demo_shop:checkout"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_checkout_with_bad_form_or_empty_cart_creates_nothing(client, catalog, customers):
    client.force_login(customers[0])
    assert client.get(reverse("demo_shop:checkout"))["Location"] == reverse("demo_shop:cart")
    fill_cart(client, (catalog[0], 1))
    response = client.post(reverse("demo_shop:checkout"), {**ADDRESS, "email": "not-an-email", "shipping_address": "x"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_checkout_refuses_what_sold_out_meanwhile(client, catalog, customers):
    client.force_login(customers[0])
    fill_cart(client, (catalog[0], 3))
    Product.objects.filter(pk=catalog[0].pk).update(stock=1)
    response = client.post(reverse("demo_shop:checkout"), ADDRESS, follow=True)
    assert "Only 1 of Nordwind Organic Tee left in stock." in response.content.decode()
    assert not Order.objects.exists()
    assert Product.objects.get(pk=catalog[0].pk).stock == 1


@pytest.mark.django_db
def test_customer_cannot_see_another_customers_order(client, catalog, customers):
    alice, bob = customers[0], customers[1]
    client.force_login(alice)
    fill_cart(client, (catalog[2], 1))
    client.post(reverse("demo_shop:checkout"), ADDRESS)
    order = Order.objects.get()
    assert client.get(reverse("demo_shop:order", args=[order.number])).status_code == 200
    client.force_login(bob)
    assert client.get(reverse("demo_shop:order", args=[order.number])).status_code == 404
    assert client.get(reverse("demo_shop:order_confirmation", args=[order.number])).status_code == 404
    assert order.number not in client.get(reverse("demo_shop:orders")).content.decode()
    client.logout()
    assert client.get(reverse("demo_shop:order", args=[order.number])).status_code == 302


@pytest.mark.django_db
def test_my_orders_lists_own_orders_with_totals(client, catalog, customers):
    client.force_login(customers[0])
    fill_cart(client, (catalog[0], 2))
    client.post(reverse("demo_shop:checkout"), ADDRESS)
    page = client.get(reverse("demo_shop:orders")).content.decode()
    assert Order.objects.get().number in page and "48.00" in page and "paid" in page
