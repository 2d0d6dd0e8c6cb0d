"""Catalog skills answer from the products' real data, through the adapter."""

import pytest

from marketing_ai import embeddings
from marketing_ai.assistant import conversation
from marketing_ai.assistant.skills import catalog_index
from marketing_ai.assistant.skills.catalog import price_cap

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]


def ask(text, product=None, user=None):
    thread = conversation.open_thread(session_key="s1")
    return conversation.post_message(thread, text, user=user, product_id=product.pk if product else None)


def cards(message):
    return [part for part in message.parts if part["type"] == "product"]


def test_search_returns_product_cards_with_real_price(catalog):
    reply = ask("do you have stoneware mugs?")
    assert reply.intent == "product_search"
    first = cards(reply)[0]
    assert first["title"] == "Harbour Stoneware Mug" and first["price"] == "14.00"
    assert first["attributes"]["material"] == "stoneware"
    assert "Harbour Stoneware Mug (14.00)" in reply.text


def test_products_not_for_sale_rank_below_those_on_sale(catalog):
    results = catalog_index.get_index().search("mug", limit=2)
    titles = [product.title for product, _score in results]
    assert titles == ["Harbour Stoneware Mug", "Retired Mug"]
    reply = ask("is the Retired Mug available?")
    assert "Retired Mug" in reply.text and "not available" in reply.text


def test_question_on_a_product_page_quotes_its_attributes(catalog):
    reply = ask("what is this made of?", product=catalog[0])
    assert "organic cotton" in reply.text and "Nordwind" in reply.text
    reply = ask("what sizes does this come in?", product=catalog[0])
    assert "S, M, L" in reply.text


def test_do_you_have_this_in_another_colour(catalog):
    # The Nordwind tee is navy; only the Kestrel tee is sand-coloured.
    reply = ask("do you have this in sand?", product=catalog[0])
    assert "does not come in sand" in reply.text
    assert [card["title"] for card in cards(reply)] == ["Kestrel Linen Tee"]
    reply = ask("do you have this in navy?", product=catalog[0])
    assert reply.text.startswith("Yes")


def test_compare_two_named_products(catalog):
    reply = ask("compare the Nordwind tee and the Kestrel tee")
    comparison = next(part for part in reply.parts if part["type"] == "comparison")
    titles = {card["title"] for card in comparison["products"]}
    assert titles == {"Nordwind Organic Tee", "Kestrel Linen Tee"}
    rows = {row["attribute"]: row["values"] for row in comparison["rows"]}
    assert set(rows["material"]) == {"organic cotton", "linen"}
    assert "24.00" in reply.text and "31.50" in reply.text


def test_index_is_cached_and_rebuilt_when_a_product_changes(catalog):
    first = catalog_index.get_index()
    assert catalog_index.get_index() is first
    catalog[2].name = "Harbour Porcelain Mug"
    catalog[2].save()
    rebuilt = catalog_index.get_index()
    assert rebuilt is not first
    assert rebuilt.embedded == 1  # only the edited product is embedded again
    assert "Harbour Porcelain Mug" in {product.title for product in rebuilt.products}


def test_a_new_process_reuses_stored_embeddings(catalog, monkeypatch):
    from marketing_ai.assistant.models import ProductEmbedding

    first = catalog_index.ProductIndex.build()
    assert first.embedded == len(catalog) and ProductEmbedding.objects.count() == len(catalog)

    def no_model(texts):
        raise AssertionError("the model should not be needed")

    again = catalog_index.ProductIndex.build(embed=no_model)
    assert again.embedded == 0
    assert (again.vectors == first.vectors).all()


def test_price_cap_is_read_from_the_message():
    assert str(price_cap("a gift under 50")) == "50"
    assert str(price_cap("something less than £19.99")) == "19.99"
    assert price_cap("a gift for dad") is None


def test_unknown_product_is_unanswered_not_invented(catalog):
    reply = ask("do you have a grand piano")
    assert not reply.answered or "Piano" not in reply.text


@pytest.mark.django_db
def test_catalog_search_works_through_a_custom_adapter(settings):
    from tests.altshop.models import Article

    Article.objects.create(sku="OAK-1", label="Oak Side Table", body="A small table", cost_cents=12900,
                           specs=[["material", "oak"], ["colour", "natural"]])
    Article.objects.create(sku="MUG-9", label="Enamel Camp Mug", body="Tough mug", cost_cents=900,
                           specs=[["material", "enamel"]])
    settings.MARKETING_AI = {**settings.MARKETING_AI, "PRODUCT_MODEL": "altshop.Article",
                             "SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter",
                             "ORDER_MODEL": None, "ORDER_LINE_MODEL": None, "REVIEW_MODEL": None}
    catalog_index.invalidate()
    reply = ask("do you have an oak table?")
    first = cards(reply)[0]
    assert first["id"] == "OAK-1" and first["price"] == "129" and first["attributes"]["material"] == "oak"
    status = ask("where is my order MA-000001?")
    assert not status.answered
