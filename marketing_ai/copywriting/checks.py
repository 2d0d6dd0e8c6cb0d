"""System checks of the product copy studio, with stable ids (marketing_ai.copywriting.E203-E204).

Registered in the app's ``ready()``: a shop without this app gets none of them.
"""

from django.core.checks import Error, Tags, register

from marketing_ai.checks import user_settings
from marketing_ai.conf import SETTING_NAME, app_settings


@register(Tags.compatibility)
def check_copy_settings(app_configs=None, **kwargs):
    """E203 COPY_KINDS invalid, E204 COPY_LANGUAGES invalid."""
    if not isinstance(user_settings(), dict):
        return []
    errors = []
    kinds = app_settings.raw("COPY_KINDS")
    hint = 'Use {"kind": {"min": 120, "max": 160}} or {"kind": {"line_max": 30, "lines": 5}} with positive integers.'
    if not isinstance(kinds, dict) or not kinds:
        errors.append(Error(f'{SETTING_NAME}["COPY_KINDS"] must be a non-empty dict.', hint=hint,
                            id="marketing_ai.copywriting.E203"))
    else:
        for kind, limits in kinds.items():
            bad = not isinstance(limits, dict) or any(
                isinstance(value, bool) or not isinstance(value, int) or value <= 0 for value in limits.values())
            if not bad and limits.get("min") and limits.get("max") and limits["min"] > limits["max"]:
                bad = True
            if bad:
                errors.append(Error(f"COPY_KINDS[{kind!r}] has invalid limits {limits!r}.", hint=hint,
                                    id="marketing_ai.copywriting.E203"))
    languages = app_settings.raw("COPY_LANGUAGES")
    if not isinstance(languages, (list, tuple)) or not languages or not all(isinstance(x, str) for x in languages):
        errors.append(Error(f'{SETTING_NAME}["COPY_LANGUAGES"] must be a non-empty list of language codes.',
                            hint='For example ["en", "zh-hans"].', id="marketing_ai.copywriting.E204"))
    return errors
