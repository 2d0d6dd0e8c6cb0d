"""Recommendation records: training runs, their precomputed top-N lists, and merchandisers' rules."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecommenderRun(models.Model):
    """One training run: what was trained on what, how it scored, and whether it serves."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded (served)")
        REJECTED = "rejected", _("not better: previous model kept")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    # Exactly one run serves at a time (a partial unique constraint below); the swap flips it.
    is_serving = models.BooleanField(_("serving"), default=False)
    algorithm = models.CharField(_("algorithm"), max_length=32, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    device = models.CharField(_("device"), max_length=16, blank=True)
    n_users = models.PositiveIntegerField(_("customers and sessions"), default=0)
    n_products = models.PositiveIntegerField(_("products"), default=0)
    n_interactions = models.PositiveIntegerField(_("interactions"), default=0)
    duration_seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    # {"candidate": {...}, "popularity": {...}, "serving": {...}, "search": [...]}: same holdout for all.
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    model_path = models.CharField(_("model files"), max_length=500, blank=True)
    # Set once this run's bought-together, trending and popular lists are all stored. Those lists come
    # from orders and recent events, not from the model, so they are served from the newest such run
    # even when its model lost to the serving one.
    shop_lists_at = models.DateTimeField(_("shop lists stored"), null=True, blank=True)
    job = models.ForeignKey("marketing_ai.Job", verbose_name=_("job"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="recommender_runs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("recommender run")
        verbose_name_plural = _("recommender runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["is_serving"], condition=models.Q(is_serving=True),
                                    name="mai_one_serving_run"),
        ]
        permissions = [("train_recommender", _("Can train recommendation models"))]

    def __str__(self):
        return f"#{self.pk} {self.algorithm or '?'} ({self.get_status_display()})"

    @property
    def ndcg(self):
        """The candidate's nDCG@k on this run's holdout, or None."""
        return (self.metrics.get("candidate") or {}).get("ndcg")


class RecommendationList(models.Model):
    """A precomputed top-N list of one run: for a customer, for a product, or trending."""

    class Kind(models.TextChoices):
        USER = "user", _("recommended for a customer")
        SIMILAR = "similar", _("similar products")
        TOGETHER = "together", _("bought together")
        TRENDING = "trending", _("trending")
        POPULAR = "popular", _("popular")

    # No database-level foreign key: a run writes tens of thousands of lists at once, and the
    # server's per-row check of the run cost a third of storing them. Only ListWriter writes them,
    # for its own run; deleting a run still deletes its lists (Django's cascade), and serving
    # reaches lists only through their run, so a stray row could never be served.
    run = models.ForeignKey(RecommenderRun, on_delete=models.CASCADE, related_name="lists", db_constraint=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # "u:<customer id>" for customers, the product id for product lists, "" or "category:<name>" for trending.
    key = models.CharField(max_length=200)
    product_ids = models.JSONField(default=list)
    # The score of each product, where serving reads them (similar products: the session fold-in);
    # empty for customers' lists, which serve in their order.
    scores = models.JSONField(default=list)

    class Meta:
        verbose_name = _("recommendation list")
        verbose_name_plural = _("recommendation lists")
        # One index serves both: no list twice in a run, and serving's lookup by (kind, key) then run.
        constraints = [models.UniqueConstraint(fields=["kind", "key", "run"], name="mai_reclist_kind_key_run_uniq")]

    def __str__(self):
        return f"{self.kind} {self.key} (run {self.run_id})"


class RecommendationRule(models.Model):
    """A merchandiser's pin (always show, at a position) or exclusion (never show) of a product."""

    class Action(models.TextChoices):
        PIN = "pin", _("pin")
        EXCLUDE = "exclude", _("exclude")

    class Placement(models.TextChoices):
        ALL = "all", _("every list")
        USER = "user", _("recommended for you")
        SIMILAR = "similar", _("similar products")
        TOGETHER = "together", _("bought together")
        TRENDING = "trending", _("trending")

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    product_id = models.CharField(_("product id"), max_length=64)
    placement = models.CharField(_("where"), max_length=16, choices=Placement.choices, default=Placement.ALL)
    context_product_id = models.CharField(
        _("only on the page of product"), max_length=64, blank=True,
        help_text=_("Leave empty to apply everywhere; set a product id to apply to that product's lists only."))
    position = models.PositiveSmallIntegerField(_("position"), default=1, help_text=_("1 is first (pins only)."))
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation rule")
        verbose_name_plural = _("recommendation rules")
        ordering = ["action", "position", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.product_id} ({self.get_placement_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from marketing_ai.recommend.cache import invalidate

        invalidate()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from marketing_ai.recommend.cache import invalidate

        invalidate()
        return result
