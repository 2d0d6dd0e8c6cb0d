"""Admin: the hand-off queue where staff reply, FAQ and intents editing, metrics."""

import pytest

from marketing_ai import embeddings
from marketing_ai.assistant import conversation
from marketing_ai.assistant.metrics import assistant_metrics
from marketing_ai.assistant.models import Handoff, Message, StoreIntent
from tests.permissions import grant

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]


@pytest.fixture
def support(staff_user):
    return grant(staff_user, "marketing_ai_assistant.view_handoff", "marketing_ai_assistant.change_handoff", "marketing_ai_assistant.reply_handoff",
                 "marketing_ai_assistant.view_thread", "marketing_ai_assistant.view_faqentry", "marketing_ai_assistant.add_faqentry",
                 "marketing_ai_assistant.add_storeintent", "marketing_ai_assistant.view_storeintent", "marketing_ai_assistant.change_storeintent",
                 "marketing_ai_assistant.add_intentexample", "marketing_ai_assistant.view_intentexample")


@pytest.fixture
def handed_off(customers):
    thread = conversation.open_thread(user=customers[0])
    conversation.post_message(thread, "my card 4111 1111 1111 1111 was charged twice", user=customers[0])
    conversation.post_message(thread, "I want to talk to a human", user=customers[0])
    return Handoff.objects.get(thread=thread)


def test_staff_see_the_queue_and_reply_from_the_admin(client, support, handed_off):
    client.force_login(support)
    queue = client.get("/admin/marketing_ai_assistant/handoff/")
    assert queue.status_code == 200 and "shopper asked for a person" in queue.content.decode()
    url = f"/admin/marketing_ai_assistant/handoff/{handed_off.pk}/change/"
    page = client.get(url).content.decode()
    assert "card number removed" in page and "4111 1111" not in page
    response = client.post(url, {"status": "open", "assigned_to": "", "reply": "Sorry! I've refunded the second charge."})
    assert response.status_code == 302, response.content.decode()[:2000]
    handed_off.refresh_from_db()
    assert handed_off.status == "answered" and handed_off.assigned_to == support
    staff = Message.objects.get(thread=handed_off.thread, role="staff")
    assert staff.text == "Sorry! I've refunded the second charge." and staff.author == support


def test_the_shopper_reads_the_staff_reply_in_the_history(client, support, handed_off, customers):
    conversation.staff_reply(handed_off, support, "Hello from the team")
    client.force_login(customers[0])
    history = client.get(f"/api/marketing-ai/assistant/threads/{handed_off.thread_id}/").json()
    assert history["messages"][-1]["role"] == "staff" and history["messages"][-1]["text"] == "Hello from the team"


def test_reply_needs_the_reply_permission(client, staff_user, handed_off):
    grant(staff_user, "marketing_ai_assistant.view_handoff", "marketing_ai_assistant.change_handoff")
    client.force_login(staff_user)
    response = client.post(f"/admin/marketing_ai_assistant/handoff/{handed_off.pk}/change/",
                           {"status": "open", "assigned_to": "", "reply": "hi"})
    assert response.status_code == 403
    assert not Message.objects.filter(role="staff").exists()


def test_handoffs_are_closed_not_deleted(client, support, handed_off):
    client.force_login(support)
    client.post("/admin/marketing_ai_assistant/handoff/", {"action": "close_selected", "_selected_action": [handed_off.pk]})
    handed_off.refresh_from_db()
    assert handed_off.status == "closed"
    assert client.get(f"/admin/marketing_ai_assistant/handoff/{handed_off.pk}/delete/").status_code == 403


def test_faq_and_store_intents_are_edited_in_the_admin(client, support):
    client.force_login(support)
    response = client.post("/admin/marketing_ai_assistant/faqentry/add/", {
        "topic": "shipping", "question": "Do you ship to Norway?", "answer": "Yes, in 5-7 days.",
        "alternatives": "", "is_active": "on"})
    assert response.status_code == 302
    response = client.post("/admin/marketing_ai_assistant/storeintent/add/", {
        "name": "store_hours", "description": "", "skill": "", "reply": "We are open 9-18.", "is_active": "on",
        "examples-TOTAL_FORMS": "3", "examples-INITIAL_FORMS": "0", "examples-MIN_NUM_FORMS": "0",
        "examples-MAX_NUM_FORMS": "1000",
        "examples-0-text": "when are you open", "examples-1-text": "opening hours", "examples-2-text": "store hours"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert StoreIntent.objects.get(name="store_hours").examples.count() == 3
    thread = conversation.open_thread(session_key="s")
    assert conversation.post_message(thread, "what are your opening hours?").text == "We are open 9-18."
    assert conversation.post_message(thread, "do you ship to norway").text == "Yes, in 5-7 days."


def test_metrics(client, support, handed_off, catalog, faq_entries):
    answered = conversation.open_thread(session_key="a")
    conversation.post_message(answered, "do you have stoneware mugs?")
    unanswered = conversation.open_thread(session_key="b")
    conversation.post_message(unanswered, "do you sell grand pianos with a warranty?")
    conversation.open_thread(session_key="empty")
    metrics = assistant_metrics()
    assert metrics["threads"] == 3 and metrics["handoffs"] == 1 and metrics["handoffs_open"] == 1
    assert metrics["resolved"] == 1 and metrics["resolution_rate"] == pytest.approx(1 / 3)
    assert {"intent": "handoff", "count": 1} in metrics["top_intents"]
    client.force_login(support)
    page = client.get("/admin/marketing_ai_assistant/thread/metrics/?days=7")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Resolved by the assistant" in body and "Unanswered questions" in body
    assert client.get("/admin/marketing_ai_assistant/thread/").status_code == 200
