"""The save hook: a review is moderated when the shop saves it (connected in ModerationConfig.ready)."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_save

from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)


def on_review_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """Moderate a new or edited review, in this request (MODERATION_SYNC) or as a job."""
    if raw or not app_settings.MODERATION_ON_SAVE:
        return
    adapter = get_adapter()
    if update_fields is not None and not set(update_fields) & adapter.review_content_fields():
        # Only visibility or bookkeeping changed (our own hide/show among them): nothing to check.
        return
    if app_settings.MODERATION_SYNC:
        from marketing_ai.moderation.service import moderate_review

        try:
            moderate_review(instance)
        except Exception:  # the shop's save must not fail because moderation did; the job can retry
            logger.exception("moderating review %s failed", instance.pk)
        return
    review_id = str(instance.pk)

    def start():
        from marketing_ai.jobs import start_job

        start_job("moderate_reviews", {"review_ids": [review_id]})

    transaction.on_commit(start)


def connect_review_receiver():
    """Moderate reviews when the adapter's review model is saved."""
    try:
        adapter = get_adapter()
        model = adapter.review_model if adapter.has_reviews() else None
    except ImproperlyConfigured as exc:
        # The system checks report this with a hint; do not break start-up.
        logger.debug("marketing_ai: review receiver not connected: %s", exc)
        return
    if model is not None:
        post_save.connect(on_review_saved, sender=model, dispatch_uid=f"marketing_ai.review_saved.{model._meta.label}")
