"""New products without a description get draft copy automatically, when the shop asks for it."""

from decimal import Decimal

import pytest

from demo_shop.models import Category, Product
from marketing_ai.copywriting.models import CopyDraft

AUTO = {"kinds": ["description", "seo_title"], "language": "en", "tone": "friendly"}


@pytest.fixture
def category(db):
    return Category.objects.create(name="Mugs", slug="mugs")


def new_product(category, description=""):
    return Product.objects.create(category=category, name="Harbour Stoneware Mug", slug="harbour", sku="MG-9",
                                  price=Decimal("14.00"), stock=3, description=description,
                                  attributes={"material": "stoneware", "colour": "white", "capacity": "350 ml"})


def test_new_product_without_description_gets_drafts_only(category, settings, django_capture_on_commit_callbacks):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "COPY_AUTO_GENERATE": AUTO}
    with django_capture_on_commit_callbacks(execute=True):
        product = new_product(category)
    drafts = CopyDraft.objects.filter(product_id=str(product.pk))
    assert sorted(drafts.values_list("kind", flat=True)) == ["description", "seo_title"]
    assert set(drafts.values_list("status", flat=True)) == {"draft"}
    product.refresh_from_db()
    assert product.description == ""  # nothing is published without a person


def test_products_with_a_description_or_edits_are_left_alone(category, settings, django_capture_on_commit_callbacks):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "COPY_AUTO_GENERATE": AUTO}
    with django_capture_on_commit_callbacks(execute=True):
        product = new_product(category, description="Written by the owner.")
        product.name = "Harbour Mug"
        product.save()
    assert not CopyDraft.objects.exists()


def test_off_by_default(category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new_product(category)
    assert not CopyDraft.objects.exists()
