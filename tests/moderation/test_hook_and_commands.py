"""Moderation runs when a review is saved (sync or as a job), in bulk from the command line, and in the demo."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo_shop.models import Review
from marketing_ai.models import Job
from marketing_ai.moderation.models import ModerationDecision

pytestmark = pytest.mark.django_db

SPAM = "Buy cheap mugs at http://cheap-mug-outlet.example/deals - 90% OFF today only!!!"


def test_saving_a_review_moderates_it_in_the_request_when_sync(sync_moderation, make_review):
    review = make_review(SPAM, 5)
    review.refresh_from_db()
    assert review.is_public is False
    assert ModerationDecision.objects.get(review_id=str(review.pk)).decision == "reject"


def test_saving_a_review_starts_a_moderation_job_by_default(make_review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = make_review(SPAM, 5)
    job = Job.objects.get(kind="moderate_reviews")
    assert job.status == "succeeded" and job.params == {"review_ids": [str(review.pk)]}
    assert job.result["reject"] == 1
    review.refresh_from_db()
    assert review.is_public is False


def test_visibility_changes_do_not_trigger_moderation(sync_moderation, make_review, staff_user):
    from marketing_ai.moderation.service import override

    review = make_review(SPAM, 5)
    decision = ModerationDecision.objects.get(review_id=str(review.pk))
    override(decision, "publish", user=staff_user, reason="ours")
    # The shop's own "hide" action saves only is_public: the person's choice is not re-judged.
    review.is_public = False
    review.save(update_fields=["is_public"])
    decision.refresh_from_db()
    assert decision.decision == "publish" and decision.overrides.count() == 1


def test_editing_the_text_moderates_again(sync_moderation, make_review):
    review = make_review("Lovely mug, keeps coffee warm.", 5)
    assert ModerationDecision.objects.get(review_id=str(review.pk)).decision == "publish"
    review.body = SPAM
    review.save()
    review.refresh_from_db()
    assert ModerationDecision.objects.get(review_id=str(review.pk)).decision == "reject" and not review.is_public


def test_hook_can_be_switched_off(moderation_settings, make_review):
    moderation_settings(MODERATION_ON_SAVE=False, MODERATION_SYNC=True)
    make_review(SPAM, 5)
    assert not ModerationDecision.objects.exists()


def test_a_failing_check_never_breaks_the_shops_save(sync_moderation, make_review, monkeypatch):
    from marketing_ai.moderation.rules import SpamCheck

    def broken(self, review):
        raise RuntimeError("boom")

    monkeypatch.setattr(SpamCheck, "check", broken)
    review = make_review(SPAM, 5)
    assert Review.objects.filter(pk=review.pk).exists() and not ModerationDecision.objects.exists()


def test_moderate_command_pending_all_and_ids(seeded):
    out = StringIO()
    call_command("marketing_ai", "moderate", stdout=out)
    total = Review.objects.count()
    assert f"{total} reviews" in out.getvalue() and ModerationDecision.objects.count() == total
    out = StringIO()
    call_command("marketing_ai", "moderate", "--pending", stdout=out)
    assert out.getvalue().startswith("0 reviews")
    first = Review.objects.order_by("pk").first()
    out = StringIO()
    call_command("marketing_ai", "moderate", "--ids", f"{first.pk},999999,abc", "--force", stdout=out)
    assert out.getvalue().startswith("1 reviews")
    out = StringIO()
    call_command("marketing_ai", "moderate", "--all", stdout=out)
    assert out.getvalue().startswith(f"{total} reviews")
    assert Review.objects.count() == total  # nothing deleted


def test_moderate_command_without_reviews_says_why(moderation_settings):
    moderation_settings(REVIEW_MODEL=None)
    with pytest.raises(CommandError, match="REVIEW_MODEL"):
        call_command("marketing_ai", "moderate", stdout=StringIO())


def test_run_pipelines_moderates_the_seeded_reviews(seeded):
    out = StringIO()
    call_command("marketing_ai", "run-pipelines", "--only", "moderation", stdout=out)
    assert "moderation: succeeded" in out.getvalue()
    assert ModerationDecision.objects.count() == Review.objects.count()
    assert Review.objects.filter(is_public=False).count() >= seeded.review_kinds["spam"]


def test_retrain_schedule_follows_the_setting(moderation_settings):
    from django_q.models import Schedule

    from marketing_ai.moderation.classifier import ensure_retrain_schedule

    schedule = ensure_retrain_schedule()
    assert schedule.minutes == 1440 and schedule.func == "marketing_ai.jobs.start_job"
    moderation_settings(MODERATION_RETRAIN_MINUTES=None)
    ensure_retrain_schedule()
    assert Schedule.objects.get(pk=schedule.pk).repeats == 0


def test_train_moderation_command_reports_why_nothing_serves():
    out = StringIO()
    call_command("marketing_ai", "train-moderation", stdout=out)
    assert "skipped" in out.getvalue() and "human decisions" in out.getvalue()
    out = StringIO()
    call_command("marketing_ai", "train-moderation", "--schedule", stdout=out)
    assert "every 1440 minutes" in out.getvalue()
