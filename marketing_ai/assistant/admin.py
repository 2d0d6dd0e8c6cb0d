"""Admin of the shop assistant: the hand-off queue where staff reply, FAQ entries, store intents, threads
with their transcripts, and the metrics page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketing_ai.assistant import conversation
from marketing_ai.assistant.metrics import assistant_metrics
from marketing_ai.assistant.models import FAQEntry, Handoff, IntentExample, Message, StoreIntent, Thread

REPLY_PERMISSION = "marketing_ai_assistant.reply_handoff"


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_at", "role", "text", "intent", "confidence", "answered", "author"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "status", "message_count", "created_at", "updated_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["user__username", "messages__text"]
    readonly_fields = ["id", "user", "session_key", "status", "failed_turns", "created_at", "updated_at"]
    inlines = [MessageInline]
    change_list_template = "marketing_ai/admin/assistant_thread_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(_messages=Count("messages"))

    @admin.display(description=_("messages"), ordering="_messages")
    def message_count(self, thread):
        return thread._messages

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [path("metrics/", self.admin_site.admin_view(self.metrics_view), name="marketing_ai_assistant_metrics"),
                *super().get_urls()]

    def metrics_view(self, request):
        """Threads, resolution rate, hand-offs, top intents and unanswered questions."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            days = min(max(int(request.GET.get("days", 30)), 1), 3650)
        except ValueError:
            days = 30
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Assistant metrics"), "metrics": assistant_metrics(days=days),
                   "day_choices": [7, 30, 90, 365]}
        return TemplateResponse(request, "marketing_ai/admin/assistant_metrics.html", context)


class HandoffForm(forms.ModelForm):
    reply = forms.CharField(label=_("Reply to the shopper"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Sent into the shopper's chat; card numbers and similar are redacted."))

    class Meta:
        model = Handoff
        fields = ["status", "assigned_to"]

    def clean_reply(self):
        text = self.cleaned_data["reply"].strip()
        if text:
            try:
                return conversation.validate_text(text)
            except conversation.AssistantInputError as exc:
                raise forms.ValidationError(str(exc)) from None
        return text


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    """The queue of threads waiting for staff: open ones first; reply from the change page."""

    form = HandoffForm
    list_display = ["__str__", "thread_link", "customer", "reason", "status", "assigned_to", "created_at"]
    list_filter = ["status", "reason", "created_at"]
    search_fields = ["transcript", "thread__user__username"]
    list_select_related = ["thread__user", "assigned_to"]
    readonly_fields = ["thread_link", "customer", "reason", "created_at", "answered_at", "conversation"]
    fields = ["thread_link", "customer", "reason", "created_at", "answered_at", "conversation", "status",
              "assigned_to", "reply"]
    actions = ["close_selected"]

    @admin.display(description=_("thread"))
    def thread_link(self, handoff):
        url = reverse("admin:marketing_ai_assistant_thread_change", args=[handoff.thread_id])
        return format_html('<a href="{}">{}</a>', url, handoff.thread)

    @admin.display(description=_("customer"))
    def customer(self, handoff):
        return handoff.thread.user or _("anonymous shopper")

    @admin.display(description=_("conversation so far"))
    def conversation(self, handoff):
        # The live thread (staff replies included), not just the snapshot taken at hand-off.
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', conversation.transcript(handoff.thread))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A hand-off is the record of a conversation staff took over; close it instead.
        return False

    def save_model(self, request, obj, form, change):
        reply = form.cleaned_data.get("reply")
        super().save_model(request, obj, form, change)
        if reply:
            if not request.user.has_perm(REPLY_PERMISSION):
                raise PermissionDenied
            conversation.staff_reply(obj, request.user, reply)
            self.message_user(request, _("Your reply was sent to the shopper."), messages.SUCCESS)

    @admin.action(description=_("Close selected hand-offs"))
    def close_selected(self, request, queryset):
        count = queryset.exclude(status=Handoff.Status.CLOSED).update(status=Handoff.Status.CLOSED)
        self.message_user(request, _("%(count)d hand-off(s) closed.") % {"count": count}, messages.SUCCESS)


@admin.register(FAQEntry)
class FAQEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "is_active", "updated_at"]
    list_filter = ["topic", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["question", "answer", "alternatives"]


class IntentExampleInline(admin.TabularInline):
    model = IntentExample
    extra = 3


@admin.register(StoreIntent)
class StoreIntentAdmin(admin.ModelAdmin):
    list_display = ["name", "skill", "example_count", "is_active", "updated_at"]
    list_filter = ["is_active", "skill"]
    search_fields = ["name", "description", "examples__text"]
    inlines = [IntentExampleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_examples=Count("examples"))

    @admin.display(description=_("examples"), ordering="_examples")
    def example_count(self, intent):
        return intent._examples

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "skill":
            from marketing_ai.assistant.skills import SKILLS

            choices = [("", _("fixed reply"))] + [(name, name) for name in SKILLS if name != "store_reply"]
            return forms.ChoiceField(choices=choices, required=False, label=db_field.verbose_name,
                                     help_text=_("Answer with the reply below, or hand the message to a skill."))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Touch the intent so the router sees example edits made in the inline.
        form.instance.save(update_fields=["updated_at"])
