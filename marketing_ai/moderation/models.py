"""Review moderation: one decision per review, every human override, each trained classifier."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    PUBLISH = "publish", _("publish")
    HOLD = "hold", _("hold")
    REJECT = "reject", _("reject")


class ModerationDecision(models.Model):
    """What moderation decided about one of the shop's reviews, and why.

    The review itself stays in the shop; this record keeps the text as it was checked, the scores
    and reasons, the pipeline version, and (in ``overrides``) every change a person made.
    """

    review_id = models.CharField(_("review"), max_length=64, unique=True)
    product_id = models.CharField(_("product"), max_length=64, db_index=True, blank=True, default="")
    author_id = models.CharField(_("author"), max_length=64, db_index=True, blank=True, default="")
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    rating = models.SmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("text as checked"), blank=True, default="")
    text_hash = models.CharField(_("text hash"), max_length=64, db_index=True)
    masked_text = models.TextField(_("masked text"), blank=True, default="",
                                   help_text=_("What was published instead of the original, if anything was masked."))
    masked_hash = models.CharField(_("masked text hash"), max_length=64, blank=True, default="")
    original = models.JSONField(_("original before masking"), null=True, blank=True,
                                help_text=_("The review's own title and text, kept when masked text was published."))
    decision = models.CharField(_("decision"), max_length=8, choices=Verdict.choices, db_index=True)
    automatic_decision = models.CharField(_("automatic decision"), max_length=8, choices=Verdict.choices)
    risk = models.FloatField(_("risk"), default=0.0)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # " link promotion " : space-delimited, so that every database can filter by reason.
    reason_codes = models.CharField(_("reason codes"), max_length=500, blank=True, default="", db_index=True)
    truncated = models.BooleanField(_("only partly checked"), default=False)
    pipeline_version = models.CharField(_("pipeline version"), max_length=100)
    classifier = models.ForeignKey("marketing_ai_moderation.ModerationClassifier", verbose_name=_("classifier"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="moderated")
    decided_by_human = models.BooleanField(_("decided by a person"), default=False, db_index=True)
    review_created = models.DateTimeField(_("review written"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("first moderated"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last moderated"), auto_now=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["decision", "created_at"], name="mai_moddec_decision_created")]
        permissions = [
            ("moderate_review", _("Can approve, reject and re-moderate reviews")),
            ("moderate_text", _("Can moderate arbitrary text through the API")),
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: review {self.review_id}"

    @property
    def reason_list(self):
        return [code for code in self.reason_codes.split() if code]


class ModerationOverride(models.Model):
    """A person changed (or confirmed) a decision: who, when, why, from what to what."""

    decision = models.ForeignKey(ModerationDecision, verbose_name=_("decision"), on_delete=models.CASCADE,
                                 related_name="overrides")
    previous = models.CharField(_("from"), max_length=8, choices=Verdict.choices)
    new = models.CharField(_("to"), max_length=8, choices=Verdict.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("why"), blank=True, default="")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation override")
        verbose_name_plural = _("moderation overrides")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.previous} → {self.new}"


class ModerationClassifier(models.Model):
    """One training run of the learned classifier, and whether it serves."""

    class Status(models.TextChoices):
        TRAINED = "trained", _("trained")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    decisions = models.PositiveIntegerField(_("human decisions"), default=0)
    holdout = models.PositiveIntegerField(_("held-out decisions"), default=0)
    classifier_f1 = models.FloatField(_("classifier F1 on holdout"), null=True, blank=True)
    rules_f1 = models.FloatField(_("rules F1 on holdout"), null=True, blank=True)
    is_active = models.BooleanField(_("serving"), default=False, db_index=True)
    path = models.CharField(_("file"), max_length=500, blank=True, default="")
    message = models.TextField(_("message"), blank=True, default="")
    created_at = models.DateTimeField(_("trained"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation classifier")
        verbose_name_plural = _("moderation classifiers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"classifier #{self.pk} ({self.get_status_display()})"
