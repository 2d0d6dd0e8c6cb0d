"""Admin of the copy studio: drafts with approve/publish/reject/restore and a diff, prompts, and
``ProductCopyAdminMixin`` for the host's own product admin ("Generate copy" action and button).

    from marketing_ai.copywriting.admin import ProductCopyAdminMixin

    @admin.register(Product)
    class ProductAdmin(ProductCopyAdminMixin, admin.ModelAdmin):
        ...
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketing_ai import jobs
from marketing_ai.copywriting import workflow
from marketing_ai.copywriting.diff import side_by_side
from marketing_ai.copywriting.forms import GenerateCopyForm, PromptTemplateForm
from marketing_ai.copywriting.workflow import CopyWorkflowError
from marketing_ai.copywriting.models import CopyDraft, PromptTemplate
from marketing_ai.shop import get_adapter

GENERATE = "marketing_ai_copywriting.generate_copy"
APPROVE = "marketing_ai_copywriting.approve_copy"
PUBLISH = "marketing_ai_copywriting.publish_copy"


def start_generation(request, product_ids, data):
    """Start the bulk job for the form's choices; returns the Job."""
    return jobs.start_job("generate_copy", {
        "product_ids": [str(value) for value in product_ids],
        "kinds": list(data["kinds"]),
        "language": data["language"],
        "tone": data["tone"],
        "backend": data["backend"],
        "instructions": data["instructions"],
    }, user=request.user)


def current_text(draft):
    """What the shop shows now for the draft's product, kind and language."""
    published = workflow.current_published(draft.product_id, draft.kind, draft.language)
    if published is not None:
        return published.text
    adapter = get_adapter()
    if draft.language.lower() == workflow.shop_language() and adapter.copy_field(draft.kind):
        product = adapter.get_product(draft.product_id)
        if product is not None:
            return adapter.read_product_text(product, draft.kind)
    return ""


