"""Admin pages for the app's own records: jobs with progress, the interaction log."""

import os
import uuid

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketing_ai import jobs
from marketing_ai.forms import ImportEventsForm
from marketing_ai.models import Interaction, Job


def progress_bar(job):
    """An accessible progress bar, shared by the job list and the job page."""
    return format_html(
        '<progress class="marketing-ai-progress" max="100" value="{}" aria-label="{}">{}%</progress> {}%',
        job.progress, _("progress"), job.progress, job.progress,
    )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status_badge", "progress_display", "message", "created_by", "created_at", "duration"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["message", "error", "kind"]
    readonly_fields = [
        "kind", "status", "progress_display", "message", "error", "params", "result", "queue", "task_id",
        "attempts", "created_by", "created_at", "started_at", "finished_at", "heartbeat_at",
    ]
    fields = readonly_fields
    actions = ["rerun_selected", "cancel_selected"]
    change_form_template = "marketing_ai/admin/job_change_form.html"

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, job):
        label = _("stalled") if job.is_stalled else job.get_status_display()
        css = "stalled" if job.is_stalled else job.status
        return format_html('<span class="marketing-ai-status marketing-ai-status-{}">{}</span>', css, label)

    @admin.display(description=_("progress"), ordering="progress")
    def progress_display(self, job):
        return progress_bar(job)

    @admin.display(description=_("duration"))
    def duration(self, job):
        seconds = job.duration_seconds
        return "" if seconds is None else f"{seconds:.1f} s"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Jobs are the record of what ran; keep them.
        return False

    def _check_run(self, request):
        if not request.user.has_perm("marketing_ai.run_job"):
            raise PermissionDenied

    @admin.action(description=_("Re-run selected failed or stalled jobs"))
    def rerun_selected(self, request, queryset):
        self._check_run(request)
        count = sum(1 for job in queryset if jobs.rerun_job(job))
        self.message_user(request, _("%(count)d job(s) queued again.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Cancel selected jobs"))
    def cancel_selected(self, request, queryset):
        self._check_run(request)
        count = sum(1 for job in queryset if jobs.cancel_job(job))
        self.message_user(request, _("%(count)d job(s) cancelled.") % {"count": count}, messages.SUCCESS)

    class Media:
        css = {"all": ["marketing_ai/admin.css"]}
        js = ["marketing_ai/admin_jobs.js"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "event_type", "product_id", "user", "short_session", "quantity", "source"]
    list_filter = ["event_type", "source", "occurred_at"]
    search_fields = ["product_id", "user__username", "session_key"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "product_id", "event_type", "quantity", "occurred_at", "source", "dedupe_key"]
    change_list_template = "marketing_ai/admin/interaction_change_list.html"

    @admin.display(description=_("session"))
    def short_session(self, obj):
        return obj.session_key[:8]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="marketing_ai_interaction_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV of historical events and import it as a background job."""
        if not (request.user.has_perm("marketing_ai.import_interaction") and request.user.has_perm("marketing_ai.run_job")):
            raise PermissionDenied
        form = ImportEventsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            path_on_disk = self._store_upload(form.cleaned_data["file"])
            data = form.cleaned_data
            job = jobs.start_job("import_events", {
                "path": path_on_disk,
                "user_column": data["user_column"],
                "product_column": data["product_column"],
                "type_column": data["type_column"] or None,
                "event_type": data["event_type"] or None,
                "time_column": data["time_column"] or None,
                "quantity_column": data["quantity_column"] or None,
                "sep": data["sep"],
            }, user=request.user)
            self.message_user(request, _("Import started as %(job)s.") % {"job": job}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:marketing_ai_job_change", args=[job.pk]))
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("Import events from CSV")}
        return TemplateResponse(request, "marketing_ai/admin/import_events.html", context)

    @staticmethod
    def _store_upload(upload):
        folder = os.path.join(settings.MEDIA_ROOT, "marketing_ai", "imports")
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, f"{uuid.uuid4().hex}.csv")
        with open(target, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return target
