"""The copy workflow: generate drafts, approve, publish through the shop adapter, reject, restore.

Generation never touches the shop: it only creates ``CopyDraft`` rows. Only ``publish`` and
``restore``, called for one draft by a person, write to the product, and the text they replace
is kept on the draft.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketing_ai.conf import app_settings
from marketing_ai.copywriting.composer import product_facts
from marketing_ai.copywriting.grounding import GroundingChecker
from marketing_ai.copywriting.prompts import TONE_PRESETS, PromptBook, build_request
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.shop import get_adapter
from marketing_ai.textgen import backend_names, get_backend

# The catalogue's vocabulary (brands, materials ...) is read at most this often per process.
VOCABULARY_SECONDS = 300


class CopyWorkflowError(ValueError):
    """A request the workflow refuses, with a message for the person who made it."""


@dataclass
class WrittenCopy:
    """One generated and checked text, not yet saved."""

    facts: dict
    kind: str
    text: str
    backend: str
    model: str
    prompt_version: str
    report: dict

    @property
    def passed(self):
        return self.report.get("passed", False)


def validate_options(kinds, language, tone, backend=None):
    """Refuse unknown kinds, languages, tones and backends with a clear message."""
    known = app_settings.COPY_KINDS
    unknown = [kind for kind in kinds if kind not in known]
    if not kinds or unknown:
        raise CopyWorkflowError(_("Unknown kind of copy %(kinds)s; known: %(known)s.") % {
            "kinds": ", ".join(unknown) or "-", "known": ", ".join(known)})
    if language not in app_settings.COPY_LANGUAGES:
        raise CopyWorkflowError(_("Unknown language %(language)r; known: %(known)s.") % {
            "language": language, "known": ", ".join(app_settings.COPY_LANGUAGES)})
    if tone not in TONE_PRESETS:
        raise CopyWorkflowError(_("Unknown tone %(tone)r; known: %(known)s.") % {
            "tone": tone, "known": ", ".join(TONE_PRESETS)})
    if backend and backend not in backend_names():
        raise CopyWorkflowError(_("Unknown backend %(backend)r; known: %(known)s.") % {
            "backend": backend, "known": ", ".join(backend_names())})


def make_checker(facts_list=()):
    """A grounding checker with the settings' limits and forbidden words and the given products' vocabulary."""
    return GroundingChecker.for_products(
        list(facts_list), forbidden_words=app_settings.COPY_FORBIDDEN_WORDS, limits=app_settings.COPY_KINDS,
        known_brands=app_settings.COPY_KNOWN_BRANDS,
    )


_vocabulary = {"at": 0.0, "facts": []}
_vocabulary_lock = threading.Lock()


def catalogue_checker():
    """A checker that knows every brand, material, colour and feature of the catalogue."""
    with _vocabulary_lock:
        if time.monotonic() - _vocabulary["at"] > VOCABULARY_SECONDS:
            # Only the attributes are kept: the vocabulary, not the whole catalogue.
            _vocabulary["facts"] = [{"attributes": p.attributes} for p in get_adapter().iter_products()]
            _vocabulary["at"] = time.monotonic()
        facts = _vocabulary["facts"]
    return make_checker(facts)


def reset_vocabulary():
    """Forget the cached catalogue vocabulary (after a bulk import, or between tests)."""
    with _vocabulary_lock:
        _vocabulary["at"], _vocabulary["facts"] = 0.0, []


def write_copy(facts_list, kinds, language="en", tone="professional", instructions="", backend=None,
               checker=None, seed=None, book=None):
    """Generate and check one text per (product facts, kind); regenerate once, then fall back to the template.

    Returns ``WrittenCopy`` objects in product-major order. Saves nothing.
    """
    validate_options(kinds, language, tone, backend)
    checker = checker or make_checker(facts_list)
    book = book or PromptBook()
    primary = get_backend(backend)
    jobs = []
    for facts in facts_list:
        for kind in kinds:
            request, version = build_request(facts, kind, language, tone, instructions, book=book, seed=seed)
            jobs.append({"facts": facts, "kind": kind, "request": request, "version": version, "attempts": []})
    pending = list(jobs)
    # Two rounds with the chosen backend (the second with another seed), then the template.
    rounds = [(primary, 0), (primary, 1)]
    if primary.name != "template":
        rounds.append((get_backend("template"), 0))
    for backend_obj, offset in rounds:
        if not pending:
            break
        requests = [_reseeded(job["request"], offset) for job in pending]
        results = backend_obj.generate(requests)
        still = []
        for job, result in zip(pending, results):
            text = result.text.strip()
            if result.error:
                report = {"passed": False, "claims": 0,
                          "failures": [{"type": "backend", "claim": "", "reason": result.error[:500]}]}
            else:
                report = checker.check(text, job["facts"], job["kind"]).as_dict()
            job["attempts"].append({"backend": result.backend, "model": result.model, "passed": report["passed"],
                                    "failures": report["failures"]})
            job["result"], job["report"], job["text"] = result, report, text
            if not report["passed"]:
                still.append(job)
        pending = still
    written = []
    for job in jobs:
        report = dict(job["report"])
        report["attempts"] = job["attempts"]
        report["fallback"] = job["result"].backend != primary.name
        written.append(WrittenCopy(job["facts"], job["kind"], job["text"], job["result"].backend,
                                   job["result"].model, job["version"], report))
    return written


def _reseeded(request, offset):
    if not offset:
        return request
    from dataclasses import replace

    return replace(request, seed=(request.seed or 0) + 7919 * offset)


def generate_drafts(products, kinds, language="en", tone="professional", instructions="", backend=None,
                    user=None, batch_prefix=None, checker=None, seed=None):
    """Create draft copy for ``products`` (``ProductData``); returns the new drafts.

    With ``batch_prefix`` (a bulk job) each draft gets a unique key per product, kind and language:
    drafts that already exist under the key are skipped, so re-running a batch adds no duplicates.
    """
    validate_options(kinds, language, tone, backend)
    products = list(products)
    if batch_prefix:
        existing = set(CopyDraft.objects.filter(batch_key__startswith=f"{batch_prefix}:").values_list(
            "batch_key", flat=True))
        products = [p for p in products
                    if any(_batch_key(batch_prefix, p.id, kind, language) not in existing for kind in kinds)]
    else:
        existing = set()
    if not products:
        return []
    facts_list = [product_facts(product) for product in products]
    written = write_copy(facts_list, kinds, language, tone, instructions, backend,
                         checker=checker or catalogue_checker(), seed=seed)
    titles = {product.id: product.title for product in products}
    drafts = []
    for item in written:
        product_id = item.facts["id"]
        key = _batch_key(batch_prefix, product_id, item.kind, language) if batch_prefix else None
        if key in existing:
            continue
        drafts.append(CopyDraft(
            product_id=product_id, product_title=titles.get(product_id, "")[:255], kind=item.kind,
            language=language, tone=tone, instructions=instructions, text=item.text, backend=item.backend,
            model_name=item.model[:200], prompt_version=item.prompt_version, grounding=item.report,
            grounded=item.passed, batch_key=key, created_by=_user(user),
        ))
    with transaction.atomic():
        if batch_prefix:
            # A second worker that raced us to the same keys loses quietly.
            CopyDraft.objects.bulk_create(drafts, ignore_conflicts=True)
        else:
            CopyDraft.objects.bulk_create(drafts)
    return drafts


def _batch_key(prefix, product_id, kind, language):
    return f"{prefix}:{product_id}:{kind}:{language}"[:160]


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# --- the review steps -------------------------------------------------------------------------------


def shop_language():
    """The language whose copy is written to the shop's own product fields."""
    return (app_settings.COPY_SHOP_LANGUAGE or settings.LANGUAGE_CODE).lower()


