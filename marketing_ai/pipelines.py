"""Every pipeline the app has, run in order by ``marketing_ai run-pipelines`` and the demo.

Each capability adds a ``Pipeline`` here: a name, the job kind that does the work, and a test of
whether this shop can run it (a shop with no orders skips the order pipeline).
"""

from dataclasses import dataclass, field

from marketing_ai.jobs import start_job
from marketing_ai.shop import get_adapter


@dataclass(frozen=True)
class Pipeline:
    name: str
    job_kind: str
    params: dict = field(default_factory=dict)
    applies: object = None  # callable() -> bool; None means always

    def is_applicable(self):
        return self.applies() if self.applies else True


PIPELINES = [
    Pipeline("purchases", "sync_orders", applies=lambda: get_adapter().has_orders()),
    Pipeline("moderation", "moderate_reviews", {"pending": True}, applies=lambda: get_adapter().has_reviews()),
    Pipeline("recommendations", "train_recommender"),
    # Drafts only, for a sample of products that have none yet: a person approves and publishes.
    Pipeline("copy", "generate_copy", params={"all": True, "limit": 20, "skip_existing": True,
                                              "kinds": ["description", "seo_title", "meta_description"],
                                              "language": "en", "tone": "friendly"}),
]


def run_pipelines(only=None, sync=True, user=None, report=None):
    """Start one job per applicable pipeline; returns the jobs."""
    started = []
    for pipeline in PIPELINES:
        if only and pipeline.name not in only:
            continue
        if not pipeline.is_applicable():
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
