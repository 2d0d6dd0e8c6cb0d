"""The learned classifier: TF-IDF word n-grams and a linear model, trained from moderators' decisions.

``train_classifier()`` takes the reviews a person published or rejected, holds a share of them out,
and compares the classifier with the rules on that holdout. The new classifier serves only when
there were enough decisions and it beats the rules; otherwise, or if training fails, whatever
served before keeps serving. Trained classifiers are files on disk (joblib), loaded once per process.
"""

import logging
import os
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from marketing_ai.conf import app_settings
from marketing_ai.moderation.rules import CLEAN, CheckResult, Reason, ReviewCheck, ReviewText

logger = logging.getLogger(__name__)

FILE_FORMAT = 1

_lock = threading.Lock()
_loaded = {}


class TextClassifier:
    """TF-IDF of word 1-2 grams with a class-balanced logistic regression.

    Logistic regression rather than an SVM because the pipeline needs a probability to weigh.
    """

    def __init__(self, C=30.0, ngram_range=(1, 2)):
        self.C = float(C)
        self.ngram_range = tuple(ngram_range)
        self.vectorizer = None
        self.model = None

    def fit(self, texts, labels):
        """Train on texts and 0/1 labels (1 = should not be published)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        labels = [int(bool(label)) for label in labels]
        if len(set(labels)) < 2:
            raise ValueError("the classifier needs examples of both kinds (published and rejected)")
        self.vectorizer = TfidfVectorizer(ngram_range=self.ngram_range, sublinear_tf=True, strip_accents="unicode")
        matrix = self.vectorizer.fit_transform([str(text) for text in texts])
        self.model = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", max_iter=2000)
        self.model.fit(matrix, labels)
        return self

    def predict_proba(self, texts):
        """The probability of each text being one to reject, as a numpy array."""
        import numpy as np

        if self.model is None:
            raise ValueError("the classifier is not trained")
        if not texts:
            return np.zeros(0)
        return self.model.predict_proba(self.vectorizer.transform([str(text) for text in texts]))[:, 1]

    def predict(self, texts):
        return self.predict_proba(texts) >= 0.5

    def save(self, path):
        """Write the classifier to ``path`` (atomically: a half-written file never serves)."""
        import joblib

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{uuid.uuid4().hex}.part")
        joblib.dump({"format": FILE_FORMAT, "C": self.C, "ngram_range": self.ngram_range,
                     "vectorizer": self.vectorizer, "model": self.model}, partial)
        os.replace(partial, path)
        return path

    @classmethod
    def load(cls, path):
        """Read a classifier written by ``save``."""
        import joblib

        payload = joblib.load(path)
        if not isinstance(payload, dict) or payload.get("format") != FILE_FORMAT:
            raise ValueError(f"{path} is not a marketing_ai moderation classifier (format {FILE_FORMAT})")
        classifier = cls(C=payload["C"], ngram_range=payload["ngram_range"])
        classifier.vectorizer, classifier.model = payload["vectorizer"], payload["model"]
        return classifier


class LearnedClassifierCheck(ReviewCheck):
    """The learned classifier as a pipeline check: its score is the probability of "reject"."""

    name = "classifier"
    label = _("Learned classifier")
    required_packages = ("sklearn", "joblib")

    def __init__(self, classifier, version="trained", classifier_id=None, embeddings=False, **options):
        super().__init__(embeddings, **options)
        self.classifier = classifier
        self.version = str(version)
        self.classifier_id = classifier_id

    def check_many(self, reviews, history=None):
        probabilities = self.classifier.predict_proba([review.text for review in reviews])
        results = []
        for p in probabilities:
            p = float(p)
            if p < 0.5:
                results.append(CheckResult(score=round(p, 6)) if p > 0 else CLEAN)
                continue
            results.append(CheckResult(score=round(p, 6), reasons=(Reason(
                "classifier", _("Resembles reviews the moderators rejected (probability %(score).2f).")
                % {"score": p}, p),)))
        return results


def classifier_dir():
    configured = app_settings.MODERATION_CLASSIFIER_DIR
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "marketing_ai" / "moderation"


def load_classifier(path):
    """The classifier at ``path``, loaded once per process."""
    path = str(path)
    with _lock:
        if path not in _loaded:
            _loaded[path] = TextClassifier.load(path)
        return _loaded[path]


def serving_classifier_check():
    """A check for the classifier that serves now, or None while none has earned it."""
    from marketing_ai.moderation.models import ModerationClassifier

    record = ModerationClassifier.objects.filter(is_active=True).order_by("-created_at", "-pk").first()
    if record is None:
        return None
    try:
        classifier = load_classifier(record.path)
    except (OSError, ValueError, EOFError) as exc:
        logger.warning("moderation classifier #%s cannot be loaded from %s: %s", record.pk, record.path, exc)
        return None
    return LearnedClassifierCheck(classifier, version=f"clf{record.pk}", classifier_id=record.pk)


def binary_scores(truth, predicted):
    """Precision, recall, F1 and accuracy of the positive class, as plain floats."""
    truth = [bool(value) for value in truth]
    predicted = [bool(value) for value in predicted]
    tp = sum(1 for t, p in zip(truth, predicted) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted) if not t and p)
    fn = sum(1 for t, p in zip(truth, predicted) if t and not p)
    correct = sum(1 for t, p in zip(truth, predicted) if t == p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "accuracy": round(correct / len(truth), 4) if truth else 0.0}


def human_decisions():
    """(texts, labels, ratings) from the reviews a person published (0) or rejected (1)."""
    from marketing_ai.moderation.models import ModerationDecision, Verdict

    rows = (ModerationDecision.objects.filter(decided_by_human=True, decision__in=[Verdict.PUBLISH, Verdict.REJECT])
            .order_by("pk").values_list("text", "decision", "rating"))
    texts, labels, ratings = [], [], []
    for text, decision, rating in rows:
        texts.append(text)
        labels.append(1 if decision == Verdict.REJECT else 0)
        ratings.append(rating)
    return texts, labels, ratings


def _holdout_split(labels, share, seed):
    from sklearn.model_selection import train_test_split

    indices = list(range(len(labels)))
    return train_test_split(indices, test_size=share, random_state=seed, stratify=labels)


def train_classifier(min_decisions=None, holdout=None, seed=42, progress=None):
    """Train from the moderators' decisions; returns the ``ModerationClassifier`` record.

    The record is active (serving) only if the classifier beat the rules on the holdout.
    """
    from marketing_ai.moderation.models import ModerationClassifier
    from marketing_ai.moderation.pipeline import PUBLISH, ModerationPipeline

    min_decisions = app_settings.MODERATION_CLASSIFIER_MIN_DECISIONS if min_decisions is None else min_decisions
    share = app_settings.MODERATION_CLASSIFIER_HOLDOUT if holdout is None else holdout
    texts, labels, ratings = human_decisions()
    count = len(texts)
    if count < min_decisions or min(labels.count(0), labels.count(1)) < 2:
        return ModerationClassifier.objects.create(
            status=ModerationClassifier.Status.SKIPPED, decisions=count,
            message=str(_("%(count)d human decisions (%(rejected)d rejected); %(needed)d with both kinds are "
                          "needed before a classifier is trained.") % {
                "count": count, "rejected": labels.count(1), "needed": min_decisions}))
    try:
        train_idx, test_idx = _holdout_split(labels, share, seed)
        if progress:
            progress(20, _("Training on %(count)d decisions") % {"count": len(train_idx)})
        candidate = TextClassifier().fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        truth = [labels[i] for i in test_idx]
        classifier_f1 = binary_scores(truth, candidate.predict([texts[i] for i in test_idx]))["f1"]
        if progress:
            progress(50, _("Comparing with the rules"))
        rules = ModerationPipeline.from_settings(classifier=None)
        reviews = [ReviewText(text=texts[i], rating=ratings[i]) for i in test_idx]
        rules_f1 = binary_scores(truth, [r.decision != PUBLISH for r in rules.run(reviews)])["f1"]
        beats = classifier_f1 > rules_f1
        if progress:
            progress(70, _("Training on all decisions"))
        final = TextClassifier().fit(texts, labels)
        path = final.save(classifier_dir() / f"classifier-{uuid.uuid4().hex}.joblib")
    except Exception as exc:  # the old classifier keeps serving; the failure is recorded
        logger.exception("moderation classifier training failed")
        return ModerationClassifier.objects.create(status=ModerationClassifier.Status.FAILED, decisions=count,
                                                   message=f"{type(exc).__name__}: {exc}")
    message = (_("Serving: F1 %(clf).3f beats the rules' %(rules).3f on %(holdout)d held-out decisions.") if beats
               else _("Not serving: F1 %(clf).3f does not beat the rules' %(rules).3f on %(holdout)d held-out "
                      "decisions."))
    with transaction.atomic():
        if beats:
            ModerationClassifier.objects.filter(is_active=True).update(is_active=False)
        return ModerationClassifier.objects.create(
            status=ModerationClassifier.Status.TRAINED, decisions=count, holdout=len(test_idx),
            classifier_f1=classifier_f1, rules_f1=rules_f1, is_active=beats, path=str(path),
            message=str(message % {"clf": classifier_f1, "rules": rules_f1, "holdout": len(test_idx)}))


def run_train_job(ctx, min_decisions=None):
    """Job handler: train the classifier from the human decisions."""
    record = train_classifier(min_decisions=min_decisions, progress=ctx.progress)
    ctx.progress(100, record.message, force=True)
    return {"classifier": record.pk, "status": record.status, "serving": record.is_active}


def ensure_retrain_schedule():
    """Create or update the django-q2 schedule that retrains the classifier (MODERATION_RETRAIN_MINUTES)."""
    from django_q.models import Schedule

    minutes = app_settings.MODERATION_RETRAIN_MINUTES
    name = "marketing_ai: retrain moderation classifier"
    if not minutes:
        # Switched off: stop the schedule but keep its row (nothing is deleted automatically).
        Schedule.objects.filter(name=name).update(repeats=0)
        return None
    schedule, _created = Schedule.objects.update_or_create(name=name, defaults={
        "func": "marketing_ai.jobs.start_job", "args": "'train_moderation_classifier'",
        "schedule_type": Schedule.MINUTES, "minutes": int(minutes), "repeats": -1,
    })
    return schedule