@admin.register(CopyDraft)
class CopyDraftAdmin(admin.ModelAdmin):
    """Review of generated copy: compare, edit, approve, publish, reject, restore. Nothing is deleted."""

    list_display = ["product_title", "kind", "language", "tone", "status_badge", "grounded", "backend", "created_at"]
    list_filter = ["status", "kind", "language", "grounded", "backend", "tone"]
    search_fields = ["product_title", "product_id", "text"]
    actions = ["approve_selected", "publish_selected", "reject_selected", "restore_selected"]
    change_form_template = "marketing_ai/admin/copydraft_change_form.html"
    readonly_fields = [
        "product_title", "product_id", "kind", "language", "tone", "status", "diff", "grounding_report", "backend",
        "model_name", "prompt_version", "instructions", "created_by", "created_at", "approved_by", "approved_at",
        "published_by", "published_at", "rejected_by", "rejected_at", "retired_at", "replaced_text",
    ]
    fieldsets = [
        (None, {"fields": ["product_title", "kind", "language", "tone", "status", "text"]}),
        (_("Compare and check"), {"fields": ["diff", "grounding_report"]}),
        (_("History"), {"fields": ["backend", "model_name", "prompt_version", "instructions", "created_by",
                                   "created_at", "approved_by", "approved_at", "published_by", "published_at",
                                   "rejected_by", "rejected_at", "retired_at", "replaced_text", "product_id"]}),
    ]

    class Media:
        css = {"all": ["marketing_ai/admin.css", "marketing_ai/copy_admin.css"]}

    # --- permissions -----------------------------------------------------------------------------

    def has_add_permission(self, request):
        return False  # drafts come from "Generate copy"

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was written and published; reject instead

    def has_change_permission(self, request, obj=None):
        # Editing the text is part of approving it.
        if obj is not None and obj.status not in (CopyDraft.Status.DRAFT, CopyDraft.Status.APPROVED):
            return False
        return request.user.has_perm(APPROVE)

    def has_approve_permission(self, request):
        return request.user.has_perm(APPROVE)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is None or not self.has_change_permission(request, obj):
            fields.append("text")
        return fields

    # --- display ----------------------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, draft):
        return format_html('<span class="marketing-ai-status marketing-ai-status-{}">{}</span>', draft.status,
                           draft.get_status_display())

    @admin.display(description=_("current text and this draft"))
    def diff(self, draft):
        return side_by_side(current_text(draft), draft.text)

    @admin.display(description=_("grounding"))
    def grounding_report(self, draft):
        failures = (draft.grounding or {}).get("failures") or []
        attempts = (draft.grounding or {}).get("attempts") or []
        if not failures:
            summary = format_html("<strong>{}</strong>", _("Every claim comes from the product's data."))
        else:
            summary = format_html("<ul>{}</ul>", format_html_join(
                "", "<li><code>{}</code>: {}</li>", ((f.get("claim", ""), f.get("reason", "")) for f in failures)))
        history = format_html_join(
            "", "<li>{} {}: {}</li>",
            ((a.get("backend", ""), a.get("model", ""), _("passed") if a.get("passed") else
              ", ".join(f.get("claim", "") or f.get("reason", "") for f in a.get("failures", []))) for a in attempts))
        return format_html("{}<p>{}</p><ol>{}</ol>", summary, _("Attempts:"), history) if attempts else summary

    # --- saving: an edit goes through the workflow (checked again, approval dropped) ------------------

    def save_model(self, request, obj, form, change):
        if change and "text" in form.changed_data:
            try:
                workflow.edit(obj, form.cleaned_data["text"], request.user)
            except CopyWorkflowError as exc:
                self.message_user(request, str(exc), messages.ERROR)

    # --- actions ------------------------------------------------------------------------------------

    def _apply(self, request, queryset, step):
        done, errors = 0, []
        for draft in queryset.order_by("created_at", "pk"):
            try:
                step(draft, request.user)
                done += 1
            except CopyWorkflowError as exc:
                errors.append(f"{draft}: {exc}")
        if done:
            self.message_user(request, ngettext("%(count)d draft changed.", "%(count)d drafts changed.", done)
                              % {"count": done}, messages.SUCCESS)
        for error in errors[:10]:
            self.message_user(request, error, messages.WARNING)

    @admin.action(description=_("Approve selected drafts"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, workflow.approve)

    @admin.action(description=_("Publish selected approved copy to the shop"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, workflow.publish)

    @admin.action(description=_("Reject selected drafts"), permissions=["approve"])
    def reject_selected(self, request, queryset):
        self._apply(request, queryset, workflow.reject)

    @admin.action(description=_("Restore: undo or bring back selected published copy"), permissions=["publish"])
    def restore_selected(self, request, queryset):
        self._apply(request, queryset, workflow.restore)

    # --- buttons on the draft's page ----------------------------------------------------------------

    STEPS = {"approve": (workflow.approve, APPROVE), "reject": (workflow.reject, APPROVE),
             "publish": (workflow.publish, PUBLISH), "restore": (workflow.restore, PUBLISH)}

    def get_urls(self):
        return [
            path("<path:object_id>/step/<str:step>/", self.admin_site.admin_view(self.step_view),
                 name="marketing_ai_copywriting_copydraft_step"),
            *super().get_urls(),
        ]

    def step_view(self, request, object_id, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if step not in self.STEPS:
            raise PermissionDenied
        function, permission = self.STEPS[step]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        draft = get_object_or_404(CopyDraft, pk=object_id)
        try:
            draft = function(draft, request.user)
            self.message_user(request, _("%(draft)s is now %(status)s.") % {
                "draft": draft, "status": draft.get_status_display()}, messages.SUCCESS)
        except CopyWorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:marketing_ai_copywriting_copydraft_change", args=[draft.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = request.user
        extra_context = {**(extra_context or {}), "copy_steps": [
            (name, label) for name, label, allowed in [
                ("approve", _("Approve"), user.has_perm(APPROVE)), ("reject", _("Reject"), user.has_perm(APPROVE)),
                ("publish", _("Publish"), user.has_perm(PUBLISH)), ("restore", _("Restore"), user.has_perm(PUBLISH)),
            ] if allowed]}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(PromptTemplate)
class PromptTemplateAdmin(admin.ModelAdmin):
    """Prompts per kind and language, editable; placeholders are validated on save."""

    form = PromptTemplateForm
    list_display = ["kind", "language", "version", "updated_at"]
    list_filter = ["kind", "language"]
    readonly_fields = ["version", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # drafts name the prompt version they came from


class ProductCopyAdminMixin:
    """Add to the host's product ModelAdmin: a "Generate copy" action and a button on the change page."""

    change_form_template = "marketing_ai/admin/product_change_form.html"
    copy_action_template = "marketing_ai/admin/generate_copy.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if request.user.has_perm(GENERATE):
            action = ProductCopyAdminMixin.generate_copy_action
            actions["generate_copy_action"] = (action, "generate_copy_action", action.short_description)
        return actions

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/generate-copy/", self.admin_site.admin_view(self.generate_copy_view),
                 name=f"{opts.app_label}_{opts.model_name}_generate_copy"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_generate_copy": request.user.has_perm(GENERATE)}
        return super().change_view(request, object_id, form_url, extra_context)

    def generate_copy_action(self, request, queryset):
        """The action: an intermediate form, then one bulk job for the selected products."""
        if not request.user.has_perm(GENERATE):
            raise PermissionDenied
        adapter = get_adapter()
        form = GenerateCopyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            job = start_generation(request, [adapter.product_id(obj) for obj in queryset], form.cleaned_data)
            self.message_user(request, _("Generating copy as %(job)s; drafts appear as it runs.") % {"job": job},
                              messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:marketing_ai_job_change", args=[job.pk]))
        return self._generate_page(request, form, queryset, action=True)

    generate_copy_action.short_description = _("Generate copy for selected products")

    def generate_copy_view(self, request, object_id):
        """The button on one product's page."""
        if not request.user.has_perm(GENERATE):
            raise PermissionDenied
        product = self.get_object(request, object_id)
        if product is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        form = GenerateCopyForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            job = start_generation(request, [get_adapter().product_id(product)], form.cleaned_data)
            self.message_user(request, _("Generating copy as %(job)s.") % {"job": job}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:marketing_ai_job_change", args=[job.pk]))
        return self._generate_page(request, form, [product], action=False)

    def _generate_page(self, request, form, products, action):
        products = list(products)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Generate copy"),
            "opts": self.model._meta,
            "form": form,
            "products": products[:50],
            "more": max(0, len(products) - 50),
            "count": len(products),
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": [str(p.pk) for p in products],
        }
        return TemplateResponse(request, self.copy_action_template, context)
