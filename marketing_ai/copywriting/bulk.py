"""Bulk generation as a background job: products in chunks, each chunk one transaction.

Drafts carry a key made of the job's id, the product, the kind and the language, so a job that
is re-run after its worker died skips what it already wrote and finishes the rest.
"""

from django.utils.translation import gettext as _

from marketing_ai.conf import app_settings
from marketing_ai.copywriting.workflow import CopyWorkflowError, catalogue_checker, generate_drafts, validate_options
from marketing_ai.jobs import JobError
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.shop import get_adapter

# Statuses that count as "this product already has copy of this kind" for skip_existing.
OPEN_STATUSES = [CopyDraft.Status.DRAFT, CopyDraft.Status.APPROVED, CopyDraft.Status.PUBLISHED]


def select_product_ids(product_ids=None, all_products=False, limit=None, kinds=(), language="en",
                       skip_existing=False):
    """The product ids a bulk run works on, as strings, in the catalogue's order."""
    adapter = get_adapter()
    if all_products:
        ids = [str(pk) for pk in adapter.product_queryset().order_by("pk").values_list("pk", flat=True)]
    else:
        wanted = [str(value) for value in (product_ids or [])]
        found = adapter.existing_product_ids(wanted)
        ids = [value for value in dict.fromkeys(wanted) if value in found]
    if skip_existing:
        covered = {}
        for product_id, kind in CopyDraft.objects.filter(product_id__in=ids, kind__in=kinds, language=language,
                                                          status__in=OPEN_STATUSES).values_list("product_id", "kind"):
            covered.setdefault(product_id, set()).add(kind)
        ids = [value for value in ids if not set(kinds) <= covered.get(value, set())]
    return ids[:limit] if limit else ids


def iter_chunks(items, size):
    """Consecutive slices of ``items`` of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run_generate_copy_job(ctx, product_ids=None, all=False, kinds=("description",), language="en",
                          tone="professional", instructions="", backend=None, limit=None, skip_existing=False,
                          seed=None):
    """Job handler: draft copy for many products, with progress. Never publishes."""
    kinds = list(kinds)
    try:
        validate_options(kinds, language, tone, backend)
    except CopyWorkflowError as exc:
        raise JobError(str(exc)) from None
    ids = select_product_ids(product_ids, all, limit, kinds, language, skip_existing)
    if not ids:
        return {"products": 0, "drafts": 0, "grounded": 0}
    adapter = get_adapter()
    checker = catalogue_checker()
    prefix = f"job{ctx.job.pk}"
    created = grounded = done = 0
    user = ctx.job.created_by
    chunk_size = max(1, int(app_settings.COPY_JOB_CHUNK_SIZE))
    ctx.progress(0, _("Writing copy for %(count)d products") % {"count": len(ids)}, force=True)
    for chunk in iter_chunks(ids, chunk_size):
        pks = [adapter.parse_product_id(value) for value in chunk]
        products = [adapter.product_data(p) for p in adapter.product_queryset().filter(pk__in=pks).order_by("pk")]
        drafts = generate_drafts(products, kinds, language, tone, instructions, backend, user=user,
                                 batch_prefix=prefix, checker=checker, seed=seed)
        created += len(drafts)
        grounded += sum(1 for draft in drafts if draft.grounded)
        done += len(chunk)
        ctx.progress(100 * done / len(ids), _("%(done)d of %(total)d products") % {"done": done, "total": len(ids)})
    total = CopyDraft.objects.filter(batch_key__startswith=f"{prefix}:").count()
    ctx.job.message = _("%(count)d drafts written") % {"count": total}
    ctx.job.save(update_fields=["message"])
    return {"products": len(ids), "drafts": total, "created_this_run": created, "grounded": grounded}
