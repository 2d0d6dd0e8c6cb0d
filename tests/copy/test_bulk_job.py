"""Bulk generation as a job: progress, drafts only, and a killed worker's batch finishes without duplicates."""

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from marketing_ai import jobs
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.models import Job
from marketing_ai.pipelines import run_pipelines

KINDS = ["description", "seo_title"]


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so the job runner cannot record it."""


def test_bulk_job_writes_drafts_for_all_products_with_progress(demo_catalog, staff_user):
    job = jobs.start_job("generate_copy", {"all": True, "kinds": KINDS, "language": "en", "tone": "concise"},
                         user=staff_user)
    assert job.status == "succeeded", job.error
    assert job.result["drafts"] == len(demo_catalog) * 2 and job.result["grounded"] == len(demo_catalog) * 2
    assert job.progress == 100
    assert CopyDraft.objects.filter(status="draft", created_by=staff_user).count() == len(demo_catalog) * 2


def test_a_worker_killed_mid_batch_is_rerun_without_duplicate_drafts(demo_catalog, monkeypatch):
    calls = {"n": 0}
    real_progress = jobs.JobContext.progress

    def dying_progress(self, percent, message=None, force=False):
        real_progress(self, percent, message, force=True)
        calls["n"] += 1
        if calls["n"] == 3:  # the start report, then two chunks written
            raise WorkerKilled()

    monkeypatch.setattr(jobs.JobContext, "progress", dying_progress)
    with pytest.raises(WorkerKilled):
        jobs.start_job("generate_copy", {"all": True, "kinds": KINDS})
    job = Job.objects.get(kind="generate_copy")
    assert job.status == "running"
    written_before = CopyDraft.objects.count()
    assert 0 < written_before < len(demo_catalog) * 2

    monkeypatch.setattr(jobs.JobContext, "progress", real_progress)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=2))
    assert jobs.rerun_job(job)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.attempts == 2
    assert job.result["drafts"] == len(demo_catalog) * 2
    assert job.result["created_this_run"] == len(demo_catalog) * 2 - written_before
    duplicates = (CopyDraft.objects.values("product_id", "kind", "language").annotate(n=Count("id"))
                  .filter(n__gt=1))
    assert not duplicates.exists()


def test_bad_job_parameters_fail_the_job_with_a_clear_message(db):
    job = jobs.start_job("generate_copy", {"all": True, "kinds": ["sonnet"]})
    assert job.status == "failed" and "Unknown kind" in job.error and "Traceback" not in job.error


def test_the_pipeline_drafts_a_sample_and_never_publishes(demo_catalog):
    originals = {p.pk: p.description for p in demo_catalog}
    run_pipelines(only=["copy"])
    assert CopyDraft.objects.values("product_id").distinct().count() == 20
    assert set(CopyDraft.objects.values_list("status", flat=True)) == {"draft"}
    # A second run takes the next products instead of drafting the same ones again.
    run_pipelines(only=["copy"])
    assert CopyDraft.objects.values("product_id").distinct().count() == 40
    for product in demo_catalog:
        product.refresh_from_db()
        assert product.description == originals[product.pk]