def _writes_to_shop(draft):
    return draft.language.lower() == shop_language() and get_adapter().copy_field(draft.kind) is not None


def _locked(draft):
    return CopyDraft.objects.select_for_update().get(pk=draft.pk)


def edit(draft, text, user=None):
    """Replace a draft's text (a person's edit) and check it again; published copy is never edited in place."""
    text = (text or "").strip()
    if not text:
        raise CopyWorkflowError(_("The text is empty."))
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status not in (CopyDraft.Status.DRAFT, CopyDraft.Status.APPROVED):
            raise CopyWorkflowError(_("Only drafts and approved copy can be edited; generate a new draft instead."))
        product = get_adapter().get_product(draft.product_id)
        facts = product_facts(get_adapter().product_data(product)) if product is not None else {}
        report = catalogue_checker().check(text, facts, draft.kind).as_dict()
        report["edited_by"] = getattr(user, "pk", None)
        draft.text, draft.grounding, draft.grounded = text, report, report["passed"]
        # An edit needs a fresh approval.
        draft.status, draft.approved_by, draft.approved_at = CopyDraft.Status.DRAFT, None, None
        draft.save(update_fields=["text", "grounding", "grounded", "status", "approved_by", "approved_at"])
    return draft


def approve(draft, user=None):
    """draft -> approved."""
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status != CopyDraft.Status.DRAFT:
            raise CopyWorkflowError(_("Only drafts can be approved (this one is %(status)s).") % {
                "status": draft.get_status_display()})
        draft.status, draft.approved_by, draft.approved_at = CopyDraft.Status.APPROVED, _user(user), timezone.now()
        draft.save(update_fields=["status", "approved_by", "approved_at"])
    return draft


