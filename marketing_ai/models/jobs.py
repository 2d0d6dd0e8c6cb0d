"""Background jobs and their progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        from marketing_ai.jobs import kind_label

        return kind_label(self.kind)

    @property
    def is_finished(self):
        return self.status in self.FINISHED

    @property
    def is_stalled(self):
        """Running, but no heartbeat for longer than JOB_STALE_SECONDS: its worker probably died."""
        from marketing_ai.conf import app_settings

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
