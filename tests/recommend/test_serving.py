"""Serving: precomputed lists, filters, pins and exclusions, fallbacks, session fold-in, tags and REST."""

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory

from marketing_ai.recommend.models import RecommendationRule
from marketing_ai.recommend import serve, training
from marketing_ai.shop import ProductData

FAST = ["popularity", "ease", "item_cosine"]


@pytest.fixture
def trained(shop_history):
    cache.clear()
    run = training.train_recommender(algorithms=FAST, budget_seconds=10)
    assert run.is_serving, run.reason
    return {**shop_history, "run": run}


def ids(products):
    return [p.id for p in products]


def test_customer_gets_products_of_their_category_that_they_have_not_seen(trained):
    from marketing_ai.models import Interaction

    customer = trained["customers"][0]  # category 0: Shirts
    products = serve.recommended_for(user=customer, limit=3)
    assert products and all(isinstance(p, ProductData) for p in products)
    seen = set(Interaction.objects.filter(user=customer).values_list("product_id", flat=True))
    assert not seen & set(ids(products))
    assert products[0].category == "Shirts"


def test_bought_together_uses_orders_and_similar_uses_the_model(trained):
    shirt_0, shirt_1 = trained["products"][0], trained["products"][1]
    together = serve.bought_together(shirt_0.pk, limit=3)
    assert ids(together)[0] == str(shirt_1.pk)
    similar = serve.similar_products(shirt_0.pk, limit=4)
    assert str(shirt_0.pk) not in ids(similar)
    assert sum(p.category == "Shirts" for p in similar) >= 3


def test_unavailable_products_are_never_served(trained):
    customer = trained["customers"][0]
    first = serve.recommended_for(user=customer, limit=3)[0]
    from demo_shop.models import Product

    Product.objects.filter(pk=first.id).update(is_active=False)
    cache.clear()
    assert first.id not in ids(serve.recommended_for(user=customer, limit=10))
    assert first.id not in ids(serve.trending(limit=50))


def test_unknown_ids_and_shoppers_fall_back_without_raising(trained):
    assert serve.similar_products("no-such-product") == []
    assert serve.bought_together(99999) == []
    fallback = serve.recommended_for(user=None, limit=5)
    assert ids(fallback) == ids(serve.trending(limit=5))
    assert len(fallback) == 5
    mugs = serve.trending(limit=5, category="Mugs")
    assert mugs and {p.category for p in mugs} == {"Mugs"}


def test_anonymous_session_views_are_folded_in(trained):
    bags = [p for p in trained["products"] if p.category.name == "Bags"][:2]
    products = serve.recommended_for(session_product_ids=[str(bags[0].pk), str(bags[1].pk)], limit=4)
    assert str(bags[0].pk) not in ids(products)
    assert sum(p.category == "Bags" for p in products) >= 3


def test_pins_and_exclusions_apply_and_invalidate_the_cache(trained):
    shirt_0 = trained["products"][0]
    mug = trained["products"][9]
    before = serve.similar_products(shirt_0.pk, limit=4)
    RecommendationRule.objects.create(action="pin", product_id=str(mug.pk), placement="similar", position=1)
    pinned = serve.similar_products(shirt_0.pk, limit=4)
    assert ids(pinned)[0] == str(mug.pk)
    RecommendationRule.objects.create(action="exclude", product_id=ids(before)[1], placement="all")
    assert ids(before)[1] not in ids(serve.similar_products(shirt_0.pk, limit=4))
    # A pin on another product's page does not leak here.
    RecommendationRule.objects.create(action="pin", product_id=str(trained["products"][20].pk),
                                      placement="together", context_product_id="12345")
    assert str(trained["products"][20].pk) not in ids(serve.bought_together(shirt_0.pk, limit=4))


def test_a_new_serving_run_invalidates_cached_lists(trained, monkeypatch):
    customer = trained["customers"][0]
    serve.recommended_for(user=customer, limit=3)
    calls = []
    original = serve._lists
    monkeypatch.setattr(serve, "_lists", lambda *a: calls.append(a) or original(*a))
    serve.recommended_for(user=customer, limit=3)
    assert calls == []  # warm cache
    from marketing_ai.recommend.cache import invalidate

    invalidate()
    serve.recommended_for(user=customer, limit=3)
    assert calls


def test_before_any_training_trending_comes_from_the_live_log(shop_history):
    cache.clear()
    products = serve.trending(limit=3)
    assert len(products) == 3


