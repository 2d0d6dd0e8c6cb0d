"""LLM phrasing through a real text backend: the OpenAI-compatible one against a loopback server."""

import pytest
from django.test import override_settings

from marketing_ai import embeddings
from marketing_ai.assistant import conversation
from marketing_ai.conf import app_settings
from marketing_ai.assistant.models import Message

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]


def phrasing_on(server):
    return override_settings(MARKETING_AI={
        **app_settings.user_settings, "ASSISTANT_LLM_PHRASING": True, "ASSISTANT_TEXT_BACKEND": "openai",
        "OPENAI_BASE_URL": server.url, "OPENAI_MODEL": "tiny-chat", "OPENAI_TIMEOUT": 2.0,
        "OPENAI_MAX_RETRIES": 0, "OPENAI_BACKOFF": 0.01,
    })


def test_catalog_answer_is_phrased_from_the_retrieved_facts_only(server, catalog, customers):
    server.default = ("ok", "Yes! The Harbour Stoneware Mug is 14.00 and in stock.")
    with phrasing_on(server):
        thread = conversation.open_thread(user=customers[0])
        reply = conversation.post_message(thread, "do you have stoneware mugs?")
    assert reply.text == "Yes! The Harbour Stoneware Mug is 14.00 and in stock."
    assert any(part["type"] == "product" for part in reply.parts)
    sent = server.requests[0]["body"]["messages"]
    prompt = " ".join(message["content"] for message in sent)
    assert "Harbour Stoneware Mug" in prompt and "14.00" in prompt
    assert "customer002" not in prompt and customers[0].email not in prompt
    stored = Message.objects.filter(thread=thread).order_by("-pk").first()
    assert stored.text == reply.text


def test_a_failing_server_keeps_the_skills_own_answer(server, catalog):
    server.default = ("status", 500)
    with phrasing_on(server):
        thread = conversation.open_thread(session_key="sess-9")
        reply = conversation.post_message(thread, "do you have stoneware mugs?")
    assert "Harbour Stoneware Mug" in reply.text and server.requests
