"""REST endpoints: threads owned by customer or session, CSRF, limits with clear 4xx, throttling, schema."""

import json

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketing_ai import embeddings
from marketing_ai.assistant.models import Message

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]

THREADS = "/api/marketing-ai/assistant/threads/"


@pytest.fixture(autouse=True)
def clear_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


def start(client):
    response = client.post(THREADS, {}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def say(client, thread_id, text, **extra):
    return client.post(f"{THREADS}{thread_id}/messages/", {"text": text, **extra}, format="json")


def test_anonymous_thread_bound_to_the_session(client, catalog):
    thread_id = start(client)
    response = say(client, thread_id, "do you have stoneware mugs?")
    assert response.status_code == 201, response.content
    reply = response.json()["reply"]
    assert reply["role"] == "assistant" and reply["parts"][0]["type"] == "product"
    history = client.get(f"{THREADS}{thread_id}/").json()
    assert [message["role"] for message in history["messages"]] == ["shopper", "assistant"]
    # Another browser cannot read or write it.
    other = APIClient()
    assert other.get(f"{THREADS}{thread_id}/").status_code == 404
    assert say(other, thread_id, "hello").status_code == 404


def test_customer_threads_are_private(client, customers, orders):
    client.force_login(customers[0])
    thread_id = start(client)
    reply = say(client, thread_id, "where is my order MA-000001?", ).json()["reply"]
    assert reply["parts"][0] == {**reply["parts"][0], "type": "order_status", "number": "MA-000001"}
    intruder = APIClient()
    intruder.force_login(customers[1])
    assert intruder.get(f"{THREADS}{thread_id}/").status_code == 404


def test_product_page_context_is_used(client, catalog):
    thread_id = start(client)
    reply = say(client, thread_id, "what is this made of?", product_id=str(catalog[0].pk)).json()["reply"]
    assert "organic cotton" in reply["text"]


def test_csrf_is_required_for_session_clients_signed_in_or_not(customers, catalog):
    anonymous = APIClient(enforce_csrf_checks=True)
    assert anonymous.post(THREADS, {}, format="json").status_code == 403
    signed_in = APIClient(enforce_csrf_checks=True)
    signed_in.force_login(customers[0])
    assert signed_in.post(THREADS, {}, format="json").status_code == 403
    # With the token from the cookie, as the widget sends it, it works.
    token = signed_in.get("/").cookies["csrftoken"].value
    assert signed_in.post(THREADS, {}, format="json", HTTP_X_CSRFTOKEN=token).status_code == 201


def test_token_clients_need_no_csrf(customers):
    client = APIClient(enforce_csrf_checks=True)
    token = Token.objects.create(user=customers[0])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post(THREADS, {}, format="json").status_code == 201


@pytest.mark.parametrize("payload, code, field", [
    ({"text": ""}, 400, "text"),
    ({"text": "x" * 1001}, 400, "text"),
    ({}, 400, "text"),
    ({"text": "hi", "product_id": "p" * 65}, 400, "product_id"),
])
def test_bad_messages_get_a_clear_4xx_and_nothing_is_stored(client, payload, code, field):
    thread_id = start(client)
    response = client.post(f"{THREADS}{thread_id}/messages/", payload, format="json")
    assert response.status_code == code
    assert field in response.json()
    assert not Message.objects.exists()


def test_oversized_body_is_refused_with_413(client):
    thread_id = start(client)
    body = json.dumps({"text": "hi", "padding": "x" * 9000})
    response = client.post(f"{THREADS}{thread_id}/messages/", body, content_type="application/json")
    assert response.status_code == 413
    assert "at most 8192 bytes" in response.json()["detail"]


def test_full_thread_gets_409(client, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "ASSISTANT_MAX_THREAD_MESSAGES": 2}
    thread_id = start(client)
    assert say(client, thread_id, "hello").status_code == 201
    response = say(client, thread_id, "hello again")
    assert response.status_code == 409 and "new one" in response.json()["detail"]


def test_messages_are_throttled_per_user_and_per_ip(client, settings, customers):
    settings.MARKETING_AI = {**settings.MARKETING_AI,
                             "THROTTLE_RATES": {"assistant": "3/min", "assistant_ip": "100/min"}}
    thread_id = start(client)
    codes = [say(client, thread_id, "hello").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    cache.clear()
    settings.MARKETING_AI = {**settings.MARKETING_AI,
                             "THROTTLE_RATES": {"assistant": "100/min", "assistant_ip": "2/min"}}
    other = APIClient()
    other.force_login(customers[0])
    assert [other.post(THREADS, {}, format="json").status_code for _ in range(3)] == [201, 201, 429]


def test_server_sent_events_stream_the_reply(client, catalog):
    thread_id = start(client)
    response = client.post(f"{THREADS}{thread_id}/messages/", {"text": "hello"}, format="json",
                           HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 201 and response["Content-Type"] == "text/event-stream"
    body = b"".join(response.streaming_content).decode()
    assert "event: token" in body and "event: done" in body
    reply_line = next(line for line in body.splitlines() if line.startswith("data: {\"thread\""))
    assert json.loads(reply_line[6:])["reply"]["role"] == "assistant"


def test_schema_lists_the_assistant_endpoints(client):
    response = client.get("/api/marketing-ai/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"] if response.content.startswith(b"{") else response.content.decode()
    assert "assistant/threads" in str(paths)


def test_missing_embedding_model_is_a_clear_503_and_keeps_nothing(client, monkeypatch):
    from marketing_ai.assistant import router

    def unavailable(text):
        raise embeddings.EmbeddingsUnavailable("no model")

    monkeypatch.setattr(router, "route", unavailable)
    monkeypatch.setattr("marketing_ai.assistant.conversation.route_message", unavailable)
    thread_id = start(client)
    response = say(client, thread_id, "hello")
    assert response.status_code == 503 and "not available" in response.json()["detail"]
    assert not Message.objects.exists()


def test_stream_errors_arrive_as_an_error_event(client):
    thread_id = start(client)
    response = client.post(f"{THREADS}{thread_id}/messages/", {"text": ""}, format="json",
                           HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response.content.decode().startswith("event: error")


def test_signing_in_keeps_the_anonymous_conversation(client, catalog, customers):
    thread_id = start(client)
    assert say(client, thread_id, "do you have stoneware mugs?").status_code == 201
    # The real login view: Django gives the session a new key here.
    response = client.post("/accounts/login/", {"username": "customer001", "password": "pw-123456"})
    assert response.status_code == 302
    history = client.get(f"{THREADS}{thread_id}/")
    assert history.status_code == 200 and len(history.json()["messages"]) == 2
    assert say(client, thread_id, "and in blue?").status_code == 201
    # It is the customer's now: a fresh browser of theirs sees it, an anonymous one does not.
    mine = APIClient()
    mine.force_login(customers[0])
    assert mine.get(f"{THREADS}{thread_id}/").status_code == 200
    assert APIClient().get(f"{THREADS}{thread_id}/").status_code == 404


def test_signing_in_claims_only_this_sessions_threads(client, catalog, customers):
    other_browser = APIClient()
    theirs = start(other_browser)
    start(client)
    client.post("/accounts/login/", {"username": "customer001", "password": "pw-123456"})
    assert other_browser.get(f"{THREADS}{theirs}/").status_code == 200
    from marketing_ai.assistant.models import Thread

    assert Thread.objects.get(pk=theirs).user is None
