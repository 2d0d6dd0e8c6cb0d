"""Admin for moderation: the review queue, trained classifiers, and a mixin for the shop's own review admin."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, TruncDate
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketing_ai import jobs
from marketing_ai.moderation.models import ModerationClassifier, ModerationDecision, ModerationOverride, Verdict
from marketing_ai.moderation.text import merge_spans
from marketing_ai.moderation.service import ModerationError, moderate_reviews, override
from marketing_ai.shop import get_adapter

MODERATE_PERMISSION = "marketing_ai_moderation.moderate_review"
# Above this many selected reviews, "Moderate selected" runs as a background job.
SYNC_LIMIT = 200
CHART_DAYS = 30


def highlight(text, reasons, limit=None):
    """The text, escaped, with every flagged span in a <mark> titled with its reason."""
    spans = []
    for reason in reasons or []:
        for start, end in reason.get("spans") or []:
            spans.append((int(start), int(end), str(reason.get("message", ""))))
    text = text or ""
    if limit is not None and len(text) > limit:
        text = text[:limit]
        spans = [(s, min(e, limit), m) for s, e, m in spans if s < limit]
    titles = {}
    for start, end, message in spans:
        for merged in merge_spans([(s, e) for s, e, _m in spans]):
            if merged[0] <= start < merged[1]:
                titles.setdefault(merged, []).append(message)
    pieces, position = [], 0
    for start, end in merge_spans([(s, e) for s, e, _m in spans]):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<mark class="marketing-ai-flag" title="{}">{}</mark>',
                                  "; ".join(dict.fromkeys(titles.get((start, end), []))), text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    if limit is not None and len(text) >= limit:
        pieces.append("…")
    return mark_safe("".join(str(piece) for piece in pieces))


def decision_badge(value, label):
    return format_html('<span class="marketing-ai-status marketing-ai-decision-{}">{}</span>', value, label)


class ReasonFilter(admin.SimpleListFilter):
    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        codes = set()
        for value in ModerationDecision.objects.exclude(reason_codes="").values_list("reason_codes", flat=True)\
                .distinct()[:500]:
            codes.update(value.split())
        return [(code, code.replace("_", " ")) for code in sorted(codes)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(reason_codes__contains=f" {self.value()} ")
        return queryset


class ProductFilter(admin.SimpleListFilter):
    title = _("product")
    parameter_name = "product"

    def lookups(self, request, model_admin):
        # The products with the most decisions that need a person, named by the shop adapter.
        rows = (ModerationDecision.objects.exclude(decision=Verdict.PUBLISH).values("product_id")
                .annotate(n=Count("pk")).order_by("-n")[:30])
        adapter = get_adapter()
        choices = []
        for row in rows:
            product = adapter.get_product(row["product_id"])
            name = adapter.product_title(product) if product is not None else row["product_id"]
            choices.append((row["product_id"], f"{name} ({row['n']})"))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(product_id=self.value())
        return queryset


class OverrideInline(admin.TabularInline):
    model = ModerationOverride
    extra = 0
    can_delete = False
    fields = readonly_fields = ["created_at", "user", "previous", "new", "reason"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DecisionForm(forms.ModelForm):
    """A person's decision on one review: what and why (the history keeps both)."""

    new_decision = forms.ChoiceField(label=_("New decision"), choices=Verdict.choices)
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    restore_text = forms.BooleanField(label=_("Put the original text back (if it was masked)"), required=False)

    class Meta:
        model = ModerationDecision
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["new_decision"].initial = self.instance.decision


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    """The moderation queue: filter, read the flagged spans, approve or reject in bulk."""

    list_display = ["review_text", "decision_display", "product_display", "rating", "risk_display",
                    "reasons_display", "decided_by_human", "created_at"]
    list_filter = ["decision", ReasonFilter, ProductFilter, "decided_by_human", "created_at"]
    search_fields = ["text", "review_id", "product_id"]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "reject_selected", "hold_selected", "moderate_again"]
    form = DecisionForm
    inlines = [OverrideInline]
    change_list_template = "marketing_ai/admin/moderation_change_list.html"
    readonly_fields = ["review_id", "product_display", "rating", "highlighted_text", "reasons_table", "risk",
                       "scores", "automatic_decision", "decision", "pipeline_version", "classifier", "truncated",
                       "masked_text", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["review_id", "product_display", "rating", "highlighted_text", "reasons_table"]}),
        (_("Your decision"), {"fields": ["decision", "new_decision", "why", "restore_text"]}),
        (_("Details"), {"classes": ["collapse"], "fields": ["risk", "scores", "automatic_decision", "pipeline_version",
                                                            "classifier", "truncated", "masked_text", "created_at",
                                                            "updated_at"]}),
    ]

    # --- columns ---------------------------------------------------------------------------------

    @admin.display(description=_("review"))
    def review_text(self, obj):
        return highlight(obj.text, obj.reasons, limit=160)

    @admin.display(description=_("decision"), ordering="decision")
    def decision_display(self, obj):
        return decision_badge(obj.decision, obj.get_decision_display())

    @admin.display(description=_("product"), ordering="product_id")
    def product_display(self, obj):
        product = get_adapter().get_product(obj.product_id) if obj.product_id else None
        return get_adapter().product_title(product) if product is not None else obj.product_id

    @admin.display(description=_("risk"), ordering="risk")
    def risk_display(self, obj):
        return f"{obj.risk:.2f}"

    @admin.display(description=_("reasons"))
    def reasons_display(self, obj):
        return ", ".join(code.replace("_", " ") for code in obj.reason_list)

    @admin.display(description=_("text, flagged spans marked"))
    def highlighted_text(self, obj):
        return format_html('<div class="marketing-ai-review-text">{}</div>', highlight(obj.text, obj.reasons))

    @admin.display(description=_("reasons"))
    def reasons_table(self, obj):
        if not obj.reasons:
            return _("No reasons: nothing was flagged.")
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (reason.get("check", ""), reason.get("message", ""), f"{float(reason.get('score', 0)):.2f}")
            for reason in obj.reasons))
        return format_html('<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>',
                           _("check"), _("reason"), _("score"), rows)

    # --- permissions -------------------------------------------------------------------------------

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Decisions are the record of what happened to a review; nothing is deleted.
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MODERATE_PERMISSION)

    def _check_moderate(self, request):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied

    # --- a person's decision ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        self._check_moderate(request)
        data = form.cleaned_data
        if data["new_decision"] != obj.decision or data.get("why") or data.get("restore_text"):
            try:
                override(obj, data["new_decision"], user=request.user, reason=data.get("why", ""),
                         restore_text=data.get("restore_text", False))
            except ModerationError as exc:
                self.message_user(request, str(exc), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # The override history is read-only: nothing to save from the inline.
        pass

    def _bulk(self, request, queryset, verdict, reason):
        self._check_moderate(request)
        changed, failed = 0, 0
        for decision in queryset:
            try:
                override(decision, verdict, user=request.user, reason=str(reason))
                changed += 1
            except ModerationError:
                failed += 1
        self.message_user(request, ngettext("%(count)d review decided.", "%(count)d reviews decided.", changed)
                          % {"count": changed}, messages.SUCCESS)
        if failed:
            self.message_user(request, ngettext("%(count)d review no longer exists in the shop.",
                                                "%(count)d reviews no longer exist in the shop.", failed)
                              % {"count": failed}, messages.WARNING)

    @admin.action(description=_("Approve (publish) selected reviews"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, Verdict.PUBLISH, _("Approved in the moderation queue"))

    @admin.action(description=_("Reject (hide) selected reviews"))
    def reject_selected(self, request, queryset):
        self._bulk(request, queryset, Verdict.REJECT, _("Rejected in the moderation queue"))

    @admin.action(description=_("Hold selected reviews for later"))
    def hold_selected(self, request, queryset):
        self._bulk(request, queryset, Verdict.HOLD, _("Held in the moderation queue"))

    @admin.action(description=_("Moderate selected reviews again"))
    def moderate_again(self, request, queryset):
        self._check_moderate(request)
        moderate_selected_reviews(self, request, list(queryset.values_list("review_id", flat=True)))

    # --- counts, chart and the "moderate pending" button -------------------------------------------------

    def get_urls(self):
        return [
            path("moderate-pending/", self.admin_site.admin_view(self.moderate_pending_view),
                 name="marketing_ai_moderation_moderationdecision_moderate_pending"),
            *super().get_urls(),
        ]

    def moderate_pending_view(self, request):
        """Start a job that moderates every review without a decision."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (request.user.has_perm(MODERATE_PERMISSION) and request.user.has_perm("marketing_ai.run_job")):
            raise PermissionDenied
        job = jobs.start_job("moderate_reviews", {"pending": True}, user=request.user)
        self.message_user(request, _("Moderation started as %(job)s.") % {"job": job}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:marketing_ai_job_change", args=[job.pk]))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **decision_statistics()}
        return super().changelist_view(request, extra_context=extra_context)

    class Media:
        css = {"all": ["marketing_ai/admin.css", "marketing_ai/moderation.css"]}


def decision_statistics(days=CHART_DAYS):
    """Counts per decision, and per day and decision for the last ``days`` days (chart data)."""
    counts = {value: 0 for value in Verdict.values}
    for row in ModerationDecision.objects.values("decision").annotate(n=Count("pk")):
        counts[row["decision"]] = row["n"]
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    per_day = {start + timedelta(days=offset): dict.fromkeys(Verdict.values, 0) for offset in range(days)}
    rows = (ModerationDecision.objects.filter(created_at__date__gte=start).annotate(day=TruncDate("created_at"))
            .values("day", "decision").annotate(n=Count("pk")))
    for row in rows:
        if row["day"] in per_day:
            per_day[row["day"]][row["decision"]] = row["n"]
    peak = max([sum(values.values()) for values in per_day.values()] + [1])
    bars = []
    for position, (day, values) in enumerate(sorted(per_day.items())):
        y = 100.0
        segments = []
        for decision in (Verdict.PUBLISH, Verdict.HOLD, Verdict.REJECT):
            height = 100.0 * values[decision] / peak
            y -= height
            if height:
                segments.append({"decision": decision, "y": round(y, 2), "height": round(height, 2)})
        bars.append({"day": day, "x": position * 10, "segments": segments, **values,
                     "total": sum(values.values())})
    labels = dict(Verdict.choices)
    return {"moderation_counts": [(value, labels[value], counts[value]) for value in Verdict.values],
            "moderation_total": sum(counts.values()), "moderation_chart": bars,
            "moderation_chart_width": days * 10, "moderation_chart_days": days}


@admin.register(ModerationClassifier)
class ModerationClassifierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_active", "decisions", "holdout", "classifier_f1", "rules_f1", "created_at"]
    list_filter = ["status", "is_active"]
    readonly_fields = ["status", "is_active", "decisions", "holdout", "classifier_f1", "rules_f1", "path", "message",
                       "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def moderate_selected_reviews(model_admin, request, review_ids):
    """Moderate the given reviews now, or as a job when there are many; tells the user what happened."""
    review_ids = [str(pk) for pk in review_ids]
    if len(review_ids) > SYNC_LIMIT:
        if not request.user.has_perm("marketing_ai.run_job"):
            raise PermissionDenied
        job = jobs.start_job("moderate_reviews", {"review_ids": review_ids, "force": True}, user=request.user)
        model_admin.message_user(request, _("Moderating %(count)d reviews as %(job)s.") % {
            "count": len(review_ids), "job": job}, messages.SUCCESS)
        return
    decisions = moderate_reviews(get_adapter().iter_reviews(review_ids=review_ids), force=True)
    counts = {value: sum(1 for d in decisions if d.decision == value) for value in Verdict.values}
    model_admin.message_user(request, _("%(count)d reviews moderated: %(publish)d published, %(hold)d held, "
                                        "%(reject)d rejected.") % {"count": len(decisions), **counts},
                             messages.SUCCESS)


class ReviewModerationAdminMixin:
    """Add to the shop's own review ModelAdmin: a decision column and a "Moderate selected" action.

        class ReviewAdmin(ReviewModerationAdminMixin, admin.ModelAdmin): ...
    """

    def get_queryset(self, request):
        decisions = ModerationDecision.objects.filter(review_id=Cast(OuterRef("pk"), output_field=CharField()))
        return super().get_queryset(request).annotate(
            _moderation_decision=Subquery(decisions.values("decision")[:1]),
            _moderation_reasons=Subquery(decisions.values("reason_codes")[:1]),
            _moderation_pk=Subquery(decisions.values("pk")[:1]),
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "moderation_decision"]

    @admin.display(description=_("moderation"), ordering="_moderation_decision")
    def moderation_decision(self, obj):
        value = getattr(obj, "_moderation_decision", None)
        if not value:
            return format_html('<span class="marketing-ai-status">{}</span>', _("not moderated"))
        badge = decision_badge(value, Verdict(value).label)
        url = reverse("admin:marketing_ai_moderation_moderationdecision_change", args=[obj._moderation_pk])
        reasons = ", ".join(code.replace("_", " ") for code in (obj._moderation_reasons or "").split())
        return format_html('<a href="{}" title="{}">{}</a>', url, reasons, badge)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if request.user.has_perm(MODERATE_PERMISSION):
            action = ReviewModerationAdminMixin.moderate_selected
            actions["moderate_selected"] = (action, "moderate_selected", action.short_description)
        return actions

    @admin.action(description=_("Moderate selected reviews"))
    def moderate_selected(self, request, queryset):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        moderate_selected_reviews(self, request, list(queryset.values_list("pk", flat=True)))
