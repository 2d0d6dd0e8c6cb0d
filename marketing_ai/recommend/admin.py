"""Admin for recommendations: runs with metrics and a quality chart, "Train now", rules, and a preview."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from marketing_ai import jobs
from marketing_ai.recommend.models import RecommendationRule, RecommenderRun
from marketing_ai.recommend import serve

CHART_RUNS = 30


def quality_chart(runs, width=600, height=160):
    """An inline SVG of nDCG over runs: the candidate (solid) against popularity (dashed)."""
    points = [(run.pk, run.metrics.get("candidate", {}).get("ndcg"), run.metrics.get("popularity", {}).get("ndcg"))
              for run in runs if run.metrics.get("candidate")]
    if not points:
        return ""
    top = max(max(value or 0 for _, value, _p in points), max(p or 0 for _, _v, p in points), 0.01)
    step = width / max(1, len(points) - 1)

    def line(index):
        return " ".join(f"{i * step:.1f},{height - (entry[index] or 0) / top * (height - 10):.1f}"
                        for i, entry in enumerate(points))

    labels = format_html_join("", '<text x="{}" y="{}" font-size="10">#{}</text>',
                              ((f"{i * step:.1f}", height + 12, pk) for i, (pk, _v, _p) in enumerate(points)))
    return format_html(
        '<figure class="marketing-ai-chart"><svg role="img" aria-label="{}" viewBox="-10 0 {} {}" width="{}" '
        'height="{}"><polyline fill="none" stroke="#417690" stroke-width="2" points="{}"/>'
        '<polyline fill="none" stroke="#999" stroke-dasharray="4" points="{}"/>{}</svg>'
        "<figcaption>{} {}</figcaption></figure>",
        _("nDCG of each run against popularity"), width + 20, height + 16, width + 20, height + 16,
        line(1), line(2), labels, _("nDCG@k, solid: model, dashed: popularity; best"), f"{top:.3f}",
    )


@admin.register(RecommenderRun)
class RecommenderRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_serving", "status", "algorithm", "model_ndcg", "popularity_ndcg",
                    "n_interactions", "device", "duration", "created_at"]
    list_filter = ["status", "is_serving", "algorithm"]
    readonly_fields = ["status", "is_serving", "algorithm", "params", "device", "n_users", "n_products",
                       "n_interactions", "duration_seconds", "metrics", "reason", "model_path", "job", "started_by",
                       "created_at", "finished_at"]
    fields = readonly_fields
    change_list_template = "marketing_ai/recommend/admin/run_change_list.html"

    @admin.display(description=_("nDCG"))
    def model_ndcg(self, run):
        value = run.ndcg
        return "" if value is None else f"{value:.4f}"

    @admin.display(description=_("popularity nDCG"))
    def popularity_ndcg(self, run):
        value = run.metrics.get("popularity", {}).get("ndcg")
        return "" if value is None else f"{value:.4f}"

    @admin.display(description=_("duration"))
    def duration(self, run):
        return "" if run.duration_seconds is None else f"{run.duration_seconds:.1f} s"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("train/", self.admin_site.admin_view(self.train_view), name="marketing_ai_recommend_recommenderrun_train"),
            path("preview/", self.admin_site.admin_view(self.preview_view),
                 name="marketing_ai_recommend_recommenderrun_preview"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        runs = list(RecommenderRun.objects.order_by("-pk")[:CHART_RUNS])[::-1]
        extra_context = {**(extra_context or {}), "quality_chart": quality_chart(runs),
                         "can_train": request.user.has_perm("marketing_ai_recommend.train_recommender")}
        return super().changelist_view(request, extra_context)

    def train_view(self, request):
        """Start a training run as a Job (POST only) and show its progress page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("marketing_ai_recommend.train_recommender"):
            raise PermissionDenied
        job = jobs.start_job("train_recommender", user=request.user)
        self.message_user(request, _("Training started as %(job)s.") % {"job": job}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:marketing_ai_job_change", args=[job.pk]))

    def preview_view(self, request):
        """What a given customer, or a given product's page, would be shown now."""
        if not request.user.has_perm("marketing_ai_recommend.view_recommenderrun"):
            raise PermissionDenied
        form = PreviewForm(request.GET or None)
        lists = []
        if form.is_valid():
            customer, product_id = form.cleaned_data.get("customer"), form.cleaned_data.get("product")
            if customer is not None or not product_id:
                lists.append((_("Recommended for you"), serve.recommended_for(user=customer, limit=10)))
            if product_id:
                lists.append((_("Similar products"), serve.similar_products(product_id, limit=10)))
                lists.append((_("Frequently bought together"), serve.bought_together(product_id, limit=10)))
            lists.append((_("Trending now"), serve.trending(limit=10)))
        context = {**self.admin_site.each_context(request), "form": form, "lists": lists, "opts": self.model._meta,
                   "title": _("Preview recommendations")}
        return TemplateResponse(request, "marketing_ai/recommend/admin/preview.html", context)


class PreviewForm(forms.Form):
    customer = forms.CharField(label=_("Customer (username or id)"), required=False, max_length=150)
    product = forms.CharField(label=_("Product id"), required=False, max_length=64)

    def clean_customer(self):
        value = self.cleaned_data["customer"].strip()
        if not value:
            return None
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: value}).first()
        if user is None and value.isdigit():
            user = User._default_manager.filter(pk=value).first()
        if user is None:
            raise forms.ValidationError(_("No customer %(value)s.") % {"value": value})
        return user


@admin.register(RecommendationRule)
class RecommendationRuleAdmin(admin.ModelAdmin):
    list_display = ["action", "product_id", "placement", "context_product_id", "position", "active", "note"]
    list_filter = ["action", "placement", "active"]
    list_editable = ["active", "position"]
    search_fields = ["product_id", "context_product_id", "note"]
    list_display_links = ["action"]

    def save_model(self, request, obj, form, change):
        from marketing_ai.shop import get_adapter

        if not get_adapter().existing_product_ids([obj.product_id]):
            messages.warning(request, _("Product %(id)s does not exist; the rule has no effect until it does.")
                             % {"id": obj.product_id})
        super().save_model(request, obj, form, change)
