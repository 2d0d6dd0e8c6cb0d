"""Moderating the shop's reviews: the only code that writes ``ModerationDecision`` s.

Reviews are read, hidden and shown only through the shop adapter. Nothing is deleted: a held or
rejected review is hidden and can be shown again with ``override``; masked text keeps the
original in the decision.
"""

import hashlib
import logging
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings
from marketing_ai.moderation.models import ModerationDecision, ModerationOverride, Verdict
from marketing_ai.moderation.text import normalise_text
from marketing_ai.moderation.pipeline import PUBLISH, ModerationPipeline
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)


class ModerationError(ValueError):
    """A request the moderation service refuses, with a message for people."""


def text_hash(text, rating=None):
    """What a decision was about: the checked text and the stars (a changed rating is checked again)."""
    return hashlib.sha256(f"{rating}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()


class DecisionHistory:
    """Earlier reviews, read from the stored decisions, for the duplicate and burst checks."""

    def __init__(self, size=None, window=timedelta(days=1)):
        self.size = app_settings.MODERATION_HISTORY_SIZE if size is None else size
        self.window = window
        self._texts = None
        self._times = {}

    def recent_texts(self):
        """(review id, text) of the most recently moderated reviews."""
        if self._texts is None:
            rows = ModerationDecision.objects.order_by("-created_at", "-pk").values_list("review_id", "text")
            self._texts = list(rows[: self.size])
        return self._texts

    def count_between(self, kind, value, since, until, exclude=()):
        """How many stored reviews by this author (or from this ip) were written between two times."""
        field = "author_id" if kind == "author" else "ip"
        key = (kind, value)
        if key not in self._times:
            rows = (ModerationDecision.objects.filter(**{field: value}, review_created__isnull=False)
                    .order_by("-review_created").values_list("review_id", "review_created")[:1000])
            self._times[key] = list(rows)
        excluded = set(exclude)
        return sum(1 for review_id, created in self._times[key]
                   if review_id not in excluded and since <= created <= until)

    def remember(self, decision):
        """A decision just stored: later batches of the same run compare with it too."""
        if self._texts is not None:
            self._texts.insert(0, (decision.review_id, decision.text))
            del self._texts[self.size:]
        for kind, value in (("author", decision.author_id), ("ip", decision.ip)):
            if value and (kind, value) in self._times and decision.review_created is not None:
                self._times[(kind, value)].append((decision.review_id, decision.review_created))


def _prepare(pipeline, adapter, review, products):
    data = adapter.review_data(review)
    if data.product_id not in products:
        product = adapter.get_product(data.product_id)
        products[data.product_id] = adapter.product_data(product) if product is not None else None
    text, truncated = pipeline.prepare(data.text, title=data.title, rating=data.rating,
                                       product=products[data.product_id], author_id=data.author_id,
                                       review_id=data.id, created=data.created, ip=adapter.review_ip(review))
    return data, text, truncated


def moderate_review(review, force=False, pipeline=None):
    """Moderate one of the shop's reviews; returns its ``ModerationDecision``."""
    return moderate_reviews([review], force=force, pipeline=pipeline)[0]


def moderate_reviews(reviews, force=False, pipeline=None, batch_size=500, progress=None, total=None):
    """Moderate many reviews in batches; returns their decisions in order.

    A review whose text is unchanged since its last decision is left alone unless ``force``. A
    person's decision always stands while the text is unchanged: forcing refreshes the scores only.
    """
    adapter = get_adapter()
    pipeline = pipeline or ModerationPipeline.from_settings()
    history = DecisionHistory()
    decisions, batch, done = [], [], 0
    for review in reviews:
        batch.append(review)
        if len(batch) >= batch_size:
            decisions.extend(_moderate_batch(batch, adapter, pipeline, history, force))
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        decisions.extend(_moderate_batch(batch, adapter, pipeline, history, force))
        done += len(batch)
        if progress:
            progress(done, total)
    return decisions


def _moderate_batch(batch, adapter, pipeline, history, force):
    products = {}
    prepared = [_prepare(pipeline, adapter, review, products) for review in batch]
    existing = {d.review_id: d for d in ModerationDecision.objects.filter(review_id__in=[p[0].id for p in prepared])}
    todo = []
    for review, (data, text, truncated) in zip(batch, prepared):
        digest = text_hash(text.text, data.rating)
        decision = existing.get(data.id)
        unchanged = decision is not None and digest in (decision.text_hash, decision.masked_hash)
        if unchanged and not force:
            continue
        if decision is not None and digest == decision.masked_hash:
            # The shop now shows our masked text; the decision stays about the original.
            continue
        todo.append((review, data, text, truncated, digest, decision))
    if todo:
        results = pipeline.run([t[2] for t in todo], [t[3] for t in todo], history=history)
        with transaction.atomic():
            stored = _store_many(todo, results)
            for (review, data, *_rest), result, (decision, human_stands) in zip(todo, results, stored):
                if not human_stands:
                    if result.masked_text and result.decision == PUBLISH:
                        _publish_masked(decision, review, data, result, adapter)
                    _apply_visibility(decision, review, adapter)
                existing[data.id] = decision
                history.remember(decision)
    return [existing[p[0].id] for p in prepared]


STORED_FIELDS = ["product_id", "author_id", "ip", "rating", "text", "text_hash", "automatic_decision", "risk", "scores",
                 "reasons", "reason_codes", "truncated", "pipeline_version", "classifier_id", "review_created",
                 "decision", "decided_by_human"]


def _store_many(todo, results):
    """Write the batch's decisions with one INSERT and one UPDATE; returns (decision, human decision stands)."""
    created, updated, stored = [], [], []
    for (review, data, text, truncated, digest, decision), result in zip(todo, results):
        # A person's decision stands while the text is what they saw; forcing refreshes only the scores.
        human_stands = decision is not None and decision.text_hash == digest and decision.decided_by_human
        fields = {
            "product_id": data.product_id or "", "author_id": data.author_id or "", "ip": text.ip,
            "rating": data.rating, "text": result.text, "text_hash": digest, "automatic_decision": result.decision,
            "risk": result.risk, "scores": result.scores, "reasons": result.reasons,
            "reason_codes": _codes(result.reason_codes), "truncated": result.truncated,
            "pipeline_version": result.pipeline_version, "classifier_id": result.classifier_id,
            "review_created": data.created,
        }
        if not human_stands:
            fields.update(decision=result.decision, decided_by_human=False)
        if decision is None:
            decision = ModerationDecision(review_id=data.id, **fields)
            created.append(decision)
        else:
            for name, value in fields.items():
                setattr(decision, name, value)
            decision.updated_at = timezone.now()
            updated.append(decision)
        stored.append((decision, human_stands))
    if created:
        ModerationDecision.objects.bulk_create(created)
    if updated:
        ModerationDecision.objects.bulk_update(updated, [*STORED_FIELDS, "updated_at"])
    return stored


def _codes(codes):
    return f" {' '.join(codes)} " if codes else ""


def _publish_masked(decision, review, data, result, adapter):
    """Write the masked title and text to the shop, keeping the original in the decision."""
    title, text = data.title, data.text
    for start, end in _masked_runs(result.text, result.masked_text):
        secret = result.text[start:end]
        hidden = re.sub(r"\S", "*", secret)
        title, text = title.replace(secret, hidden), text.replace(secret, hidden)
    if (title, text) == (data.title, data.text):
        return
    if decision.original is None:
        decision.original = {"title": data.title, "text": data.text}
    adapter.set_review_text(review, title, text)
    masked, _cut = normalise_text(title, text, max_chars=app_settings.MODERATION_MAX_CHARS)
    decision.masked_hash = text_hash(masked, data.rating)
    decision.masked_text = result.masked_text
    decision.save(update_fields=["original", "masked_hash", "masked_text"])


def _masked_runs(original, masked):
    runs, start = [], None
    for position, (a, b) in enumerate(zip(original, masked)):
        if a != b and start is None:
            start = position
        elif a == b and start is not None:
            runs.append((start, position))
            start = None
    if start is not None:
        runs.append((start, len(masked)))
    # Whole masked stretches, including the spaces inside them, so "+1 415 555 0199" goes at once.
    merged = []
    for run in runs:
        if merged and original[merged[-1][1]:run[0]].strip() == "":
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return merged


def _apply_visibility(decision, review, adapter):
    visible = decision.decision == Verdict.PUBLISH
    if adapter.review_visible(review) != visible:
        adapter.set_review_visible(review, visible)


def override(decision, new_decision, user=None, reason="", restore_text=False):
    """A person publishes, holds or rejects a review; recorded with who, when and why.

    ``restore_text`` also puts the review's original text back if masked text was published.
    """
    if new_decision not in Verdict.values:
        raise ModerationError(_("Unknown decision %(value)r; use publish, hold or reject.") % {"value": new_decision})
    adapter = get_adapter()
    review = adapter.get_review(decision.review_id)
    if review is None:
        raise ModerationError(_("Review %(id)s no longer exists in the shop.") % {"id": decision.review_id})
    with transaction.atomic():
        decision = ModerationDecision.objects.select_for_update().get(pk=decision.pk)
        ModerationOverride.objects.create(decision=decision, previous=decision.decision, new=new_decision,
                                          user=user if getattr(user, "is_authenticated", False) else None,
                                          reason=str(reason or "")[:2000])
        decision.decision = new_decision
        decision.decided_by_human = True
        decision.save(update_fields=["decision", "decided_by_human", "updated_at"])
        if restore_text and decision.original:
            adapter.set_review_text(review, decision.original.get("title"), decision.original.get("text"))
            decision.masked_hash, decision.masked_text = "", ""
            decision.save(update_fields=["masked_hash", "masked_text"])
        _apply_visibility(decision, review, adapter)
    return decision


def moderate_text(text, title="", rating=None, product_id=None):
    """Moderate free text for other apps (nothing is stored); returns a ``ModerationResult``."""
    adapter = get_adapter()
    product = None
    if product_id not in (None, ""):
        instance = adapter.get_product(product_id)
        if instance is None:
            raise ModerationError(_("Unknown product %(id)r.") % {"id": product_id})
        product = adapter.product_data(instance)
    pipeline = ModerationPipeline.from_settings()
    review, truncated = pipeline.prepare(text, title=title, rating=rating, product=product)
    return pipeline.run_one(review, truncated, history=DecisionHistory())


def pending_reviews(adapter=None):
    """Host reviews without a decision yet (or whose text changed: those are found when moderated)."""
    adapter = adapter or get_adapter()
    decided = set(ModerationDecision.objects.values_list("review_id", flat=True))
    for review in adapter.iter_reviews():
        if str(review.pk) not in decided:
            yield review


def run_moderation_job(ctx, review_ids=None, pending=False, force=False):
    """Job handler: moderate the given reviews, the pending ones, or all of them. Safe to run twice."""
    adapter = get_adapter()
    if not adapter.has_reviews():
        return {"moderated": 0}
    if review_ids is not None:
        reviews = adapter.iter_reviews(review_ids=review_ids)
        total = len(review_ids)
    elif pending:
        reviews = list(pending_reviews(adapter))
        total = len(reviews)
    else:
        reviews = adapter.iter_reviews()
        total = adapter.review_queryset().count()

    def progress(done, total_count):
        ctx.progress(100 * done / max(1, total_count or 1), _("%(done)d of %(total)d reviews") % {
            "done": done, "total": total_count or done})

    decisions = moderate_reviews(reviews, force=force, progress=progress, total=total)
    counts = {value: 0 for value in Verdict.values}
    for decision in decisions:
        counts[decision.decision] += 1
    ctx.progress(100, _("%(count)d reviews: %(publish)d published, %(hold)d held, %(reject)d rejected") % {
        "count": len(decisions), **counts}, force=True)
    return {"moderated": len(decisions), **counts}
