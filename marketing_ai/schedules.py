"""Recurring work on django-q2's scheduler, declared by the installed apps (``CapabilityConfig.schedules``).

Installed after every ``migrate`` (so a new shop gets them without a step to forget) when
``MARKETING_AI["INSTALL_SCHEDULES"]`` is on; each capability's own setting says when, or None for
never (the schedule is then switched off, not deleted).
"""

import logging

from django.db import DatabaseError
from django.utils.module_loading import import_string

from marketing_ai.capabilities import schedules
from marketing_ai.conf import app_settings

logger = logging.getLogger(__name__)


def install_schedules():
    """Create or update every schedule; returns {name: schedule or None}."""
    return {name: import_string(path)() for name, path in schedules().items()}


def install_schedules_after_migrate(sender, using=None, **kwargs):
    """post_migrate receiver (connected for marketing_ai's own app config)."""
    if not app_settings.INSTALL_SCHEDULES:
        return
    try:
        install_schedules()
    except DatabaseError as exc:  # django_q's tables missing on this database alias
        logger.warning("marketing_ai: schedules not installed: %s", exc)
