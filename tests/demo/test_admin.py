"""The shop's own admin pages work on seeded data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo_shop.models import Category, Order, Product, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_shop(admin_client):
    call_command("seed_shop", "--products", "16", "--customers", "5", stdout=StringIO())
    return admin_client


@pytest.mark.parametrize("model", [Category, Product, Order, Review])
def test_changelist_and_change_form_render(admin_client_with_shop, model):
    opts = model._meta
    changelist = admin_client_with_shop.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client_with_shop.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_order_changelist_shows_totals_and_filters_by_status(admin_client_with_shop):
    order = Order.objects.first()
    url = reverse("admin:demo_shop_order_changelist")
    page = admin_client_with_shop.get(url, {"status__exact": order.status}).content.decode()
    assert order.number in page and str(order.total) in page


def test_hiding_reviews_keeps_them(admin_client_with_shop):
    review = Review.objects.first()
    url = reverse("admin:demo_shop_review_changelist")
    admin_client_with_shop.post(url, {"action": "hide", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.is_public is False
    admin_client_with_shop.post(url, {"action": "publish", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.is_public is True
