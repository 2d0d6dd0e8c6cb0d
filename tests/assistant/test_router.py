"""The intent router: built-in intents, store intents from the admin, clarification below the threshold."""

import pytest

from marketing_ai import embeddings
from marketing_ai.assistant import router

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]


@pytest.mark.parametrize("text, intent", [
    ("where is my parcel? it hasn't arrived", "order_status"),
    ("do you have wool socks", "product_search"),
    ("how can I send this back for a refund", "faq_returns"),
    ("can I speak with a real human being", "handoff"),
    ("which is cheaper, the tee or the mug", "compare"),
    ("a present for my mum under 40", "recommend"),
])
def test_builtin_intents_route_unseen_phrasings(text, intent):
    assert router.route(text).intent == intent


def test_store_intent_added_in_the_admin_is_learned_without_restart():
    from marketing_ai.assistant.models import IntentExample, StoreIntent

    before = router.get_router()
    intent = StoreIntent.objects.create(name="gift_wrapping", reply="Gift wrapping costs 3.00 per order.")
    for text in ["do you gift wrap", "can you wrap it as a present", "gift wrapping available?",
                 "is wrapping paper an option", "can I have it gift wrapped"]:
        IntentExample.objects.create(intent=intent, text=text)
    after = router.get_router()
    assert after is not before
    routed = router.route("could you gift wrap my order")
    assert routed.intent == "gift_wrapping" and routed.skill == router.STORE_REPLY_SKILL
    assert routed.store_intent_id == intent.pk


def test_router_is_cached_while_intents_do_not_change():
    assert router.get_router() is router.get_router()


def test_router_needs_two_intents():
    with pytest.raises(ValueError):
        router.IntentRouter.train_on_rows(["a", "b"], ["x", "x"])
