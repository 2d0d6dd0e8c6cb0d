"""Background work: one ``Job`` record per long run, django-q2 behind it.

A job kind is a plain function ``handler(ctx, **params) -> result``, declared by an app's
``CapabilityConfig.job_kinds`` (or the host's ``MARKETING_AI["JOB_KINDS"]``); ``ctx`` reports progress and
tells the handler when the job was cancelled. Handlers must be idempotent: a job may be run
again after its worker died, so they write their results in one transaction or with keys that
make a second write a no-op. The django-q2 task carries only the job's id.

Queues: ordinary jobs go to ``MARKETING_AI["JOB_QUEUE"]`` (default: the cluster's own name);
kinds marked ``gpu`` go to ``MARKETING_AI["GPU_QUEUE"]`` when set, so a GPU box can run its own
``Q_CLUSTER_NAME=gpu python manage.py qcluster``.
"""

import logging
import time
import traceback

from django.db import connections, router, transaction
from django.db.models import sql
from django.db.models.sql.constants import CURSOR
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import registered_job_kinds
from marketing_ai.conf import app_settings
from marketing_ai.models import Job

logger = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised inside a handler when a person cancelled its job."""


class JobError(Exception):
    """A handler's error meant for the person who started the job (no traceback shown)."""


class JobContext:
    """What a handler gets to report progress with."""

    # Progress writes are throttled: a tight loop must not turn into one UPDATE per row.
    min_interval = 0.5

    def __init__(self, job):
        self.job = job
        self._last_write = 0.0
        self._side_connection = None
        self._db = router.db_for_write(Job)
        # Transactions already open when the job started (a sync job inside a request, a test):
        # the job row may not be committed, so a second connection could not even see it.
        self._outer_depth = self._depth()

    def _depth(self):
        return len(getattr(connections[self._db], "atomic_blocks", ()))

    def progress(self, percent, message=None, force=False):
        """Record progress (0..100) and an optional one-line message; also a heartbeat."""
        percent = max(0, min(100, int(percent)))
        now = time.monotonic()
        if not force and now - self._last_write < self.min_interval:
            return
        self._last_write = now
        fields = {"progress": percent, "heartbeat_at": timezone.now()}
        if message is not None:
            fields["message"] = str(message)[:255]
        for name, value in fields.items():
            setattr(self.job, name, value)
        self._write(fields)
        if Job.objects.filter(pk=self.job.pk, status=Job.Status.CANCELLED).exists():
            raise JobCancelled()

    def _write(self, fields):
        db = self._db
        main = connections[db]
        if self._outer_depth or self._depth() == 0:
            Job.objects.using(db).filter(pk=self.job.pk).update(**fields)
            return
        # Inside the handler's transaction an UPDATE would stay invisible until commit. Write on a
        # connection of our own instead; SQLite allows one writer at a time, so there progress
        # shows again once the transaction ends.
        if main.vendor == "sqlite":
            return
        if self._side_connection is None:
            self._side_connection = connections.create_connection(db)
        query = Job.objects.filter(pk=self.job.pk).query.chain(sql.UpdateQuery)
        query.add_update_values(fields)
        query.get_compiler(connection=self._side_connection).execute_sql(CURSOR)

    def close(self):
        if self._side_connection is not None:
            self._side_connection.close()
            self._side_connection = None


def _queue_for(kind):
    entry = registered_job_kinds()[kind]
    if entry.gpu and app_settings.GPU_QUEUE:
        return app_settings.GPU_QUEUE
    return app_settings.JOB_QUEUE or ""


def start_job(kind, params=None, user=None, sync=None):
    """Create a Job and hand it to the worker (or run it here when ``sync``)."""
    kinds = registered_job_kinds()
    if kind not in kinds:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(sorted(kinds))}")
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        queue=_queue_for(kind),
        created_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    _dispatch(job, sync)
    return job


def rerun_job(job, sync=None):
    """Run a failed, cancelled or stalled job again from the start. Returns False if not allowed."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not (job.status in (Job.Status.FAILED, Job.Status.CANCELLED) or job.is_stalled):
            return False
        job.status = Job.Status.QUEUED
        job.progress = 0
        job.message = ""
        job.error = ""
        job.finished_at = None
        job.save(update_fields=["status", "progress", "message", "error", "finished_at"])
    _dispatch(job, sync)
    return True


def cancel_job(job):
    """Ask a queued or running job to stop; the handler stops at its next progress report."""
    updated = Job.objects.filter(pk=job.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.CANCELLED, finished_at=timezone.now(), message=str(_("Cancelled"))
    )
    return bool(updated)


def _dispatch(job, sync):
    if sync is None:
        sync = app_settings.RUN_JOBS_SYNC
    if sync:
        run_job(job.pk)
        job.refresh_from_db()
        return

    def enqueue():
        from django_q.tasks import async_task

        options = {"task_name": f"marketing_ai:{job.kind}:{job.pk}:{job.attempts + 1}"}
        if job.queue:
            options["cluster"] = job.queue
        task_id = async_task("marketing_ai.jobs.run_job", job.pk, **options)
        Job.objects.filter(pk=job.pk).update(task_id=str(task_id or "")[:64])

    # The worker must find the row: enqueue only once it is committed.
    transaction.on_commit(enqueue)


def run_job(job_id):
    """Entry point of the django-q2 task: run one job to its end. Safe to deliver twice."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            logger.warning("marketing_ai job %s no longer exists", job_id)
            return None
        if job.is_finished:
            # A re-delivered task of a finished job: nothing to do.
            return job.result
        if job.status == Job.Status.RUNNING and not job.is_stalled:
            # Another worker holds it and is alive.
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = now
        job.heartbeat_at = now
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "error"])

    ctx = JobContext(job)
    try:
        return _run_handler(job, ctx)
    finally:
        ctx.close()


def _run_handler(job, ctx):
    try:
        entry = registered_job_kinds().get(job.kind)
        if entry is None:
            raise JobError(_("unknown job kind %(kind)r: was it removed from MARKETING_AI['JOB_KINDS']?") % {
                "kind": job.kind})
        handler = import_string(entry.handler)
        result = handler(ctx, **job.params)
    except JobCancelled:
        logger.info("marketing_ai job %s cancelled", job.pk)
        return None
    except JobError as exc:
        _finish(job, Job.Status.FAILED, error=str(exc))
        return None
    except Exception as exc:  # the job records the failure; the worker lives on
        logger.exception("marketing_ai job %s failed", job.pk)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        _finish(job, Job.Status.FAILED, error=f"{detail}\n\n{traceback.format_exc(limit=8)}")
        return None
    _finish(job, Job.Status.SUCCEEDED, result=result)
    return result


def _finish(job, status, result=None, error=""):
    fields = {"status": status, "finished_at": timezone.now(), "heartbeat_at": timezone.now(), "error": error}
    if status == Job.Status.SUCCEEDED:
        fields.update(progress=100, result=result)
        if not job.message:
            fields["message"] = str(_("Done"))
    # A cancellation that arrived meanwhile wins.
    Job.objects.filter(pk=job.pk).exclude(status=Job.Status.CANCELLED).update(**fields)
