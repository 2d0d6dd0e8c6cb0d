"""The moderation pipeline: run the enabled, weighted checks and decide publish / hold / reject.

Each check's score is multiplied by its weight; the decisive ones are combined as independent
evidence (1 - product of (1 - weighted score)) into one risk. ``MODERATION_THRESHOLDS`` turn the
risk into a decision. Modes:

- ``MODERATION_MASK_AND_PUBLISH``: checks whose flagged spans are masked instead (the masked text
  is published, the original kept in the decision);
- ``MODERATION_HOLD_BELOW_STARS``: hold every review below N stars for a person.

Checks marked ``decisive = False`` (rating versus text) are recorded for people but never count,
so a genuine negative review is never hidden for being negative.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings
from marketing_ai.moderation.conf import DEFAULTS
from marketing_ai.moderation.rules import ReviewText
from marketing_ai.moderation.text import mask_spans, normalise_text

# Bump when the rules change in a way that changes decisions; stored with every decision.
PIPELINE_VERSION = "1"

PUBLISH, HOLD, REJECT = "publish", "hold", "reject"
SEVERITY = {PUBLISH: 0, HOLD: 1, REJECT: 2}


def check_settings():
    """``MODERATION_CHECKS`` with each check's entry merged over its default entry."""
    defaults = DEFAULTS["MODERATION_CHECKS"]
    configured = app_settings.raw("MODERATION_CHECKS")
    if not isinstance(configured, dict):
        raise ImproperlyConfigured('MARKETING_AI["MODERATION_CHECKS"] must be a dict of check name to settings.')
    merged = {}
    for name in [*defaults, *(n for n in configured if n not in defaults)]:
        entry = {"enabled": True, "weight": 1.0, "options": {}, **defaults.get(name, {}), **(configured.get(name) or {})}
        if "class" not in entry:
            raise ImproperlyConfigured(f'MARKETING_AI["MODERATION_CHECKS"]["{name}"] names no "class".')
        merged[name] = entry
    return merged


@dataclass
class ModerationResult:
    """The pipeline's verdict on one review; the service stores it as a ``ModerationDecision``."""

    decision: str
    risk: float
    text: str
    scores: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    masked_text: str = ""
    truncated: bool = False
    pipeline_version: str = ""
    classifier_id: int | None = None

    @property
    def reason_codes(self):
        return sorted({reason["code"] for reason in self.reasons})

    def as_dict(self):
        return {"decision": self.decision, "risk": round(self.risk, 4), "scores": self.scores,
                "reasons": self.reasons, "masked_text": self.masked_text, "truncated": self.truncated,
                "pipeline_version": self.pipeline_version}


