"""Every pipeline the installed apps declare, run in order by ``marketing_ai run-pipelines`` and the demo.

Each capability app lists its ``Pipeline``s on its ``CapabilityConfig`` (marketing_ai.capabilities): a
name, the job kind that does the work, and the adapter method that says whether this shop can run
it (a shop with no orders skips the order pipeline).
"""

from marketing_ai.capabilities import pipelines
from marketing_ai.jobs import start_job
from marketing_ai.shop import get_adapter


def is_applicable(pipeline):
    return getattr(get_adapter(), pipeline.requires)() if pipeline.requires else True


def run_pipelines(only=None, sync=True, user=None, report=None):
    """Start one job per applicable pipeline; returns the jobs."""
    started = []
    for pipeline in pipelines():
        if only and pipeline.name not in only:
            continue
        if not is_applicable(pipeline):
            if report:
                report(f"{pipeline.name}: skipped (not configured for this shop)")
            continue
        job = start_job(pipeline.job_kind, dict(pipeline.params), user=user, sync=sync)
        if report:
            detail = job.message or job.status
            report(f"{pipeline.name}: {job.status} - {detail}")
        started.append(job)
    return started


def run_pipelines_job(ctx, only=None):
    """Job handler: run each pipeline's job in this worker, one after the other."""
    jobs = run_pipelines(only=only, sync=True)
    return {job.kind: job.status for job in jobs}
