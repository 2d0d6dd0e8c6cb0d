"""The core records of marketing_ai: background jobs and the interaction log.

Each capability keeps its own records in its own app (``marketing_ai.recommend.models`` ...)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import kind_label
from marketing_ai.conf import app_settings


class Job(models.Model):
    """One long-running piece of background work, with its progress.

    The django-q2 task only carries the job's id; everything a person needs to see lives here.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    result = models.JSONField(_("result"), null=True, blank=True)
    queue = models.CharField(_("queue"), max_length=64, blank=True, default="")
    task_id = models.CharField(_("task id"), max_length=64, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketing_ai_jobs",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "status"], name="mai_job_kind_status")]
        permissions = [
            ("run_job", _("Can start and re-run background jobs")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_kind_display(self):
        return kind_label(self.kind)

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def is_stalled(self):
        """Running, but no heartbeat for longer than JOB_STALE_SECONDS: its worker probably died."""
        if self.status != self.Status.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        if last is None:
            return True
        return (timezone.now() - last).total_seconds() > app_settings.JOB_STALE_SECONDS

    @property
    def duration_seconds(self):
        if not self.started_at:
            return None
        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()


class Interaction(models.Model):
    """One shopper event (a view, an add to cart, a purchase or a custom type).

    Products are referenced by their id as a string: the host's product model is not ours, and
    its primary key may be an integer, a UUID or a SKU.
    """

    class Source(models.TextChoices):
        PAGE = "page", _("product page")
        API = "api", _("REST API")
        ORDER = "order", _("order")
        IMPORT = "import", _("import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketing_ai_interactions",
    )
    session_key = models.CharField(_("session"), max_length=64, blank=True, default="")
    product_id = models.CharField(_("product id"), max_length=64)
    event_type = models.CharField(_("event type"), max_length=32)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PAGE)
    # Set for events that must not be recorded twice (order lines, imported rows).
    dedupe_key = models.CharField(_("deduplication key"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["product_id", "event_type"], name="mai_inter_product_type"),
            models.Index(fields=["user", "occurred_at"], name="mai_inter_user_time"),
            models.Index(fields=["session_key", "occurred_at"], name="mai_inter_session_time"),
            models.Index(fields=["occurred_at"], name="mai_inter_time"),
        ]
        permissions = [
            ("import_interaction", _("Can import historical interactions")),
        ]

    def __str__(self):
        who = self.user_id or self.session_key[:8] or "?"
        return f"{self.event_type} {self.product_id} by {who}"