def test_template_tags_render_and_store_with_as(trained, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.user = trained["customers"][0]
    request.session = {}
    product = trained["products"][0]
    template = Template("{% load marketing_ai_recommend %}{% recommended_for limit=2 %}"
                        "{% similar_products product limit=3 %}{% bought_together product as together %}"
                        "[{{ together|length }}]{% trending limit=2 category='Mugs' %}")
    html = template.render(Context({"request": request, "product": product}))
    assert html.count('class="product-card"') == 2 + 3 + 2
    assert "Frequently bought together" not in html and "[" in html
    # Warm cache: the four tags read nothing from the database.
    with django_assert_max_num_queries(0):
        template.render(Context({"request": request, "product": product}))


def test_demo_product_page_shows_all_four_with_at_most_two_extra_queries(trained, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.template import engines

    product = trained["products"][0]
    client.force_login(trained["customers"][0])
    url = product.get_absolute_url()
    client.get(url)  # warm the cache
    with CaptureQueriesContext(connection) as with_tags:
        html = client.get(url).content.decode()
    for title in ("Frequently bought together", "Similar products", "Recommended for you", "Trending now"):
        assert title in html
    # The same page with the four tags turned into nothing.
    from marketing_ai.recommend.templatetags import marketing_ai_recommend as tags

    original = tags.RecommendationNode.render
    tags.RecommendationNode.render = lambda self, context: ""
    try:
        with CaptureQueriesContext(connection) as without_tags:
            client.get(url)
    finally:
        tags.RecommendationNode.render = original
    assert len(with_tags) - len(without_tags) <= 2
    assert engines


def test_rest_endpoints_page_throttle_and_validate(trained, client):
    product = trained["products"][0]
    response = client.get("/api/marketing-ai/recommendations/similar/", {"product": product.pk, "limit": 5,
                                                                         "page_size": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 5 and len(body["results"]) == 2
    assert set(body["results"][0]) == {"id", "title", "price", "category", "url", "image_url"}
    assert client.get("/api/marketing-ai/recommendations/bought-together/", {"product": product.pk}).status_code == 200
    assert client.get("/api/marketing-ai/recommendations/trending/", {"category": "Mugs"}).status_code == 200
    assert client.get("/api/marketing-ai/recommendations/for-me/").status_code == 200
    assert client.get("/api/marketing-ai/recommendations/similar/").status_code == 400
    assert client.get("/api/marketing-ai/recommendations/trending/", {"limit": 0}).status_code == 400
    schema = client.get("/api/marketing-ai/schema/").content.decode()
    assert "recommendations/bought-together/" in schema


def test_rest_throttles(trained, client, settings):
    cache.clear()
    settings.MARKETING_AI = {**settings.MARKETING_AI, "THROTTLE_RATES": {"recommendations": "2/min"}}
    codes = [client.get("/api/marketing-ai/recommendations/trending/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_serving_works_through_a_differently_shaped_shop(db, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from marketing_ai.models import Interaction
    from tests.altshop.models import Article

    settings.MEDIA_ROOT = str(tmp_path)
    settings.MARKETING_AI = {**settings.MARKETING_AI, "SHOP_ADAPTER": "tests.altshop.adapter.ArticleAdapter",
                             "PRODUCT_MODEL": "altshop.Article", "ORDER_MODEL": None, "ORDER_LINE_MODEL": None}
    cache.clear()
    articles = [Article.objects.create(sku=f"A-{i}", label=f"Article {i}", cost_cents=100 * i, in_stock=i != 3)
                for i in range(8)]
    User = get_user_model()
    events = []
    for u in range(12):
        user = User.objects.create_user(f"alt{u}", f"alt{u}@example.com", "pw")
        group = articles[:4] if u % 2 else articles[4:]
        events += [Interaction(user=user, product_id=a.sku, event_type="view") for a in group[: 3 + u % 2]]
    Interaction.objects.bulk_create(events)
    run = training.train_recommender(algorithms=["popularity", "item_cosine"], budget_seconds=5)
    assert run.is_serving, run.reason
    similar = serve.similar_products("A-0", limit=3)
    assert similar and all(p.id.startswith("A-") for p in similar)
    assert "A-3" not in ids(similar)  # out of stock
    assert serve.bought_together("A-0")  # no orders: falls back to similar products
