"""Jobs: one record per long run, progress, clear errors, safe to run again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketing_ai import jobs
from marketing_ai.capabilities import registered_job_kinds
from marketing_ai.jobs import cancel_job, rerun_job, run_job, start_job
from marketing_ai.models import Interaction, Job


# The kinds used here come from MARKETING_AI["JOB_KINDS"] in tests/settings.py.


def test_sync_job_runs_to_the_end_with_progress(staff_user):
    job = start_job("count_to", {"n": 4}, user=staff_user, sync=True)
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100 and job.result == {"counted": 4}
    assert job.created_by == staff_user and job.attempts == 1
    assert job.started_at <= job.finished_at


def test_failure_is_recorded_with_the_error_and_the_worker_survives(db):
    job = start_job("boom", sync=True)
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("RuntimeError: the model file is corrupt")
    assert job.progress == 40 and job.finished_at is not None


def test_job_error_shows_only_the_message(db):
    job = start_job("refuse", sync=True)
    assert job.status == Job.Status.FAILED and job.error == "nothing to train on yet"


def test_host_kinds_with_labels_and_queues(settings):
    kinds = registered_job_kinds()
    assert kinds["gpu_thing"].gpu and kinds["gpu_thing"].label == "GPU thing"
    assert kinds["import_events"].handler == "marketing_ai.backfill.run_import_job"


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValueError, match="unknown job kind"):
        start_job("does_not_exist")


def test_a_finished_job_delivered_again_does_nothing(db):
    job = start_job("write_events", {"n": 3}, sync=True)
    assert run_job(job.pk) == {"written": 3}
    job.refresh_from_db()
    assert job.attempts == 1 and Interaction.objects.count() == 3


def test_failed_job_can_be_rerun(db, settings):
    job = start_job("boom", sync=True)
    # The cause is fixed (here: the kind now points at a working handler).
    kinds = {**settings.MARKETING_AI["JOB_KINDS"], "boom": "tests.foundation.jobkinds.count_to"}
    settings.MARKETING_AI = {**settings.MARKETING_AI, "JOB_KINDS": kinds}
    assert rerun_job(job, sync=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2 and job.error == ""


def test_succeeded_job_cannot_be_rerun(db):
    job = start_job("count_to", sync=True)
    assert not rerun_job(job, sync=True)


def test_stalled_job_from_a_dead_worker_is_rerun_without_duplicates(db, settings):
    # A worker died mid-job: the row says running, its heartbeat is old, half of the writes happened.
    job = Job.objects.create(kind="write_events", params={"n": 4}, status=Job.Status.RUNNING, attempts=1,
                             started_at=timezone.now() - timedelta(hours=2),
                             heartbeat_at=timezone.now() - timedelta(hours=2))
    Interaction.objects.create(dedupe_key="jobtest-0", product_id="1", event_type="view")
    Interaction.objects.create(dedupe_key="jobtest-1", product_id="1", event_type="view")
    assert job.is_stalled
    assert rerun_job(job, sync=True)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    assert Interaction.objects.count() == 4


def test_running_job_with_a_live_worker_is_not_taken_over(db):
    job = Job.objects.create(kind="count_to", status=Job.Status.RUNNING, started_at=timezone.now(),
                             heartbeat_at=timezone.now())
    assert run_job(job.pk) is None
    assert not rerun_job(job, sync=True)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 0


def test_cancelled_job_stops_at_its_next_progress_report(db, monkeypatch):
    job = Job.objects.create(kind="count_to", params={"n": 5})

    original = jobs.JobContext.progress

    def progress_then_cancel(self, percent, message=None, force=False):
        if percent >= 40:
            cancel_job(self.job)
        return original(self, percent, message, force)

    monkeypatch.setattr(jobs.JobContext, "progress", progress_then_cancel)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job.progress < 100


def test_async_start_enqueues_only_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda *args, **kwargs: sent.append((args, kwargs)) or "t-1")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("count_to", sync=False)
        assert sent == []
    assert sent[0][0] == ("marketing_ai.jobs.run_job", job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.task_id == "t-1"


def test_gpu_jobs_go_to_the_gpu_queue(db, monkeypatch, settings, django_capture_on_commit_callbacks):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "GPU_QUEUE": "gpu"}
    sent = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda *args, **kwargs: sent.append(kwargs) or "t-2")
    with django_capture_on_commit_callbacks(execute=True):
        gpu = start_job("gpu_thing", sync=False)
        cpu = start_job("count_to", sync=False)
    assert gpu.queue == "gpu" and sent[0]["cluster"] == "gpu"
    assert cpu.queue == "" and "cluster" not in sent[1]


def test_progress_writes_are_throttled(db):
    job = Job.objects.create(kind="count_to", status=Job.Status.RUNNING)
    ctx = jobs.JobContext(job)
    ctx.progress(10)
    ctx.progress(20)
    job.refresh_from_db()
    assert job.progress == 10
    ctx.progress(30, force=True)
    job.refresh_from_db()
    assert job.progress == 30


def test_jobs_command_lists_and_reruns(db, capsys):
    from django.core.management import call_command

    job = start_job("boom", sync=True)
    call_command("marketing_ai", "jobs")
    assert "boom" in capsys.readouterr().out
    call_command("marketing_ai", "jobs", "--rerun", str(job.pk))
    assert f"job {job.pk} is failed" in capsys.readouterr().out
