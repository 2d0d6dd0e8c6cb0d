"""The conversation service: threads, messages, hand-offs and staff replies.

Views, the admin and the widget call these functions; they call the router and the skills. Everything
stored is redacted first.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing_ai.assistant import phrasing
from marketing_ai.assistant.redaction import redact
from marketing_ai.assistant.router import route as route_message
from marketing_ai.assistant.skills import skill_for
from marketing_ai.assistant.skills.turn import Reply, Turn, suggestions
from marketing_ai.conf import app_settings
from marketing_ai.assistant.models import Handoff, Message, Thread

FRUSTRATION = re.compile(
    r"(?i)\b(useless|stupid|ridiculous|terrible|awful|annoying|not helpful|doesn'?t help|waste of time|"
    r"what the hell|wtf|rubbish)\b|!{3,}"
)
CLARIFY = "clarify"


class AssistantInputError(ValueError):
    """A message the assistant refuses (empty, too long, thread full); the text says why."""


def open_thread(user=None, session_key=""):
    """A new thread for a signed-in customer, or bound to a browser session."""
    if user is not None and getattr(user, "is_authenticated", False):
        return Thread.objects.create(user=user)
    return Thread.objects.create(session_key=session_key or "")


SESSION_THREADS_KEY = "marketing_ai_assistant_threads"


def remember_in_session(session, thread):
    """Note an anonymous thread in the session, so signing in keeps it (see claim_session_threads)."""
    if session is None or thread.user_id is not None:
        return
    key = str(thread.pk)
    known = [pk for pk in session.get(SESSION_THREADS_KEY, []) if pk != key]
    session[SESSION_THREADS_KEY] = [key, *known][:20]


def claim_session_threads(sender, request, user, **kwargs):
    """user_logged_in receiver: the shopper's anonymous threads of this session become theirs.

    Signing in gives the session a new key, so without this the conversation would be lost. Only
    threads this very session created (their ids are in its data) and that nobody owns are moved.
    """
    session = getattr(request, "session", None)
    if session is None or user is None:
        return
    ids = session.get(SESSION_THREADS_KEY, [])
    if ids:
        Thread.objects.filter(pk__in=ids, user__isnull=True).update(user=user, session_key="")
        session[SESSION_THREADS_KEY] = []


def thread_for(thread_id, user=None, session_key=""):
    """The thread if it belongs to this customer (or this session, for anonymous threads); else None."""
    try:
        thread = Thread.objects.get(pk=thread_id)
    except (Thread.DoesNotExist, ValueError, TypeError, Exception):
        return None
    if thread.user_id is not None:
        owner = user is not None and getattr(user, "is_authenticated", False) and user.pk == thread.user_id
        return thread if owner else None
    return thread if session_key and thread.session_key == session_key else None


def validate_text(text):
    """The cleaned message, or AssistantInputError."""
    text = str(text or "").strip()
    if not text:
        raise AssistantInputError(_("Write a message first."))
    limit = app_settings.ASSISTANT_MAX_MESSAGE_CHARS
    if len(text) > limit:
        raise AssistantInputError(_("Messages can be at most %(limit)d characters long.") % {"limit": limit})
    return text


def clarification(route):
    """What the assistant says when the router is unsure."""
    return Reply(
        text=_("Sorry, I'm not sure I understood. Are you looking for a product, asking about an order, or "
               "about shipping, returns or payment?"),
        parts=[suggestions(gettext_lazy("Find a product"), gettext_lazy("Where is my order?"), gettext_lazy("How do returns work?"),
                           gettext_lazy("Talk to a person"))],
        answered=False,
    )


def answer(turn):
    """The Reply to a turn: clarification below the threshold, else the routed skill."""
    if turn.route.confidence < app_settings.ASSISTANT_INTENT_THRESHOLD:
        return clarification(turn.route)
    return skill_for(turn.route)(turn)


def post_message(thread, text, user=None, product_id=None, phrasing_backend=None):
    """Store the shopper's message, answer it, and return the assistant's ``Message``.

    Hand-off happens on request, after ``ASSISTANT_HANDOFF_AFTER_FAILURES`` unanswered turns in a row,
    or when a frustrated shopper was not helped.
    """
    text = validate_text(text)
    if thread.messages.count() + 2 > app_settings.ASSISTANT_MAX_THREAD_MESSAGES:
        raise AssistantInputError(_("This conversation is full; please start a new one."))
    route = route_message(text)
    turn = Turn(text=text, route=route, user=user if getattr(user, "is_authenticated", False) else None,
                thread=thread, product_id=str(product_id) if product_id not in (None, "") else None)
    reply = answer(turn)
    intent = route.intent if route.confidence >= app_settings.ASSISTANT_INTENT_THRESHOLD else CLARIFY
    failed = 0 if reply.answered else thread.failed_turns + 1
    if not reply.handoff_reason and not reply.answered:
        if FRUSTRATION.search(text):
            reply.handoff_reason = Handoff.Reason.FRUSTRATION
        elif failed >= app_settings.ASSISTANT_HANDOFF_AFTER_FAILURES:
            reply.handoff_reason = Handoff.Reason.REPEATED_FAILURE
        if reply.handoff_reason:
            reply.text = f"{reply.text} {_('I am passing this conversation to our team; someone will reply here.')}"
    reply_text = phrasing.phrase(text, reply, backend=phrasing_backend)
    with transaction.atomic():
        Message.objects.create(thread=thread, role=Message.Role.SHOPPER, text=redact(text), intent=intent,
                               confidence=route.confidence, answered=reply.answered)
        if reply.handoff_reason:
            handoff = hand_off(thread, reply.handoff_reason)
            reply.parts.append({"type": "handoff", "id": handoff.pk, "status": handoff.status})
        message = Message.objects.create(thread=thread, role=Message.Role.ASSISTANT, text=redact(reply_text),
                                         parts=reply.parts, intent=intent, confidence=route.confidence,
                                         answered=reply.answered)
        thread.failed_turns = 0 if reply.handoff_reason else failed
        if reply.resolves and thread.status == Thread.Status.OPEN:
            thread.status = Thread.Status.RESOLVED
        elif thread.status == Thread.Status.RESOLVED:
            thread.status = Thread.Status.OPEN
        thread.save(update_fields=["failed_turns", "status", "updated_at"])
    return message


def transcript(thread):
    """The thread as plain text, one line per message (already redacted when stored)."""
    lines = []
    for message in thread.messages.order_by("created_at", "pk"):
        lines.append(f"[{timezone.localtime(message.created_at):%Y-%m-%d %H:%M}] {message.get_role_display()}: "
                     f"{message.text}")
    return "\n".join(lines)


def hand_off(thread, reason):
    """Open a hand-off for the thread (or return the one already waiting) with the transcript so far."""
    with transaction.atomic():
        existing = thread.handoffs.filter(status=Handoff.Status.OPEN).first()
        if existing is not None:
            return existing
        handoff = Handoff.objects.create(thread=thread, reason=reason, transcript=transcript(thread))
        thread.status = Thread.Status.HANDED_OFF
        thread.save(update_fields=["status", "updated_at"])
    return handoff


def staff_reply(handoff, author, text):
    """A staff member's answer, added to the thread; the hand-off is marked answered."""
    text = validate_text(text)
    with transaction.atomic():
        message = Message.objects.create(thread=handoff.thread, role=Message.Role.STAFF, text=redact(text),
                                         author=author)
        handoff.status = Handoff.Status.ANSWERED
        handoff.answered_at = timezone.now()
        handoff.assigned_to = handoff.assigned_to or author
        handoff.save(update_fields=["status", "answered_at", "assigned_to"])
    return message

