"""Training runs: evaluated on a holdout, served only when better, swapped atomically, never half-done."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketing_ai.models import Job
from marketing_ai.recommend.models import RecommendationList, RecommenderRun
from marketing_ai.recommend import training
from marketing_ai.recommend.data import build_matrix, matrix_from_interactions

FAST = ["popularity", "ease", "item_cosine"]


def test_matrix_builder_sums_weights_and_keeps_stable_maps(shop_history):
    data = matrix_from_interactions()
    assert data.shape[0] == 30
    assert data.nnz > 0
    # Rebuilding gives the same maps whatever the order rows arrive in.
    rows = [("u:2", "10", 1.0), ("u:1", "3", 2.0), ("u:2", "10", 5.0), ("s:abc", "3", 1.0), ("", "3", 1.0),
            ("u:1", "4", float("nan")), ("u:1", "4", -1)]
    first, second = build_matrix(rows), build_matrix(reversed(rows))
    assert first.user_keys == second.user_keys == ["s:abc", "u:1", "u:2"]
    assert first.product_ids == ["3", "10"]
    assert first.matrix[first.user_index()["u:2"], first.product_index()["10"]] == 6.0
    assert (first.matrix != second.matrix).nnz == 0


def test_first_run_serves_and_stores_lists_and_model_files(shop_history):
    run = training.train_recommender(algorithms=FAST, budget_seconds=10)
    assert run.status == RecommenderRun.Status.SUCCEEDED, run.reason
    assert run.is_serving
    assert run.metrics["candidate"]["ndcg"] > run.metrics["popularity"]["ndcg"]
    assert run.n_users == 30 and run.n_interactions > 0 and run.duration_seconds > 0
    kinds = set(RecommendationList.objects.filter(run=run).values_list("kind", flat=True))
    assert kinds == {"user", "similar", "together", "trending", "popular"}
    # Trending, accumulated while the matrix was read, equals a separate pass over the log.
    from marketing_ai.recommend.lists import trending_lists

    stored = RecommendationList.objects.get(run=run, kind="trending", key="")
    assert stored.product_ids == [pid for pid, _ in trending_lists()[""]]
    from marketing_ai.recommend.algorithms import load_recommender

    model = load_recommender(run.model_path)
    assert model.name == run.algorithm


def test_a_model_that_does_not_beat_the_serving_one_is_kept_out(shop_history):
    first = training.train_recommender(algorithms=FAST, budget_seconds=10)
    assert first.is_serving
    # Same data, same configuration: nothing is new, so the first run keeps serving.
    second = training.train_recommender(algorithms=[first.algorithm], budget_seconds=10)
    first.refresh_from_db()
    assert second.status == RecommenderRun.Status.REJECTED
    assert "keeps serving" in second.reason
    assert first.is_serving and not second.is_serving
    assert second.metrics["serving"]["run"] == first.pk
    # Its model lists are never written; only the shop's own lists (trending, bought together) are.
    assert not RecommendationList.objects.filter(run=second, kind__in=["user", "similar"]).exists()


def test_a_nightly_retrain_on_newer_data_replaces_the_serving_model(shop_history):
    from marketing_ai.models import Interaction

    first = training.train_recommender(algorithms=["item_cosine"], budget_seconds=0)
    assert first.is_serving
    event = Interaction.objects.order_by("pk").first()
    Interaction.objects.create(user=event.user, product_id=event.product_id, event_type="purchase")
    second = training.train_recommender(algorithms=["item_cosine"], budget_seconds=0)
    first.refresh_from_db()
    assert second.is_serving and not first.is_serving, second.reason
    assert second.metrics["serving"] == {"run": first.pk, "same_configuration": True,
                                         "data": first.metrics["data"]}


def test_a_different_configuration_must_beat_the_serving_one(shop_history):
    first = training.train_recommender(algorithms=["item_cosine"], budget_seconds=0)
    second = training.train_recommender(algorithms=["item_bm25"], budget_seconds=0)
    first.refresh_from_db()
    serving = second.metrics["serving"]
    assert serving["run"] == first.pk and "same_configuration" not in serving
    better = second.metrics["candidate"]["ndcg"] > serving["ndcg"]
    assert second.is_serving is better and first.is_serving is not better


def test_popularity_alone_never_replaces_a_serving_model(shop_history):
    first = training.train_recommender(algorithms=FAST, budget_seconds=10)
    second = training.train_recommender(algorithms=["popularity"], budget_seconds=10)
    assert second.status == RecommenderRun.Status.REJECTED
    first.refresh_from_db()
    assert first.is_serving


def test_a_failing_run_changes_nothing_served(shop_history, monkeypatch):
    first = training.train_recommender(algorithms=FAST, budget_seconds=10)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(training, "_store_lists", broken)
    monkeypatch.setattr(training, "_why_not_better", lambda *args: "")
    failed = training.train_recommender(algorithms=FAST, budget_seconds=10)
    first.refresh_from_db()
    assert failed.status == RecommenderRun.Status.FAILED and "disk full" in failed.reason
    assert first.is_serving and not failed.is_serving
    assert RecommenderRun.objects.filter(is_serving=True).count() == 1


def test_an_empty_log_fails_with_a_clear_reason(db):
    run = training.train_recommender(algorithms=FAST)
    assert run.status == RecommenderRun.Status.FAILED
    assert "Not enough interactions" in run.reason
    assert not RecommenderRun.objects.filter(is_serving=True).exists()


def test_train_job_and_command_and_pipeline(shop_history, staff_user):
    from marketing_ai.jobs import start_job
    from marketing_ai.capabilities import pipelines

    job = start_job("train_recommender", {"algorithms": FAST, "budget_seconds": 5}, user=staff_user)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["status"] == "succeeded"
    assert RecommenderRun.objects.get(pk=job.result["run"]).job_id == job.pk

    out = StringIO()
    call_command("marketing_ai", "train", "--algorithms", "popularity", stdout=out, stderr=StringIO())
    assert "keeps serving" in out.getvalue()
    with pytest.raises(CommandError, match="unknown algorithms"):
        call_command("marketing_ai", "train", "--algorithms", "nope")
    assert any(p.name == "recommendations" and p.job_kind == "train_recommender" for p in pipelines())


def test_training_schedule_is_installed_from_the_setting(db, settings):
    from django_q.models import Schedule

    call_command("marketing_ai", "train", "--install-schedule", stdout=StringIO())
    schedule = Schedule.objects.get(name="marketing_ai: train recommendations")
    assert schedule.cron == "0 3 * * *" and schedule.schedule_type == Schedule.CRON
    settings.MARKETING_AI = {**settings.MARKETING_AI, "RECOMMEND_TRAIN_CRON": None}
    call_command("marketing_ai", "train", "--install-schedule", stdout=StringIO())
    assert Schedule.objects.get(pk=schedule.pk).repeats == 0


def test_evaluate_recs_prints_the_documented_json(tmp_path, clustered):
    path = tmp_path / "events.csv"
    coo = clustered.tocoo()
    lines = ["customer,item,count,ts"] + [f"c{u},p{i},{v:g},{1000 + n}" for n, (u, i, v) in
                                           enumerate(zip(coo.row, coo.col, coo.data))]
    path.write_text("\n".join(lines))
    out = StringIO()
    call_command("marketing_ai", "evaluate-recs", "--csv", str(path), "--user-column", "customer", "--item-column",
                 "item", "--weight-column", "count", "--time-column", "ts", "--split", "time", "--k", "5",
                 "--algorithms", "popularity,ease,item_bm25", "--budget", "5", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["selected"] in {"popularity", "ease", "item_bm25"}
    assert set(result["models"]) == {"popularity", "ease", "item_bm25", "selected"}
    for metrics in result["models"].values():
        assert set(metrics) == {"precision", "recall", "ndcg", "map", "coverage", "fit_seconds"}
        assert 0 <= metrics["ndcg"] <= 1
    assert result["models"]["ease"]["ndcg"] > result["models"]["popularity"]["ndcg"]
    text = StringIO()
    call_command("marketing_ai", "evaluate-recs", "--csv", str(path), "--user-column", "customer", "--item-column",
                 "item", "--algorithms", "popularity", stdout=text, stderr=StringIO())
    assert "ndcg@10" in text.getvalue() and "selected (popularity)" in text.getvalue()


@pytest.mark.parametrize("args, message", [
    (["--user-column", "nobody", "--item-column", "item"], "no column 'nobody'"),
    (["--user-column", "customer", "--item-column", "item", "--split", "time"], "--time-column"),
    (["--user-column", "customer", "--item-column", "item", "--test-fraction", "1.5"], "between 0 and 1"),
    (["--user-column", "customer", "--item-column", "item", "--weight-column", "count"], "line 3"),
])
def test_evaluate_recs_refuses_bad_input_clearly(tmp_path, args, message):
    path = tmp_path / "bad.csv"
    path.write_text("customer,item,count\nc1,p1,1\nc1,p2,lots\n")
    with pytest.raises(CommandError, match=message):
        call_command("marketing_ai", "evaluate-recs", "--csv", str(path), *args, stdout=StringIO(), stderr=StringIO())


def test_time_decay_and_quantities_shape_the_weights(db, customers):
    from datetime import timedelta

    from django.utils import timezone

    from marketing_ai.models import Interaction
    from marketing_ai.recommend.data import decay_factor, interaction_rows

    now = timezone.now()
    Interaction.objects.create(user=customers[0], product_id="1", event_type="purchase", quantity=2, occurred_at=now)
    Interaction.objects.create(user=customers[0], product_id="2", event_type="view", occurred_at=now - timedelta(days=14))
    Interaction.objects.create(product_id="2", event_type="view", occurred_at=now)  # no user, no session: skipped
    rows = {product: weight for _, product, weight in interaction_rows(half_life_days=7, now=now)}
    assert rows["1"] == pytest.approx(5.0 * 2)
    assert rows["2"] == pytest.approx(0.25)
    assert decay_factor(86400 * 7, None) == 1.0


def test_a_serving_swap_invalidates_the_cache(shop_history, django_capture_on_commit_callbacks):
    from marketing_ai.recommend.cache import generation

    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run = training.train_recommender(algorithms=FAST, budget_seconds=5)
    assert run.is_serving
    assert generation() != before


def test_a_rejected_run_still_refreshes_trending_and_bought_together(shop_history):
    from django.core.cache import cache

    from marketing_ai.models import Interaction
    from marketing_ai.recommend import serve

    first = training.train_recommender(algorithms=FAST, budget_seconds=5)
    newcomer = shop_history["products"][23]
    Interaction.objects.bulk_create(
        Interaction(user=customer, product_id=str(newcomer.pk), event_type="purchase")
        for customer in shop_history["customers"])
    second = training.train_recommender(algorithms=["popularity"], budget_seconds=5)
    assert second.status == RecommenderRun.Status.REJECTED and second.shop_lists_at is not None
    first.refresh_from_db()
    assert first.is_serving
    cache.clear()
    assert serve.trending(limit=1)[0].id == str(newcomer.pk)
