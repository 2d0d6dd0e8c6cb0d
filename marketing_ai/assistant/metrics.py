"""Assistant metrics for the admin: threads, resolution rate, hand-offs, top intents, unanswered questions."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from marketing_ai.assistant.models import Handoff, Message, Thread

CLARIFY = "clarify"


def assistant_metrics(days=30, top=10):
    """Figures over the threads started in the last ``days`` days.

    A thread is resolved when the assistant answered at least one of its questions and it was never
    handed to staff; the rate is over threads with at least one shopper message.
    """
    since = timezone.now() - timedelta(days=days)
    threads = Thread.objects.filter(created_at__gte=since)
    active = threads.filter(Exists(Message.objects.filter(thread=OuterRef("pk"), role=Message.Role.SHOPPER)))
    handed = Handoff.objects.filter(thread=OuterRef("pk"))
    answered = Message.objects.filter(thread=OuterRef("pk"), role=Message.Role.ASSISTANT, answered=True)
    resolved = active.filter(Exists(answered)).exclude(Exists(handed))
    total = active.count()
    shopper = Message.objects.filter(thread__in=threads, role=Message.Role.SHOPPER)
    handoffs = Handoff.objects.filter(thread__in=threads)
    return {
        "days": days,
        "threads": total,
        "resolved": resolved.count(),
        "resolution_rate": (resolved.count() / total) if total else None,
        "handoffs": handoffs.count(),
        "handoffs_open": handoffs.filter(status=Handoff.Status.OPEN).count(),
        "handoffs_by_reason": dict(handoffs.values_list("reason").annotate(n=Count("pk")).order_by()),
        "messages": shopper.count(),
        "top_intents": list(shopper.exclude(intent__in=["", CLARIFY]).values("intent")
                            .annotate(count=Count("pk")).order_by("-count", "intent")[:top]),
        "unanswered": list(shopper.filter(Q(answered=False)).values("text")
                           .annotate(count=Count("pk")).order_by("-count", "text")[:top * 2]),
    }