def reject(draft, user=None):
    """draft or approved -> rejected. Rejected drafts are kept, never deleted."""
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status not in (CopyDraft.Status.DRAFT, CopyDraft.Status.APPROVED):
            raise CopyWorkflowError(_("Only drafts and approved copy can be rejected (this one is %(status)s).") % {
                "status": draft.get_status_display()})
        draft.status, draft.rejected_by, draft.rejected_at = CopyDraft.Status.REJECTED, _user(user), timezone.now()
        draft.save(update_fields=["status", "rejected_by", "rejected_at"])
    return draft


def current_published(product_id, kind, language):
    """The published draft of a product, kind and language, or None."""
    return (CopyDraft.objects.filter(product_id=str(product_id), kind=kind, language=language,
                                     status=CopyDraft.Status.PUBLISHED).order_by("-published_at", "-pk").first())


def _put_live(draft, user, text):
    """Make ``draft`` the published one: retire the current one, write ``text`` to the shop."""
    adapter = get_adapter()
    current = current_published(draft.product_id, draft.kind, draft.language)
    if current is not None and current.pk != draft.pk:
        current.status, current.retired_at = CopyDraft.Status.RETIRED, timezone.now()
        current.save(update_fields=["status", "retired_at"])
    if _writes_to_shop(draft):
        product = adapter.get_product(draft.product_id)
        if product is None:
            raise CopyWorkflowError(_("Product %(id)s no longer exists.") % {"id": draft.product_id})
        replaced = adapter.write_product_text(product, draft.kind, text)
    else:
        replaced = current.text if current is not None else ""
    return current if current is not None and current.pk != draft.pk else None, replaced


def publish(draft, user=None):
    """approved -> published: write the text to the product, keeping the text it replaces."""
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status != CopyDraft.Status.APPROVED:
            raise CopyWorkflowError(_("Only approved copy can be published (this one is %(status)s).") % {
                "status": draft.get_status_display()})
        replaced_draft, replaced_text = _put_live(draft, user, draft.text)
        draft.status, draft.published_by, draft.published_at = CopyDraft.Status.PUBLISHED, _user(user), timezone.now()
        draft.replaced_text, draft.replaced_draft, draft.retired_at = replaced_text, replaced_draft, None
        draft.save(update_fields=["status", "published_by", "published_at", "replaced_text", "replaced_draft",
                                  "retired_at"])
    return draft


def restore(draft, user=None):
    """Undo a publish, or bring back an earlier published version.

    For the published draft: the text it replaced goes back to the shop (and the draft it
    replaced, if any, is published again). For a retired draft: it is published again.
    """
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status == CopyDraft.Status.PUBLISHED:
            previous = draft.replaced_draft
            if previous is not None:
                previous = _locked(previous)
            draft.status, draft.retired_at = CopyDraft.Status.RETIRED, timezone.now()
            draft.save(update_fields=["status", "retired_at"])
            if _writes_to_shop(draft):
                product = get_adapter().get_product(draft.product_id)
                if product is None:
                    raise CopyWorkflowError(_("Product %(id)s no longer exists.") % {"id": draft.product_id})
                get_adapter().write_product_text(product, draft.kind, draft.replaced_text)
            if previous is not None and previous.status == CopyDraft.Status.RETIRED:
                previous.status, previous.retired_at = CopyDraft.Status.PUBLISHED, None
                previous.save(update_fields=["status", "retired_at"])
                return previous
            return draft
        if draft.status == CopyDraft.Status.RETIRED and draft.published_at:
            replaced_draft, replaced_text = _put_live(draft, user, draft.text)
            draft.status, draft.published_by, draft.published_at = (CopyDraft.Status.PUBLISHED, _user(user),
                                                                    timezone.now())
            draft.replaced_text, draft.replaced_draft, draft.retired_at = replaced_text, replaced_draft, None
            draft.save(update_fields=["status", "published_by", "published_at", "replaced_text", "replaced_draft",
                                      "retired_at"])
            return draft
    raise CopyWorkflowError(_("Only published or earlier published copy can be restored."))


def published_text(product_id, kind, language):
    """The published text for a product, kind and language, or None."""
    draft = current_published(product_id, kind, language)
    return draft.text if draft is not None else None
