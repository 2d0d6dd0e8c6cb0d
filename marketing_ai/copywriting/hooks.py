"""Drafting copy for new products automatically (MARKETING_AI["COPY_AUTO_GENERATE"])."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_save

from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)


def on_product_saved(sender, instance, created=False, raw=False, **kwargs):
    """post_save receiver: a new product with no description gets draft copy from a job."""
    options = app_settings.COPY_AUTO_GENERATE
    if not options or not created or raw:
        return
    adapter = get_adapter()
    if adapter.product_description(instance).strip():
        return
    params = {
        "product_ids": [adapter.product_id(instance)],
        "kinds": list(options.get("kinds", ["description"])),
        "language": options.get("language", "en"),
        "tone": options.get("tone", "professional"),
        "skip_existing": True,
    }

    def start():
        from marketing_ai.jobs import start_job

        try:
            start_job("generate_copy", params)
        except Exception:  # a failed draft must never break saving a product
            logger.exception("marketing_ai: could not start copy generation for product %s", params["product_ids"])

    # The job's worker must find the product: wait for the transaction that created it.
    transaction.on_commit(start)


def connect_product_receiver():
    """Draft copy for new products without a description (the receiver checks the setting)."""
    try:
        model = get_adapter().product_model
    except ImproperlyConfigured as exc:
        logger.debug("marketing_ai: product receiver not connected: %s", exc)
        return
    post_save.connect(on_product_saved, sender=model, dispatch_uid=f"marketing_ai.product_saved.{model._meta.label}")
