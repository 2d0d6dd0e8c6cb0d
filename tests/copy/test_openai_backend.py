"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1 that the test starts."""

import time

import pytest
from django.test import override_settings

from marketing_ai.conf import app_settings
from marketing_ai.textgen import TextRequest, get_backend


def configured(server, **extra):
    values = {"OPENAI_BASE_URL": server.url, "OPENAI_MODEL": "tiny-chat", "OPENAI_API_KEY": "sk-test",
              "OPENAI_TIMEOUT": 2.0, "OPENAI_MAX_RETRIES": 2, "OPENAI_BACKOFF": 0.05, "OPENAI_CONCURRENCY": 4,
              **extra}
    return override_settings(MARKETING_AI={**app_settings.user_settings, **values})


def ask(*prompts, system="Be brief."):
    return get_backend("openai").generate([TextRequest(p, system=system, max_new_tokens=20, seed=3) for p in prompts])


def test_a_batch_gets_one_completion_per_request_in_order(server):
    server.script = [("ok", "first")]
    with configured(server):
        results = ask("one")
        assert [r.text for r in results] == ["first"] and results[0].model == "tiny-chat" and results[0].ok
        server.default = ("ok", "same")
        assert [r.text for r in ask("a", "b", "c")] == ["same"] * 3
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-test"
    assert sent["body"]["messages"] == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "one"}]
    assert sent["body"]["max_tokens"] == 20 and sent["body"]["seed"] == 3 and sent["body"]["model"] == "tiny-chat"


def test_server_errors_and_rate_limits_are_retried_with_backoff(server):
    server.script = [("status", 503), ("retry_after", 0.2), ("ok", "finally")]
    with configured(server):
        started = time.monotonic()
        [result] = ask("x")
        elapsed = time.monotonic() - started
    assert result.text == "finally" and len(server.requests) == 3
    assert elapsed >= 0.05 + 0.2  # first backoff, then the server's Retry-After


def test_retries_give_up_with_the_last_error(server):
    server.script = [("status", 500)] * 5
    with configured(server, OPENAI_MAX_RETRIES=1):
        [result] = ask("x")
    assert result.error.startswith("gave up after 2 attempts: HTTP 500") and result.text == ""
    assert len(server.requests) == 2


def test_client_errors_are_not_retried(server):
    server.script = [("status", 401)]
    with configured(server):
        [result] = ask("x")
    assert "HTTP 401" in result.error and len(server.requests) == 1


@pytest.mark.parametrize("garbage", ["not json", '{"choices": []}', '{"choices": [{"message": {"content": 7}}]}'])
def test_malformed_answers_are_clear_errors(server, garbage):
    server.script = [("garbage", garbage)]
    with configured(server):
        [result] = ask("x")
    assert result.error.startswith("malformed response") and len(server.requests) == 1


def test_a_slow_server_times_out_and_is_retried(server):
    server.script = [("sleep", 0.6), ("ok", "quick")]
    with configured(server, OPENAI_TIMEOUT=0.2):
        [result] = ask("x")
    assert result.text == "quick" and len(server.requests) == 2
    server.script = [("sleep", 0.6)] * 3
    with configured(server, OPENAI_TIMEOUT=0.2, OPENAI_MAX_RETRIES=1):
        [result] = ask("x")
    assert "timed out after 0.2 s" in result.error


def test_no_more_requests_in_flight_than_the_concurrency_cap(server):
    server.default = ("slow_ok", "done")
    with configured(server, OPENAI_CONCURRENCY=2):
        results = ask(*[f"p{i}" for i in range(8)])
    assert [r.text for r in results] == ["done"] * 8
    assert server.max_in_flight == 2


def test_unreachable_or_unconfigured_servers_are_clear_errors(server):
    with configured(server, OPENAI_BASE_URL="http://127.0.0.1:9/v1", OPENAI_MAX_RETRIES=0):
        [result] = ask("x")
    assert "cannot reach http://127.0.0.1:9/v1" in result.error
    with configured(server, OPENAI_BASE_URL=None):
        [result] = ask("x")
    assert "OPENAI_BASE_URL" in result.error


def test_copy_from_the_server_is_grounded_or_replaced(server, catalog, adapter):
    from marketing_ai.copywriting import workflow

    server.script = [("ok", "Nordwind Organic Tee: organic cotton in navy, sizes S to L."),
                     ("ok", "Kestrel Linen Tee in 100% cashmere."), ("ok", "Still cashmere, size XXL.")]
    with configured(server, OPENAI_CONCURRENCY=1):
        first, second = workflow.generate_drafts([adapter.product_data(p) for p in catalog[:2]], ["short_description"],
                                                 backend="openai")
    assert first.backend == "openai" and first.grounded and first.model_name == "tiny-chat"
    assert second.backend == "template" and second.grounded and second.grounding["fallback"]
    assert [a["backend"] for a in second.grounding["attempts"]] == ["openai", "openai", "template"]
