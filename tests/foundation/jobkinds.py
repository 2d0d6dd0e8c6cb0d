"""Job handlers used by the job tests (named in the test settings' MARKETING_AI["JOB_KINDS"])."""

import time

from marketing_ai.jobs import JobError
from marketing_ai.models import Interaction


def count_to(ctx, n=10, delay=0.0):
    for i in range(n):
        ctx.progress(100 * i / n, f"step {i}", force=True)
        if delay:
            time.sleep(delay)
    return {"counted": n}


def boom(ctx):
    ctx.progress(40, "about to fail", force=True)
    raise RuntimeError("the model file is corrupt")


def refuse(ctx):
    raise JobError("nothing to train on yet")


def write_events(ctx, product_id="1", n=5, delay=0.0):
    """Idempotent writes: keys make a second run a no-op."""
    for i in range(n):
        if delay:
            time.sleep(delay)
        Interaction.objects.get_or_create(dedupe_key=f"jobtest-{i}", defaults={"product_id": product_id,
                                                                               "event_type": "view"})
        ctx.progress(100 * (i + 1) / n, force=bool(delay))
    return {"written": n}
