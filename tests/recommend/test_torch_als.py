"""Our torch ALS against implicit's: same ranking quality, and a loss that goes down every iteration."""

from marketing_ai.recommend.algorithms import make_recommender
from marketing_ai.recommend.evaluate import evaluate_model, split_per_user
from tests.recommend.conftest import clustered_matrix


def test_torch_als_reaches_implicit_als_quality_and_its_loss_decreases_every_iteration():
    matrix = clustered_matrix(n_users=800, n_items=200, per_user=15, noise=0.15, seed=3)
    train, test = split_per_user(matrix, 0.2, seed=42)
    params = {"factors": 24, "regularization": 0.05, "alpha": 2.0, "iterations": 12}
    ours = make_recommender("torch_als", device="cpu", **params).fit(train)
    theirs = make_recommender("als", device="cpu", **params).fit(train)
    ours_ndcg = evaluate_model(ours, train, test, k=10)["ndcg"]
    theirs_ndcg = evaluate_model(theirs, train, test, k=10)["ndcg"]
    assert abs(ours_ndcg - theirs_ndcg) <= 0.01, (ours_ndcg, theirs_ndcg)
    losses = ours.loss_history
    assert len(losses) == params["iterations"]
    assert all(later < earlier for earlier, later in zip(losses, losses[1:])), losses
    assert ours.device == "cpu"
