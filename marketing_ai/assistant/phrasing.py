"""Optional LLM phrasing of a skill's answer through the shared text-generation backends.

Off by default (``ASSISTANT_LLM_PHRASING``). The model sees only the shopper's question and the facts the
skill retrieved, which were already authorized; it never sees the transcript or other customers' data.
When ``marketing_ai.textgen`` is not installed, phrasing is unavailable and replies stay as the skills wrote them.
"""

import importlib
import importlib.util
import logging
from dataclasses import dataclass, field

from marketing_ai.conf import app_settings

logger = logging.getLogger(__name__)
TEXTGEN_MODULE = "marketing_ai.textgen"
SYSTEM = (
    "You are a shop assistant. Rewrite the answer in a friendly, short way for the shopper. Use only the facts "
    "given; never add prices, products, orders or promises that are not in them."
)


@dataclass
class PhrasingRequest:
    """Same fields as ``marketing_ai.textgen.TextRequest``; used when a backend is injected without textgen."""

    prompt: str
    system: str = ""
    max_new_tokens: int = 200
    temperature: float = 0.7
    seed: int | None = None
    metadata: dict = field(default_factory=dict)


def textgen():
    """The textgen package, or None when it is not installed."""
    if importlib.util.find_spec(TEXTGEN_MODULE) is None:
        return None
    return importlib.import_module(TEXTGEN_MODULE)


def is_available():
    return textgen() is not None


def build_prompt(question, reply):
    """The prompt: the question, the draft answer and the facts, nothing else."""
    facts = "\n".join(f"- {fact}" for fact in reply.facts)
    return f"Shopper's question: {question}\nFacts:\n{facts}\nDraft answer: {reply.text}\nAnswer:"


def phrase(question, reply, backend=None):
    """The reply's text phrased by a text backend, or the original text when off, unavailable or failing."""
    if backend is None:
        if not app_settings.ASSISTANT_LLM_PHRASING:
            return reply.text
        module = textgen()
        if module is None:
            return reply.text
        backend = module.get_backend(app_settings.ASSISTANT_TEXT_BACKEND)
    if not reply.facts:
        # Nothing retrieved (clarifications, refusals): the fixed wording is safer than any phrasing.
        return reply.text
    module = textgen()
    request_class = getattr(module, "TextRequest", PhrasingRequest) if module is not None else PhrasingRequest
    request = request_class(prompt=build_prompt(question, reply), system=SYSTEM, max_new_tokens=160,
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
