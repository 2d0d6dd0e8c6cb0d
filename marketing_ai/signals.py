"""Receivers that connect the core to the host shop, wired in AppConfig.ready()."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save

from marketing_ai.interactions import on_order_saved
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)

DISPATCH_PREFIX = "marketing_ai.order_saved"


def connect_order_receivers():
    """Record purchases when the adapter's order models are saved."""
    try:
        models = get_adapter().watched_order_models()
    except ImproperlyConfigured as exc:
        # The system checks report this with a hint; do not break start-up.
        logger.debug("marketing_ai: order receivers not connected: %s", exc)
        return
    for model in models:
        post_save.connect(on_order_saved, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.{model._meta.label}")
