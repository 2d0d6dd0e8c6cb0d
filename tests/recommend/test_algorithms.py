"""Every algorithm behind the one interface: fits, ranks, excludes seen items, folds in, saves and loads."""

import numpy as np
import pytest

from marketing_ai.recommend.algorithms import ALGORITHMS, load_recommender, make_recommender
from marketing_ai.recommend.evaluate import evaluate_model, split_per_user

FAST = {"als": {"factors": 16, "iterations": 8}, "torch_als": {"factors": 16, "iterations": 8},
        "bpr": {"factors": 16, "iterations": 50, "learning_rate": 0.05}, "ease": {"lambda_": 50.0}}


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_algorithm_learns_fits_interface_and_round_trips(name, clustered, tmp_path):
    train, test = split_per_user(clustered, 0.2, seed=1)
    model = make_recommender(name, **FAST.get(name, {})).fit(train)
    users = np.arange(10)
    ids, scores = model.recommend(users, train[users], n=5)
    assert ids.shape == (10, 5)
    for user, row in zip(users, ids):
        assert not set(row) & set(train[user].indices), "a seen product was recommended"
    assert np.all(np.diff(scores, axis=1) <= 1e-6), "not best first"
    metrics = evaluate_model(model, train, test, k=10)
    if name != "popularity":
        popularity = evaluate_model(make_recommender("popularity").fit(train), train, test, k=10)
        assert metrics["ndcg"] > popularity["ndcg"], (name, metrics, popularity)
    similar, _ = model.similar_items(np.array([0, 1]), n=4)
    assert similar.shape == (2, 4) and 0 not in similar[0] and 1 not in similar[1]
    folded, _ = model.recalculate_user([0, 1, 2], n=5)
    assert len(folded) == 5 and not {0, 1, 2} & set(folded)

    model.save(tmp_path / "model")
    loaded = load_recommender(tmp_path / "model")
    assert type(loaded) is type(model)
    again, _ = loaded.recommend(users, train[users], n=5)
    np.testing.assert_array_equal(again, ids)


def test_factor_fold_in_of_a_known_user_matches_their_trained_ranking(clustered):
    model = make_recommender("als", factors=16, iterations=10).fit(clustered)
    row = clustered[3]
    trained, _ = model.recommend([3], row, n=10)
    folded, _ = model.recalculate_user(row.indices, row.data, n=10)
    assert len(set(trained[0]) & set(folded)) >= 8


def test_unknown_parameters_and_devices_are_refused():
    with pytest.raises(ValueError, match="unknown parameters"):
        make_recommender("ease", lambada=3)
    with pytest.raises(ValueError, match="unknown recommender algorithm"):
        make_recommender("deep_magic")
    with pytest.raises(ValueError, match="device must be"):
        make_recommender("ease", device="tpu").fit(__import__("scipy").sparse.csr_matrix(np.ones((3, 3))))


def test_cuda_asked_without_a_gpu_is_a_clear_error(clustered):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(RuntimeError, match="cuda"):
        make_recommender("torch_als", device="cuda", factors=4, iterations=1).fit(clustered)
    model = make_recommender("ease", device="auto", lambda_=10.0).fit(clustered)
    assert model.device == "cpu"


def test_ease_gram_built_in_dense_blocks_matches_the_sparse_product(clustered, monkeypatch):
    from marketing_ai.recommend.algorithms import ease

    # Small blocks, so the GPU code path (run here on CPU) really loops.
    monkeypatch.setattr(ease, "GPU_BLOCK_CELLS", 50 * clustered.shape[1])
    blocked = ease._gram(clustered, "cpu", blocked=True).numpy()
    np.testing.assert_allclose(blocked, (clustered.T @ clustered).toarray(), rtol=1e-6)


def test_metrics_follow_the_standard_definitions():
    from scipy import sparse

    from marketing_ai.recommend.evaluate import ranking_metrics

    # User 0 holds out items 1 and 5; user 1 holds out item 2; user 2 holds out nothing (not counted).
    test = sparse.csr_matrix(([1.0, 1.0, 1.0], ([0, 0, 1], [1, 5, 2])), shape=(3, 10))
    recommended = np.array([[1, 3, 5], [4, 6, 7], [0, 1, 2]])
    m = ranking_metrics(recommended, test, 3, 10)
    assert m["precision"] == pytest.approx((2 / 3 + 0) / 2)
    assert m["recall"] == pytest.approx((1.0 + 0) / 2)
    ideal = 1 + 1 / np.log2(3)
    assert m["ndcg"] == pytest.approx(((1 + 1 / np.log2(4)) / ideal + 0) / 2)
    assert m["map"] == pytest.approx(((1 + 2 / 3) / 2 + 0) / 2)
    assert m["coverage"] == pytest.approx(6 / 10)  # products shown to users that have held-out items


@pytest.mark.parametrize("fallback", [False, True])
def test_factor_top_n_equals_the_dense_top_n_with_and_without_the_kernels_filter(clustered, monkeypatch, fallback):
    from marketing_ai.recommend.algorithms import base

    rng = np.random.default_rng(3)
    users, items = rng.standard_normal((clustered.shape[0], 8)), rng.standard_normal((clustered.shape[1], 8))
    users, items = users.astype(np.float32), items.astype(np.float32)
    from scipy import sparse

    # The first shopper has seen everything and gets nothing back.
    exclude = sparse.vstack([np.ones((1, clustered.shape[1]), dtype=np.float32), clustered.tocsr()[1:]]).tocsr()
    if fallback:  # an implicit that reads its filter some other way
        def refuse(csr):
            raise AttributeError("no row view")

        monkeypatch.setattr(base, "_RowView", refuse)
    for n in (5, 20, clustered.shape[1] + 5):
        ids, scores = base.factor_top_n(items, users, n, exclude=exclude)
        dense_ids, dense_scores = base.top_n(users @ items.T, n, exclude=exclude)
        assert ids.shape == dense_ids.shape and np.isneginf(scores[0]).all()
        finite = np.isfinite(dense_scores)
        assert np.array_equal(np.isfinite(scores), finite)
        assert np.array_equal(ids[finite], dense_ids[finite])
        assert np.allclose(scores[finite], dense_scores[finite], atol=1e-5)


@pytest.mark.parametrize("name", ["item_cosine", "item_bm25"])
def test_neighbour_models_rank_their_sparse_scores_as_the_dense_ones(clustered, name):
    from marketing_ai.recommend.algorithms.base import Recommender

    model = make_recommender(name, K=10).fit(clustered)
    users = np.arange(clustered.shape[0])
    ids, scores = model.recommend(users, clustered, n=30)
    _, dense_scores = Recommender.recommend(model, users, clustered, n=30)
    positive = dense_scores > 0
    # The same scores in the same order wherever there is a real candidate; nothing after them.
    assert np.array_equal(np.isfinite(scores), positive)
    assert np.allclose(scores[positive], dense_scores[positive], rtol=1e-5)
    dense = np.asarray((clustered @ model.similarity).todense())
    rows = np.repeat(users[:, None], ids.shape[1], axis=1)
    assert np.allclose(dense[rows[positive], ids[positive]], scores[positive], rtol=1e-5)
    assert not np.asarray(clustered[rows[positive], ids[positive]]).any(), "a seen product was recommended"
    similar, similar_scores = model.similar_items(np.arange(clustered.shape[1]), n=5)
    kept = np.isfinite(similar_scores)
    itself = np.repeat(np.arange(clustered.shape[1])[:, None], 5, axis=1)
    assert kept.any() and not (similar[kept] == itself[kept]).any()
