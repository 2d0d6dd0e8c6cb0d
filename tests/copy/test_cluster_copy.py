"""A real qcluster worker killed with SIGKILL in the middle of a bulk copy job: the re-run finishes the
batch and no product gets a second draft of a kind."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from marketing_ai.jobs import rerun_job, start_job
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.models import Job

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]
KINDS = ["description", "seo_title"]


@pytest.fixture
def worker():
    started = []

    def start():
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.copy.worker_settings", "PYTHONUNBUFFERED": "1",
               "TEST_WORKER_DB_NAME": str(connection.settings_dict["NAME"]), "Q_WORKERS": "1"}
        (ROOT / "var").mkdir(exist_ok=True)
        log = open(ROOT / "var" / f"qcluster-copy-{os.getpid()}-{len(started)}.log", "w")
        process = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        started.append(process)
        return process

    from django_q.brokers import get_broker

    get_broker().purge_queue()
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(predicate, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_worker_killed_mid_copy_batch_rerun_finishes_without_duplicate_drafts(worker, demo_catalog):
    total = len(demo_catalog) * len(KINDS)
    process = worker()
    job = start_job("generate_copy", {"all": True, "kinds": KINDS, "backend": "slow"}, sync=False)
    wait_for(lambda: CopyDraft.objects.count() >= 16, what="the first chunks to be written")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    written = CopyDraft.objects.count()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and 0 < written < total, (job.status, written)

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    worker()
    assert rerun_job(job, sync=False)
    wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED, what="the re-run to succeed")
    job.refresh_from_db()
    assert job.attempts == 2 and job.result["drafts"] == total
    assert CopyDraft.objects.count() == total
    assert not (CopyDraft.objects.values("product_id", "kind").annotate(n=Count("id")).filter(n__gt=1).exists())
    assert set(CopyDraft.objects.values_list("backend", "status")) == {("slow", "draft")}