class ModerationPipeline:
    """Weighted checks plus the decision rules. Build it with ``from_settings()``.

    ``checks`` is a list of ``(check, weight)``; ``classifier`` an optional learned classifier
    check added after the rules.
    """

    def __init__(self, checks, thresholds=None, mask_and_publish=(), hold_below_stars=None, max_chars=20000,
                 classifier=None):
        self.checks = list(checks)
        if classifier is not None:
            self.checks.append((classifier, float(check_settings().get("classifier", {}).get("weight", 1.0))))
        self.classifier = classifier
        thresholds = thresholds or app_settings.MODERATION_THRESHOLDS
        self.hold_at = float(thresholds["hold"])
        self.reject_at = float(thresholds["reject"])
        self.mask_and_publish = set(mask_and_publish)
        self.hold_below_stars = hold_below_stars
        self.max_chars = int(max_chars)

    @classmethod
    def from_settings(cls, disable=(), classifier="active"):
        """The pipeline the settings describe. ``classifier``: "active" (the serving one, if any), a check, or None."""
        embeddings = bool(app_settings.MODERATION_EMBEDDINGS)
        checks = []
        for name, entry in check_settings().items():
            if name == "classifier" or not entry["enabled"] or name in disable:
                continue
            check_class = import_string(entry["class"])
            check = check_class(embeddings=embeddings, **entry.get("options", {}))
            check.name = name
            if "can_reject" in entry:
                check.can_reject = bool(entry["can_reject"])
            checks.append((check, float(entry["weight"])))
        if classifier == "active":
            classifier = None
            if check_settings().get("classifier", {}).get("enabled", True) and "classifier" not in disable:
                from marketing_ai.moderation.classifier import serving_classifier_check

                classifier = serving_classifier_check()
        return cls(checks, thresholds=app_settings.MODERATION_THRESHOLDS,
                   mask_and_publish=app_settings.MODERATION_MASK_AND_PUBLISH,
                   hold_below_stars=app_settings.MODERATION_HOLD_BELOW_STARS,
                   max_chars=app_settings.MODERATION_MAX_CHARS, classifier=classifier)

    @property
    def version(self):
        """Which rules and which classifier decided: stored with every decision."""
        described = {
            "checks": [[check.name, type(check).__name__, weight, check.can_reject, sorted(check.options.items(), key=str),
                        check.embeddings] for check, weight in self.checks if check is not self.classifier],
            "thresholds": [self.hold_at, self.reject_at],
            "mask": sorted(self.mask_and_publish),
            "hold_below": self.hold_below_stars,
        }
        digest = hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()[:10]
        version = f"{PIPELINE_VERSION}-{digest}"
        if self.classifier is not None:
            version += f"+{self.classifier.version}"
        return version

    def prepare(self, text, title="", rating=None, product=None, author_id=None, review_id=None, created=None,
                ip=None):
        """A ``ReviewText`` from raw parts (normalised and capped), and whether it was cut."""
        analysed, truncated = normalise_text(title, text, max_chars=self.max_chars)
        review = ReviewText(text=analysed, rating=rating, product=product, author_id=author_id,
                            review_id=review_id, created=created, ip=ip)
        return review, truncated

    def run(self, reviews, truncated=None, history=None):
        """Decide many ``ReviewText`` s at once (checks with models work in batches)."""
        truncated = truncated or [False] * len(reviews)
        per_check = [(check, weight, check.check_many(reviews, history=history)) for check, weight in self.checks]
        version = self.version
        results = []
        for index, review in enumerate(reviews):
            results.append(self._decide(review, truncated[index],
                                        [(check, weight, outcome[index]) for check, weight, outcome in per_check],
                                        version))
        return results

    def run_one(self, review, truncated=False, history=None):
        return self.run([review], [truncated], history=history)[0]

    def _decide(self, review, truncated, outcomes, version):
        scores, reasons, mask = {}, [], []
        remaining = remaining_rejectable = 1.0
        for check, weight, result in outcomes:
            scores[check.name] = round(result.score, 4)
            reasons.extend(reason.as_dict(check.name) for reason in result.reasons)
            if not check.decisive or result.score <= 0:
                continue
            if check.name in self.mask_and_publish and result.reasons and all(r.spans for r in result.reasons):
                # Masked away: what is left on the page no longer carries this problem.
                mask.extend(span for reason in result.reasons for span in reason.spans)
                continue
            weighted = min(1.0, max(0.0, weight * result.score))
            remaining *= 1.0 - weighted
            if check.can_reject:
                remaining_rejectable *= 1.0 - weighted
        risk = 1.0 - remaining
        # Reasons for doubt (personal data, off-topic) can hold a review but never reject it.
        if risk >= self.reject_at and 1.0 - remaining_rejectable >= self.reject_at:
            decision = REJECT
        else:
            decision = HOLD if risk >= self.hold_at else PUBLISH
        if truncated:
            reasons.append({"check": "length", "code": "too_long", "score": 1.0, "spans": [], "message": str(_(
                "Longer than %(max)d characters: only the beginning was checked, so a person should read it.")
                % {"max": self.max_chars})})
            decision = max(decision, HOLD, key=SEVERITY.get)
        if self.hold_below_stars and review.rating is not None and review.rating < self.hold_below_stars:
            reasons.append({"check": "rating", "code": "low_rating", "score": 0.0, "spans": [], "message": str(_(
                "Held because the shop holds every review below %(stars)d stars.") % {
                "stars": self.hold_below_stars})})
            decision = max(decision, HOLD, key=SEVERITY.get)
        masked = mask_spans(review.text, mask, keep_first=False) if mask else ""
        return ModerationResult(
            decision=decision, risk=round(risk, 6), text=review.text, scores=scores, reasons=reasons,
            masked_text=masked, truncated=truncated, pipeline_version=version,
            classifier_id=getattr(self.classifier, "classifier_id", None),
        )
