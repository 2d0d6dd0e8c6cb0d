"""System checks of review moderation, with stable ids (marketing_ai.moderation.E301-E304, W301-W302).

Registered in the app's ``ready()``: a shop without this app gets none of them.
"""

from django.core.checks import Error, Tags, Warning, register

from marketing_ai.checks import missing_packages, user_settings
from marketing_ai.conf import SETTING_NAME, app_settings, import_from_string
from marketing_ai.moderation.conf import DEFAULTS


@register(Tags.compatibility)
def check_moderation_settings(app_configs=None, **kwargs):
    """E301-E304, W301-W302 (and E005 for a check's missing package): review moderation settings."""
    if not isinstance(user_settings(), dict):
        return []
    from marketing_ai.moderation.rules import ReviewCheck

    errors = []
    checks = app_settings.raw("MODERATION_CHECKS")
    hint = ('Each entry is {"class": "dotted.path.ToAReviewCheck", "enabled": True, "weight": 1.0, "options": {}}; '
            "see MODERATION_CHECKS in marketing_ai/moderation/conf.py.")
    names = set()
    if not isinstance(checks, dict):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_CHECKS"] must be a dict of check name to settings.',
                            hint=hint, id="marketing_ai.moderation.E301"))
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
                    problem = f"names {merged['class']!r}, which is not a marketing_ai.moderation.rules.ReviewCheck"
                elif merged.get("enabled", True):
                    errors.extend(missing_packages("MODERATION_CHECKS", merged["class"], check_class))
        if problem:
            errors.append(Error(f'{SETTING_NAME}["MODERATION_CHECKS"]["{name}"] {problem}.', hint=hint,
                                id="marketing_ai.moderation.E301"))
    thresholds = app_settings.raw("MODERATION_THRESHOLDS")
    try:
        hold, reject = float(thresholds["hold"]), float(thresholds["reject"])
        valid = 0 < hold <= reject <= 1
    except (TypeError, KeyError, ValueError):
        valid = False
    if not valid:
        errors.append(Error(f'{SETTING_NAME}["MODERATION_THRESHOLDS"] is {thresholds!r}.',
                            hint='Use {"hold": 0.5, "reject": 0.9}: numbers with 0 < hold <= reject <= 1.',
                            id="marketing_ai.moderation.E302"))
    mask = app_settings.raw("MODERATION_MASK_AND_PUBLISH")
    known = set(DEFAULTS["MODERATION_CHECKS"]) | names
    if not isinstance(mask, (list, tuple)) or any(item not in known for item in mask):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_MASK_AND_PUBLISH"] is {mask!r}.',
                            hint=f"A list of check names: {', '.join(sorted(known))}.", id="marketing_ai.moderation.E303"))
    stars = app_settings.raw("MODERATION_HOLD_BELOW_STARS")
    if stars is not None and (isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 6):
        errors.append(Error(f'{SETTING_NAME}["MODERATION_HOLD_BELOW_STARS"] is {stars!r}.',
                            hint="None, or a whole number of stars from 1 to 6.", id="marketing_ai.moderation.E304"))
    if app_settings.raw("MODERATION_EMBEDDINGS"):
        from marketing_ai import embeddings

        if not embeddings.is_available():
            errors.append(Warning(
                f'{SETTING_NAME}["MODERATION_EMBEDDINGS"] is on but no embedding model is installed.',
                hint="pip install 'marketing-ai[ml]', or set MODERATION_EMBEDDINGS to False.", id="marketing_ai.moderation.W301"))
    if app_settings.raw("REVIEW_MODEL") and app_settings.raw("MODERATION_ON_SAVE") \
            and not app_settings.raw("REVIEW_FIELDS").get("visible"):
        errors.append(Warning(
            "Reviews are moderated on save, but REVIEW_FIELDS has no \"visible\" field: held and rejected reviews "
            "cannot be hidden.",
            hint='Map REVIEW_FIELDS["visible"] to a boolean field of the review, or set MODERATION_ON_SAVE to False.',
            id="marketing_ai.moderation.W302"))
    return errors
