"""The fast training path: packed log read, the evaluated model served, lists written in bulk.

The PostgreSQL-only parts run with DATABASE_URL=postgres://... (skipped on SQLite).
"""

from datetime import timedelta

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from marketing_ai.models import Interaction
from marketing_ai.recommend.models import RecommendationList, RecommenderRun
from marketing_ai.recommend import training
from marketing_ai.recommend.algorithms import make_recommender
from marketing_ai.recommend.evaluate import split_per_user
from marketing_ai.shop import ShopAdapter

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the packed reader is PostgreSQL's")


def _log(customers, product_ids):
    now = timezone.now()
    events = []
    for n in range(400):
        customer = customers[n % len(customers)] if n % 7 else None
        events.append(Interaction(user=customer, session_key="" if customer or n % 3 == 0 else f"sess\t{n % 5}",
                                  product_id=product_ids[(n * 7) % len(product_ids)],
                                  event_type=("view", "add_to_cart", "purchase", "ignored")[n % 4],
                                  quantity=n % 3, occurred_at=now - timedelta(hours=n * 5)))
    Interaction.objects.bulk_create(events)
    return now


@postgresql_only
@pytest.mark.parametrize("product_ids", [[str(i) for i in range(1, 30)], [f"SKU-{i}" for i in range(29)] + ["007"]])
def test_packed_reader_gives_the_streaming_builders_matrix_and_trending(db, customers, product_ids):
    from marketing_ai.recommend.data import build_matrix, interaction_rows, matrix_from_interactions
    from marketing_ai.recommend.lists import new_trending_scores

    now = _log(customers, product_ids)
    weights = {"view": 1.0, "add_to_cart": 3.0, "purchase": 5.0}
    fast_trending, slow_trending = new_trending_scores(now=now), new_trending_scores(now=now)
    fast = matrix_from_interactions(weights=weights, half_life_days=3, now=now, trending=fast_trending)
    slow = build_matrix(interaction_rows(weights=weights, half_life_days=3, now=now, trending=slow_trending))
    assert fast.user_keys == slow.user_keys and any(key.startswith("s:") for key in fast.user_keys)
    assert fast.product_ids == slow.product_ids
    assert fast.nnz == slow.nnz > 0
    assert abs(fast.matrix - slow.matrix).max() < 1e-5
    assert fast_trending.scores.keys() == slow_trending.scores.keys()
    for key, score in slow_trending.scores.items():
        assert fast_trending.scores[key] == pytest.approx(score)


@pytest.mark.parametrize("name", ["als", "torch_als"])
def test_refreshing_users_keeps_what_was_learnt_of_products(clustered, name):
    train, test = split_per_user(clustered, 0.2, seed=1)
    model = make_recommender(name, factors=16, iterations=5).fit(train)
    items, users = model.item_factors.copy(), model.user_factors.copy()
    assert model.refresh_users(clustered) is model
    assert np.array_equal(model.item_factors, items)
    changed = np.flatnonzero(np.diff(test.indptr) > 0)
    assert not np.allclose(model.user_factors[changed], users[changed])
    # With their held-out products known, shoppers' factors now score those products higher.
    coo = test.tocoo()
    before = (users[coo.row] * items[coo.col]).sum(axis=1).mean()
    after = (model.user_factors[coo.row] * items[coo.col]).sum(axis=1).mean()
    assert after > before


def test_a_one_algorithm_shop_without_search_serves_the_model_it_evaluated(shop_history):
    run = training.train_recommender(algorithms=["als"], budget_seconds=0, device="cpu")
    assert run.status == RecommenderRun.Status.SUCCEEDED, run.reason
    assert run.metrics["search"] == []  # nothing to choose: no validation fits
    assert run.metrics["candidate"]["ndcg"] > run.metrics["popularity"]["ndcg"]
    from marketing_ai.recommend.algorithms import load_recommender
    from marketing_ai.recommend.data import matrix_from_interactions

    data = matrix_from_interactions()
    train, _ = split_per_user(data.matrix, 0.2, seed=42)
    evaluated = make_recommender("als").fit(train)
    served = load_recommender(run.model_path)
    # Served: the evaluated model's product factors, not a refit on everything.
    assert np.allclose(served.item_factors, evaluated.item_factors)
    stored = RecommendationList.objects.filter(run=run, kind="user").count()
    assert stored == sum(key.startswith("u:") for key in data.user_keys)


