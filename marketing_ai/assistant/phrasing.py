"""Optional LLM phrasing of a skill's answer through the shared text-generation backends.

Off by default (``ASSISTANT_LLM_PHRASING``). The model sees only the shopper's question and the facts the
skill retrieved, which were already authorized; it never sees the transcript or other customers' data.
"""

import logging

from marketing_ai.conf import app_settings
from marketing_ai.textgen import TextRequest, get_backend

logger = logging.getLogger(__name__)
SYSTEM = (
    "You are a shop assistant. Rewrite the answer in a friendly, short way for the shopper. Use only the facts "
    "given; never add prices, products, orders or promises that are not in them."
)


def build_prompt(question, reply):
    """The prompt: the question, the draft answer and the facts, nothing else."""
    facts = "\n".join(f"- {fact}" for fact in reply.facts)
    return f"Shopper's question: {question}\nFacts:\n{facts}\nDraft answer: {reply.text}\nAnswer:"


def phrase(question, reply, backend=None):
    """The reply's text phrased by a text backend, or the original text when off, unavailable or failing."""
    if backend is None:
        if not app_settings.ASSISTANT_LLM_PHRASING:
            return reply.text
        backend = get_backend(app_settings.ASSISTANT_TEXT_BACKEND)
    if not reply.facts:
        # Nothing retrieved (clarifications, refusals): the fixed wording is safer than any phrasing.
        return reply.text
    request = TextRequest(prompt=build_prompt(question, reply), system=SYSTEM, max_new_tokens=160,
                            temperature=0.3, metadata={"purpose": "assistant"})
    try:
        result = backend.generate([request])[0]
    except Exception:  # a failing backend must not lose the answer
        logger.exception("assistant phrasing failed; keeping the skill's text")
        return reply.text
    text = (getattr(result, "text", "") or "").strip()
    if getattr(result, "error", "") or not text:
        return reply.text
    return text
