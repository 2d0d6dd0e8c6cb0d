"""A real django-q2 qcluster process, on whichever broker is configured (ORM by default, Redis
when REDIS_URL is set): jobs finish there, and a worker killed mid-job leaves a job that re-runs
with nothing duplicated or half-written."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from marketing_ai.jobs import rerun_job, start_job
from marketing_ai.models import Interaction, Job

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(request):
    """Start qcluster processes on the test database; all are killed at the end."""
    started = []

    def start(**extra_env):
        env = {**os.environ, **extra_env, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONUNBUFFERED": "1",
               "TEST_WORKER_DB_NAME": str(connection.settings_dict["NAME"]), "Q_WORKERS": "1"}
        log = open(ROOT / "var" / f"qcluster-{os.getpid()}-{request.node.name}-{len(started)}.log", "w")
        process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append(process)
        return process

    (ROOT / "var").mkdir(exist_ok=True)
    # Tasks left in Redis by an earlier run point at jobs of another test database.
    from django_q.brokers import get_broker

    get_broker().purge_queue()
    get_broker("gpu").purge_queue()
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(predicate, timeout=120, what="condition"):
    """Poll until ``predicate()``; on time-out, say what the jobs and the workers were doing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    jobs = list(Job.objects.values("pk", "kind", "status", "progress", "attempts", "message", "error"))
    logs = []
    for path in sorted((ROOT / "var").glob(f"qcluster-{os.getpid()}-*.log")):
        logs.append(f"--- {path.name}\n" + path.read_text(errors="replace")[-2000:])
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; jobs: {jobs}\n" + "\n".join(logs))


def job_state(job):
    job.refresh_from_db()
    return job


def test_job_enqueued_through_the_broker_finishes_in_a_real_worker(cluster):
    cluster()
    job = start_job("count_to", {"n": 3}, sync=False)
    wait_for(lambda: job_state(job).status == Job.Status.SUCCEEDED, what="the job to succeed")
    assert job.result == {"counted": 3} and job.progress == 100 and job.task_id


def test_worker_killed_mid_job_then_rerun_duplicates_nothing(cluster, settings):
    process = cluster()
    job = start_job("write_events", {"n": 12, "delay": 0.4}, sync=False)
    wait_for(lambda: job_state(job).status == Job.Status.RUNNING and job.progress >= 25, what="the job to be running")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    job.refresh_from_db()
    written = Interaction.objects.count()
    assert job.status == Job.Status.RUNNING and 0 < written < 12

    # Nothing has heartbeat since the kill; once it is stale, a person (or the command) re-runs it.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert job_state(job).is_stalled
    cluster()
    assert rerun_job(job, sync=False)
    wait_for(lambda: job_state(job).status == Job.Status.SUCCEEDED, what="the re-run to succeed")
    assert Interaction.objects.count() == 12
    assert job.attempts == 2


def test_import_killed_mid_write_leaves_nothing_and_rerun_imports_once(cluster, catalog, customers, tmp_path):
    rows = 150_000
    path = tmp_path / "big.csv"
    with open(path, "w") as handle:
        handle.write("user,product,time\n")
        for i in range(rows):
            handle.write(f"customer00{1 + i % 3},{catalog[i % 3].pk},{1_700_000_000 + i}\n")
    # Small batches keep the worker inside the write phase long enough to be killed there.
    process = cluster(TEST_IMPORT_BATCH_SIZE="100")
    params = {"path": str(path), "user_column": "user", "product_column": "product", "event_type": "view",
              "time_column": "time"}
    job = start_job("import_events", params, sync=False)
    # 50% is reported when every row has been checked and the write transaction begins.
    wait_for(lambda: job_state(job).status != Job.Status.QUEUED and job.progress >= 50, timeout=120,
             what="the import to start writing")
    assert job.status == Job.Status.RUNNING, (job.status, job.error)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    if job_state(job).status == Job.Status.SUCCEEDED:
        pytest.fail("the import finished before it could be killed; make the file larger")
    assert Interaction.objects.count() == 0, "a killed import must leave nothing half-written"

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    cluster()
    assert rerun_job(job, sync=False)
    wait_for(lambda: job_state(job).status == Job.Status.SUCCEEDED, timeout=180, what="the re-run import")
    assert Interaction.objects.count() == rows
    assert job.result["created"] == rows


def test_gpu_jobs_run_only_on_the_gpu_cluster(cluster):
    cluster()
    job = start_job("gpu_thing", {"n": 2}, sync=False)
    assert job.queue == "gpu"
    time.sleep(3)
    assert job_state(job).status == Job.Status.QUEUED, "the default cluster must not take GPU jobs"
    cluster(Q_CLUSTER_NAME="gpu")
    wait_for(lambda: job_state(job).status == Job.Status.SUCCEEDED, what="the GPU cluster to run the job")
