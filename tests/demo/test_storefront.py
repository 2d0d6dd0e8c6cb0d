"""The storefront pages: what a shopper sees, escaped, translated and counted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from demo_shop.models import Category, Product, Review
from marketing_ai.models import Interaction

pytestmark = pytest.mark.django_db


def test_home_lists_categories_and_featured_products(client, catalog):
    response = client.get(reverse("demo_shop:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "T-shirts" in content and "Mugs" in content
    assert "Harbour Stoneware Mug" in content
    assert "Retired Mug" not in content


def test_category_page_paginates_active_products(client):
    category = Category.objects.create(name="Lamps", slug="lamps")
    Product.objects.bulk_create([
        Product(category=category, name=f"Lamp {i:02d}", slug=f"lamp-{i:02d}", sku=f"L-{i}", price=Decimal("40"), stock=3)
        for i in range(30)
    ])
    Product.objects.create(category=category, name="Hidden Lamp", slug="hidden", sku="L-x", price=1, is_active=False)
    first = client.get(reverse("demo_shop:category", args=["lamps"]))
    assert first.status_code == 200
    assert "Lamp 00" in first.content.decode() and "Lamp 12" not in first.content.decode()
    last = client.get(reverse("demo_shop:category", args=["lamps"]), {"page": "999"})
    assert "Lamp 29" in last.content.decode()
    assert "Hidden Lamp" not in last.content.decode()
    assert client.get(reverse("demo_shop:category", args=["nope"])).status_code == 404


def test_product_page_shows_price_attributes_stock_and_public_reviews_only(client, catalog, customers):
    tee = catalog[0]
    Review.objects.create(product=tee, author=customers[0], rating=5, title="Lovely", body="Soft and warm.")
    Review.objects.create(product=tee, author=customers[1], rating=1, title="Hidden", body="Buy cheap at http://spam",
                          is_public=False)
    response = client.get(tee.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "24.00" in content and "organic cotton" in content and "S, M, L" in content
    assert "In stock" in content
    assert "Soft and warm." in content
    assert "http://spam" not in content and "Hidden" not in content


def test_sold_out_product_says_so_and_offers_no_cart_button(client, catalog):
    content = client.get(catalog[1].get_absolute_url()).content.decode()
    assert "Out of stock" in content
    assert reverse("demo_shop:cart_add") not in content


def test_inactive_product_is_not_found(client, catalog):
    assert client.get(catalog[3].get_absolute_url()).status_code == 404


def test_product_page_escapes_html_in_name_and_attributes(client, customers):
    category = Category.objects.create(name="<i>Cat</i>", slug="cat")
    product = Product.objects.create(
        category=category, name="<script>alert(1)</script>", slug="xss", sku="X-1", price=Decimal("5"), stock=3,
        attributes={"<b>key</b>": "<img src=x onerror=alert(2)>", "features": ["<svg onload=alert(3)>"]},
        description="<iframe src=evil></iframe>",
    )
    Review.objects.create(product=product, author=customers[0], rating=4, title="<h1>t</h1>", body="<script>alert(4)</script>")
    content = client.get(product.get_absolute_url()).content.decode()
    for raw in ["<script>alert(1)</script>", "<img src=x", "<svg onload", "<b>key</b>", "<iframe", "<h1>t</h1>",
                "<script>alert(4)</script>", "<i>Cat</i>"]:
        assert raw not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(2)&gt;" in content


def test_product_page_records_a_view(client, catalog, customers):
    tee = catalog[0]
    client.get(tee.get_absolute_url())
    client.get(tee.get_absolute_url())  # a reload within the dedup window counts once
    anonymous = Interaction.objects.filter(product_id=str(tee.pk), event_type="view", user=None)
    assert anonymous.count() == 1 and anonymous.get().session_key
    client.force_login(customers[0])
    client.get(tee.get_absolute_url())
    assert Interaction.objects.filter(product_id=str(tee.pk), event_type="view", user=customers[0]).count() == 1


def test_language_switch_to_zh_hans(client, catalog):
    home = reverse("demo_shop:home")
    assert reverse("set_language") in client.get(home).content.decode()
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert response.cookies["django_language"].value == "zh-hans"
    page = client.get(home)
    assert page["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in page.content.decode()


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_login_page_renders_and_signs_in(client, customers):
    response = client.get(reverse("login"))
    assert response.status_code == 200 and 'name="username"' in response.content.decode()
    signed_in = client.post(reverse("login"), {"username": "customer001", "password": "pw-123456"})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("demo_shop:home")
    assert "Sign out (customer001)" in client.get(reverse("demo_shop:home")).content.decode()
    client.post(reverse("logout"))
    assert "Sign in" in client.get(reverse("demo_shop:home")).content.decode()