def test_the_list_writer_round_trips_odd_keys_and_drops_empty_cells(db):
    from marketing_ai.recommend.storage import ListWriter

    run = RecommenderRun.objects.create()
    product_ids = ["1", 'say "hi"', "back\\slash", "tab\there"]
    columns = np.array([[1, 2, 3], [3, 0, 2]])
    scores = np.array([[0.91234567, 0.5, -np.inf], [2.0, 1.0, 0.25]], dtype=np.float32)
    with ListWriter(run) as writer:
        writer.top_n("user", ["u:1", "odd\tkey\\"], columns, scores, product_ids)
        writer.lists("trending", [("", [("1", 3), ("tab\there", 1.5)])])
    rows = {(row.kind, row.key): row for row in RecommendationList.objects.filter(run=run)}
    assert rows["user", "u:1"].product_ids == ['say "hi"', "back\\slash"]
    assert rows["user", "u:1"].scores == [pytest.approx(0.912346, abs=1e-6), 0.5]
    assert rows["user", "odd\tkey\\"].product_ids == ["tab\there", "1", "back\\slash"]
    assert rows["user", "odd\tkey\\"].scores == [2.0, 1.0, 0.25]
    assert rows["trending", ""].product_ids == ["1", "tab\there"] and rows["trending", ""].scores == [3.0, 1.5]


def test_popularity_top_n_without_a_score_matrix_matches_the_dense_one(clustered):
    from marketing_ai.recommend.algorithms.base import Recommender

    model = make_recommender("popularity").fit(clustered)
    users = np.arange(clustered.shape[0])
    ids, scores = model.recommend(users, clustered, n=10)
    _, dense_scores = Recommender.recommend(model, users, clustered, n=10)
    assert np.array_equal(scores, dense_scores)
    assert not np.asarray(clustered[np.repeat(users, 10), ids.ravel()]).any(), "a seen product was recommended"


def test_a_list_writer_that_fails_midway_leaves_the_connection_usable(db):
    from marketing_ai.recommend.storage import ListWriter

    run = RecommenderRun.objects.create()
    with pytest.raises(RuntimeError):
        with ListWriter(run) as writer:
            writer.lists("trending", [("", [("1", 1.0)])])
            raise RuntimeError("killed while computing")
    run.reason = "still writable"
    run.save(update_fields=["reason"])
    assert RecommenderRun.objects.get(pk=run.pk).reason == "still writable"


@pytest.mark.parametrize("path", ["category__name", "category", "category__slug"])
def test_categories_from_value_pairs_equal_the_adapters_per_product_answer(catalog, settings, path):
    from demo_shop.models import Product
    from marketing_ai.recommend.lists import product_categories
    from marketing_ai.shop import get_adapter

    settings.MARKETING_AI = {**settings.MARKETING_AI,
                             "PRODUCT_FIELDS": {**settings.MARKETING_AI.get("PRODUCT_FIELDS", {}), "category": path}}
    adapter = get_adapter()
    expected = {adapter.product_id(p): adapter.product_category(p) for p in Product.objects.all()}
    assert product_categories() == expected and len(set(expected.values())) == 2

    settings.MARKETING_AI = {**settings.MARKETING_AI, "SHOP_ADAPTER": f"{__name__}.ShoutingAdapter"}
    assert product_categories() == {key: value.upper() for key, value in expected.items()}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_read_split_across_connections_sees_one_snapshot_and_the_whole_log(customers, monkeypatch):
    from marketing_ai.recommend import data as data_module
    from marketing_ai.recommend.data import build_matrix, interaction_rows, read_log_postgresql

    now = _log(customers, [str(i) for i in range(1, 30)])
    assert data_module._parallel_read_fits(connection)
    fetched = []
    real = data_module._fetch_in_snapshot

    def spy(snapshot, query, params):
        fetched.append(params[-1])
        return real(snapshot, query, params)

    monkeypatch.setattr(data_module, "_fetch_in_snapshot", spy)
    weights = {"view": 1.0, "add_to_cart": 3.0, "purchase": 5.0}
    split = read_log_postgresql(weights=weights, now=now)
    assert fetched == [1]  # the second part came from another connection
    whole = build_matrix(interaction_rows(weights=weights, now=now))
    assert split.user_keys == whole.user_keys and split.product_ids == whole.product_ids
    assert abs(split.matrix - whole.matrix).max() < 1e-6 and split.nnz == whole.nnz > 0


class ShoutingAdapter(ShopAdapter):
    """A shop's own adapter with its own idea of a category: asked product by product."""

    def product_category(self, product):
        return super().product_category(product).upper()


def test_deleting_a_run_deletes_its_lists_without_a_database_foreign_key(db):
    from marketing_ai.recommend.storage import ListWriter

    kept, dropped = RecommenderRun.objects.create(), RecommenderRun.objects.create()
    for run in (kept, dropped):
        with ListWriter(run) as writer:
            writer.lists("trending", [("", [("1", 1.0)])])
    dropped.delete()
    assert list(RecommendationList.objects.values_list("run", flat=True)) == [kept.pk]
