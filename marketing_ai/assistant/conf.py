"""Settings of the shop assistant (``marketing_ai.assistant``), with their defaults: read through ``marketing_ai.conf.app_settings``.

Set them in the host's ``MARKETING_AI`` dict like every other marketing_ai setting.
"""

DEFAULTS = {
    # Below this router confidence the assistant asks a clarifying question instead of guessing.
    "ASSISTANT_INTENT_THRESHOLD": 0.45,
    # Longest shopper message accepted, in characters (longer ones get a 400).
    "ASSISTANT_MAX_MESSAGE_CHARS": 1000,
    # Largest request body accepted by the assistant endpoints, in bytes (larger ones get a 413).
    "ASSISTANT_MAX_BODY_BYTES": 8192,
    # Most messages one thread may hold; a shopper past it is asked to start a new thread (409).
    "ASSISTANT_MAX_THREAD_MESSAGES": 200,
    # Products shown as cards in one answer.
    "ASSISTANT_MAX_PRODUCT_CARDS": 4,
    # Weight of the semantic score against the keyword score in catalog search (0..1).
    "ASSISTANT_SEMANTIC_WEIGHT": 0.6,
    # The product index is rebuilt after a product is saved, and at the latest after this many seconds
    # (other processes' saves are not signalled to this one).
    "ASSISTANT_INDEX_MAX_AGE_SECONDS": 600,
    # Unanswered turns in a row after which the thread is handed to staff.
    "ASSISTANT_HANDOFF_AFTER_FAILURES": 3,
    # Lowest similarity at which a FAQ entry counts as the answer.
    "ASSISTANT_FAQ_MIN_SIMILARITY": 0.5,
    # Order numbers as the shop writes them (a regular expression); used to spot them in messages.
    "ASSISTANT_ORDER_NUMBER_PATTERN": r"\b[A-Z]{2,4}-\d{3,10}\b",
    # Phrase answers with a text-generation backend (marketing_ai.textgen), given only retrieved facts.
    "ASSISTANT_LLM_PHRASING": False,
    # The text backend used for phrasing; None means the textgen default.
    "ASSISTANT_TEXT_BACKEND": None,
    # Shop assistant messages, per signed-in user (or session) and per client address (merged into
    # THROTTLE_RATES).
    "THROTTLE_RATES": {"assistant": "30/min", "assistant_ip": "60/min"},
}
