"""Skills that need no shop data: greetings, thanks, the store's fixed replies, hand-off requests."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing_ai.assistant.skills.turn import Reply, suggestions


def greeting(turn):
    """Hello, and what the assistant can do."""
    return Reply(
        text=_("Hello! I can find products, answer questions about them, check your order and explain "
               "shipping, returns and payment. What are you looking for?"),
        parts=[suggestions(gettext_lazy("Where is my order?"), gettext_lazy("How do returns work?"), gettext_lazy("Show me popular products"))],
    )


def thanks(turn):
    """The shopper is done: the thread counts as resolved."""
    return Reply(text=_("You're welcome! Anything else, just ask."), resolves=True)


def store_reply(turn):
    """The reply staff wrote for a store intent."""
    from marketing_ai.assistant.models import StoreIntent

    intent_id = getattr(turn.route, "store_intent_id", None)
    intent = StoreIntent.objects.filter(pk=intent_id, is_active=True).first() if intent_id else None
    if intent is None or not intent.reply.strip():
        return Reply(text=_("I'm not sure how to help with that. Would you like to talk to a person?"),
                     parts=[suggestions(gettext_lazy("Talk to a person"))], answered=False)
    return Reply(text=intent.reply, facts=[intent.reply])


def handoff(turn):
    """The shopper asked for a person: the conversation service opens the hand-off."""
    return Reply(text=_("I've passed this conversation to our team. Someone will reply here as soon as possible."),
                 handoff_reason="requested")
