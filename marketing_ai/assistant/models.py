"""The shop assistant's records: conversation threads, their messages, hand-offs to staff, and
what the store teaches the assistant (FAQ entries, store intents with example utterances)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    """One conversation with a shopper: owned by a signed-in customer, or bound to a browser session."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HANDED_OFF = "handed_off", _("handed off")
        RESOLVED = "resolved", _("resolved")

    # A random id: threads are addressed in URLs and must not be guessable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("customer"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="marketing_ai_threads")
    session_key = models.CharField(_("session"), max_length=64, blank=True, default="")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    # Consecutive turns the assistant could not answer; a hand-off is offered when it grows.
    failed_turns = models.PositiveSmallIntegerField(_("failed turns in a row"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assistant thread")
        verbose_name_plural = _("assistant threads")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["session_key"], name="mai_thread_session")]

    def __str__(self):
        return f"{_('thread')} {str(self.id)[:8]}"


class Message(models.Model):
    """One turn. ``text`` is stored redacted; ``parts`` holds the structured reply."""

    class Role(models.TextChoices):
        SHOPPER = "shopper", _("shopper")
        ASSISTANT = "assistant", _("assistant")
        STAFF = "staff", _("staff")

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    text = models.TextField(_("text"))
    parts = models.JSONField(_("parts"), default=list, blank=True)
    intent = models.CharField(_("intent"), max_length=100, blank=True, default="")
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    # For assistant turns: did a skill answer the question (False: clarification, not found, hand-off).
    answered = models.BooleanField(_("answered"), default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assistant message")
        verbose_name_plural = _("assistant messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.text[:40]}"


class Handoff(models.Model):
    """A thread handed to staff, with the (redacted) transcript at the moment of hand-off."""

    class Reason(models.TextChoices):
        REQUESTED = "requested", _("shopper asked for a person")
        REPEATED_FAILURE = "failure", _("assistant could not answer")
        FRUSTRATION = "frustration", _("shopper frustrated")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for staff")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="handoffs")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    transcript = models.TextField(_("transcript"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["status", "-created_at"]
        permissions = [("reply_handoff", _("Can reply to handed-off assistant threads"))]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.get_status_display()})"


class FAQEntry(models.Model):
    """A question the assistant answers word for word (shipping, returns, payment ...)."""

    class Topic(models.TextChoices):
        SHIPPING = "shipping", _("shipping")
        RETURNS = "returns", _("returns")
        PAYMENT = "payment", _("payment")
        OTHER = "other", _("other")

    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.OTHER)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    # Other ways shoppers ask it, one per line; they are matched as well as the question.
    alternatives = models.TextField(_("other phrasings"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["topic", "question"]

    def __str__(self):
        return self.question

    def phrasings(self):
        return [self.question, *[line.strip() for line in self.alternatives.splitlines() if line.strip()]]


class StoreIntent(models.Model):
    """An intent the store adds to the router, answered with a fixed reply or routed to a skill."""

    name = models.SlugField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Empty: answer with ``reply``. Otherwise the name of a built-in skill (see assistant.skills.SKILLS).
    skill = models.CharField(_("skill"), max_length=32, blank=True, default="")
    reply = models.TextField(_("reply"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("store intent")
        verbose_name_plural = _("store intents")
        ordering = ["name"]

    def __str__(self):
        return self.name


class IntentExample(models.Model):
    """An example utterance of a store intent."""

    intent = models.ForeignKey(StoreIntent, verbose_name=_("intent"), on_delete=models.CASCADE,
                               related_name="examples")
    text = models.CharField(_("text"), max_length=500)

    class Meta:
        verbose_name = _("intent example")
        verbose_name_plural = _("intent examples")
        constraints = [models.UniqueConstraint(fields=["intent", "text"], name="mai_intent_example_unique")]

    def __str__(self):
        return self.text


class ProductEmbedding(models.Model):
    """A product text's embedding, shared by every process so that a new one need not embed the catalogue.

    Keyed by a hash of the embedding model and the text: an edited product gets a new row, and rows of
    texts no longer in the catalogue are simply not read.
    """

    key = models.CharField(_("text hash"), max_length=64, unique=True)
    vector = models.BinaryField(_("vector"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("product embedding")
        verbose_name_plural = _("product embeddings")

    def __str__(self):
        return self.key[:12]
