"""Admin: runs with metrics and a chart, Train now as a job, rules, and a preview."""

from django.core.cache import cache

from marketing_ai.models import Job
from marketing_ai.recommend.models import RecommendationRule, RecommenderRun
from marketing_ai.recommend import training
from tests.permissions import grant

FAST = {"RECOMMEND_ALGORITHMS": ["popularity", "ease"], "RECOMMEND_SEARCH_SECONDS": 5}


def test_run_list_shows_metrics_and_quality_chart(shop_history, staff_user, client, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, **FAST}
    training.train_recommender()
    training.train_recommender()
    grant(staff_user, "marketing_ai_recommend.view_recommenderrun")
    client.force_login(staff_user)
    html = client.get("/admin/marketing_ai_recommend/recommenderrun/").content.decode()
    assert "<svg" in html and "polyline" in html
    assert "ease" in html
    assert "Train now" not in html  # needs the train permission


def test_train_now_starts_a_job_with_progress(shop_history, staff_user, client, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, **FAST}
    grant(staff_user, "marketing_ai_recommend.view_recommenderrun", "marketing_ai_recommend.train_recommender", "marketing_ai.view_job")
    client.force_login(staff_user)
    assert "Train now" in client.get("/admin/marketing_ai_recommend/recommenderrun/").content.decode()
    assert client.get("/admin/marketing_ai_recommend/recommenderrun/train/").status_code == 405
    response = client.post("/admin/marketing_ai_recommend/recommenderrun/train/")
    job = Job.objects.get(kind="train_recommender")
    assert response.status_code == 302 and response.url.endswith(f"/job/{job.pk}/change/")
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert RecommenderRun.objects.get(job=job).is_serving


def test_train_now_is_refused_without_permission(db, staff_user, client):
    grant(staff_user, "marketing_ai_recommend.view_recommenderrun")
    client.force_login(staff_user)
    assert client.post("/admin/marketing_ai_recommend/recommenderrun/train/").status_code == 403
    assert not Job.objects.exists()


def test_preview_shows_what_a_customer_and_a_product_page_would_get(shop_history, staff_user, client, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, **FAST}
    cache.clear()
    training.train_recommender()
    grant(staff_user, "marketing_ai_recommend.view_recommenderrun")
    client.force_login(staff_user)
    product = shop_history["products"][0]
    html = client.get("/admin/marketing_ai_recommend/recommenderrun/preview/",
                      {"customer": "shopper00", "product": product.pk}).content.decode()
    for title in ("Recommended for you", "Similar products", "Frequently bought together", "Trending now"):
        assert title in html
    assert "Shirts 1" in html
    bad = client.get("/admin/marketing_ai_recommend/recommenderrun/preview/", {"customer": "ghost"}).content.decode()
    assert "No customer ghost" in bad


def test_rules_are_managed_in_the_admin(shop_history, staff_user, client):
    grant(staff_user, "marketing_ai_recommend.add_recommendationrule", "marketing_ai_recommend.view_recommendationrule")
    client.force_login(staff_user)
    response = client.post("/admin/marketing_ai_recommend/recommendationrule/add/", {
        "action": "pin", "product_id": "777777", "placement": "all", "context_product_id": "", "position": 2,
        "active": "on", "note": "", "created_at_0": "2026-01-01", "created_at_1": "10:00:00"}, follow=True)
    assert response.status_code == 200
    assert RecommendationRule.objects.filter(product_id="777777").exists()
    assert "does not exist" in response.content.decode()
