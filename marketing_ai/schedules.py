"""Recurring work on django-q2's scheduler: nightly recommendation training, classifier retraining.

Installed after every ``migrate`` (so a new shop gets them without a step to forget) when
``MARKETING_AI["INSTALL_SCHEDULES"]`` is on; each capability's own setting says when, or None for
never (the schedule is then switched off, not deleted).
"""

import logging

from django.db import DatabaseError

from marketing_ai.conf import app_settings

logger = logging.getLogger(__name__)


def install_schedules():
    """Create or update every schedule; returns {name: schedule or None}."""
    from marketing_ai.moderation.classifier import ensure_retrain_schedule
    from marketing_ai.recommend.schedule import SCHEDULE_NAME, install_training_schedule

    return {
        SCHEDULE_NAME: install_training_schedule(),
        "marketing_ai: retrain moderation classifier": ensure_retrain_schedule(),
    }


def install_schedules_after_migrate(sender, using=None, **kwargs):
    """post_migrate receiver (connected for marketing_ai's own app config)."""
    if not app_settings.INSTALL_SCHEDULES:
        return
    try:
        install_schedules()
    except DatabaseError as exc:  # django_q's tables missing on this database alias
        logger.warning("marketing_ai: schedules not installed: %s", exc)
