"""System checks of the core, with stable ids. Each capability app has its own (``<app>/checks.py``).

E001 MARKETING_AI is not a dict            W001 unknown MARKETING_AI key
E002 model label unknown                   E003 configured field missing on the model
E004 dotted path cannot be imported        E005 optional package of a chosen backend missing
E006 django-q2 broker misconfigured        E007 EVENT_WEIGHTS invalid
E008 required app missing from INSTALLED_APPS
E009 TEXT_BACKEND not in TEXT_BACKENDS     E010 a text backend's path cannot be imported
W002 token auth without rest_framework.authtoken
W003 sessions app missing (anonymous shoppers cannot be tracked)
W004 GPU_QUEUE without its cluster         W005 openai text backend without OPENAI_BASE_URL
I001 an installed app would use another marketing_ai app that is not installed
"""

import difflib
import importlib.util

import marketing_ai

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register

from marketing_ai.capabilities import installed_capabilities
from marketing_ai.conf import (DEFAULTS, IMPORT_STRINGS, SETTING_NAME, app_settings, capability_defaults,
                               import_from_string)

MODEL_SETTINGS = ["PRODUCT_MODEL", "ORDER_MODEL", "ORDER_LINE_MODEL", "REVIEW_MODEL"]
FIELD_SETTINGS = {
    "PRODUCT_FIELDS": "PRODUCT_MODEL",
    "ORDER_FIELDS": "ORDER_MODEL",
    "ORDER_LINE_FIELDS": "ORDER_LINE_MODEL",
    "REVIEW_FIELDS": "REVIEW_MODEL",
}
REQUIRED_APPS = ["rest_framework", "django_q", "django.contrib.contenttypes", "django.contrib.auth"]


def user_settings():
    """MARKETING_AI as the host wrote it (maybe not a dict: E001 says so)."""
    return getattr(settings, SETTING_NAME, {})


@register(Tags.compatibility)
def check_settings_shape(app_configs=None, **kwargs):
    value = user_settings()
    if not isinstance(value, dict):
        return [Error(
            f"{SETTING_NAME} must be a dict, not {type(value).__name__}.",
            hint=f'Write {SETTING_NAME} = {{"PRODUCT_MODEL": "shop.Product", ...}} in your settings.',
            id="marketing_ai.E001",
        )]
    errors = []
    known = app_settings.defaults
    for key in value:
        if key in known:
            continue
        owner = next((name for name in marketing_ai.APPS if key in capability_defaults(name)), None)
        if owner:
            hint = f"It belongs to {owner!r}, which is not in INSTALLED_APPS: add it, or drop the setting."
        else:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"Did you mean {close[0]!r}?" if close else "See the conf.py of each marketing_ai app for its settings."
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
    if not isinstance(user_settings(), dict):
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
    if not isinstance(user_settings(), dict):
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
            errors.extend(missing_packages(name, path, obj))
    return errors


def missing_packages(setting_name, path, obj):
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
    gpu_queue = app_settings.raw("GPU_QUEUE") if isinstance(user_settings(), dict) else None
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
    if not isinstance(user_settings(), dict):
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
    if not isinstance(user_settings(), dict):
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
def check_text_backends(app_configs=None, **kwargs):
    """E009, E010, W005 (and E005 for a missing package): the text backends shared by copy and the assistant."""
    if not isinstance(user_settings(), dict):
        return []
    errors = []
    backends = app_settings.raw("TEXT_BACKENDS")
    default = app_settings.raw("TEXT_BACKEND")
    if not isinstance(backends, dict) or default not in backends:
        errors.append(Error(
            f'{SETTING_NAME}["TEXT_BACKEND"] is {default!r}, which is not a key of TEXT_BACKENDS.',
            hint='Use "template" (no model needed), or add the backend to TEXT_BACKENDS.',
            id="marketing_ai.E009",
        ))
        backends = backends if isinstance(backends, dict) else {}
    for name, path in backends.items():
        try:
            backend = import_from_string(path, "TEXT_BACKENDS")
        except ImportError as exc:
            errors.append(Error(str(exc), hint=f"Fix the dotted path of text backend {name!r}.",
                                id="marketing_ai.E010"))
            continue
        if name == default:
            errors.extend(missing_packages("TEXT_BACKEND", path, backend))
    if default == "openai" and not app_settings.raw("OPENAI_BASE_URL"):
        errors.append(Warning(
            f'{SETTING_NAME}["TEXT_BACKEND"] is "openai" but OPENAI_BASE_URL is not set: every draft will fall '
            "back to the template composer.",
            hint='Set "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1" (vLLM, Ollama, llama.cpp server, ...).',
            id="marketing_ai.W005",
        ))
    return errors


@register(Tags.compatibility)
def check_capability_dependencies(app_configs=None, **kwargs):
    """I001: an installed app would use another marketing_ai app that is not installed (it works without)."""
    notes = []
    for config in installed_capabilities():
        for other, what in config.uses.items():
            if not apps.is_installed(other):
                notes.append(Info(
                    f"{config.name} can use {other} for {what}, but {other} is not installed; it works without it.",
                    hint=f"Add {other!r} to INSTALLED_APPS to get it, or ignore this note.",
                    id="marketing_ai.I001",
                ))
    return notes
