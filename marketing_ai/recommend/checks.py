"""System checks of the recommendations, with stable ids (marketing_ai.recommend.E101-E104, W101).

Registered in the app's ``ready()``: a shop without this app gets none of them.
"""

import difflib
import importlib.util

from django.core.checks import Error, Tags, Warning, register

from marketing_ai.checks import user_settings
from marketing_ai.conf import SETTING_NAME, app_settings

# --- Recommendations (E101-E199 / W101-W199) ---------------------------------------------------------
# E101 RECOMMEND_ALGORITHMS invalid          E102 RECOMMEND_DEVICE invalid
# E103 a numeric recommendation setting out of range   E104 RECOMMEND_TRAIN_CRON invalid
# W101 a chosen algorithm's optional package is missing (it is skipped by the search)


@register(Tags.compatibility)
def check_recommend_settings(app_configs=None, **kwargs):
    if not isinstance(user_settings(), dict):
        return []
    from marketing_ai.recommend.algorithms import ALGORITHMS

    errors = []
    names = app_settings.raw("RECOMMEND_ALGORITHMS")
    if not isinstance(names, (list, tuple)) or not names or not all(isinstance(n, str) for n in names):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_ALGORITHMS"] must be a non-empty list of names.',
                            hint=f"Known: {', '.join(ALGORITHMS)}.", id="marketing_ai.recommend.E101"))
    else:
        for name in names:
            if name not in ALGORITHMS:
                close = difflib.get_close_matches(name, ALGORITHMS, n=1)
                errors.append(Error(f'{SETTING_NAME}["RECOMMEND_ALGORITHMS"] names an unknown algorithm {name!r}.',
                                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                                    + f"Known: {', '.join(ALGORITHMS)}.", id="marketing_ai.recommend.E101"))
                continue
            from django.utils.module_loading import import_string

            for package in import_string(ALGORITHMS[name]).required_packages:
                if importlib.util.find_spec(package) is None:
                    errors.append(Warning(
                        f"Recommendation algorithm {name!r} needs the package {package!r}, which is not installed; "
                        "training skips it.",
                        hint="pip install 'marketing-ai[ml]', or leave it out of RECOMMEND_ALGORITHMS.",
                        id="marketing_ai.recommend.W101"))
    device = app_settings.raw("RECOMMEND_DEVICE")
    if device not in ("auto", "cpu", "cuda"):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_DEVICE"] is {device!r}.', hint='Use "auto", "cpu" or "cuda".',
                            id="marketing_ai.recommend.E102"))
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
                                id="marketing_ai.recommend.E103"))
    fraction = app_settings.raw("RECOMMEND_TEST_FRACTION")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_TEST_FRACTION"] is {fraction!r}.',
                            hint="Use a number between 0 and 1, e.g. 0.2.", id="marketing_ai.recommend.E103"))
    eval_users = app_settings.raw("RECOMMEND_EVAL_USERS")
    if eval_users is not None and (isinstance(eval_users, bool) or not isinstance(eval_users, int) or eval_users < 100):
        errors.append(Error(f'{SETTING_NAME}["RECOMMEND_EVAL_USERS"] is {eval_users!r}.',
                            hint="Use a whole number of at least 100, or None to score every shopper.",
                            id="marketing_ai.recommend.E103"))
    for name in ("RECOMMEND_HALF_LIFE_DAYS", "RECOMMEND_TRENDING_HALF_LIFE_DAYS"):
        value = app_settings.raw(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            errors.append(Error(f'{SETTING_NAME}["{name}"] is {value!r}.',
                                hint="Use a positive number of days, or None for no decay.", id="marketing_ai.recommend.E103"))
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
                                id="marketing_ai.recommend.E104"))
    return errors
