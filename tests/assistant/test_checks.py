"""System checks of the assistant's settings (E401, E402, W401, W402)."""


import pytest

from marketing_ai.assistant.checks import check_assistant_settings


def ids(settings, **overrides):
    settings.MARKETING_AI = {**settings.MARKETING_AI, **overrides}
    return [error.id for error in check_assistant_settings()]


def test_defaults_pass(settings):
    assert [i for i in ids(settings) if i != "marketing_ai.assistant.W403"] == []


@pytest.mark.parametrize("name, value", [
    ("ASSISTANT_INTENT_THRESHOLD", 1.5), ("ASSISTANT_INTENT_THRESHOLD", "high"),
    ("ASSISTANT_MAX_MESSAGE_CHARS", 0), ("ASSISTANT_MAX_MESSAGE_CHARS", 10.5),
    ("ASSISTANT_SEMANTIC_WEIGHT", -0.1), ("ASSISTANT_HANDOFF_AFTER_FAILURES", True),
])
def test_bad_numbers_are_e401(settings, name, value):
    assert "marketing_ai.assistant.E401" in ids(settings, **{name: value})


def test_bad_order_pattern_is_e402(settings):
    assert "marketing_ai.assistant.E402" in ids(settings, ASSISTANT_ORDER_NUMBER_PATTERN="MA-(")


def test_missing_throttle_rate_warns(settings):
    assert "marketing_ai.assistant.W401" in ids(settings, THROTTLE_RATES={"assistant": None})


def test_phrasing_with_an_unknown_text_backend_warns(settings):
    assert "marketing_ai.assistant.W402" in ids(settings, ASSISTANT_LLM_PHRASING=True, ASSISTANT_TEXT_BACKEND="gpt-nowhere")
    assert "marketing_ai.assistant.W402" not in ids(settings, ASSISTANT_LLM_PHRASING=True, ASSISTANT_TEXT_BACKEND="openai")
