"""Receivers that connect marketing_ai to the host shop, wired in AppConfig.ready()."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save

from marketing_ai.interactions import on_order_saved
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)

DISPATCH_PREFIX = "marketing_ai.order_saved"
REVIEW_DISPATCH_PREFIX = "marketing_ai.review_saved"


def connect_shop_receivers():
    """Record purchases when the adapter's order models are saved; moderate saved reviews; draft
    copy for new products (when COPY_AUTO_GENERATE is on)."""
    connect_review_receiver()
    connect_product_receiver()
    connect_login_receiver()
    try:
        models = get_adapter().watched_order_models()
    except ImproperlyConfigured as exc:
        # The system checks report this with a hint; do not break start-up.
        logger.debug("marketing_ai: order receivers not connected: %s", exc)
        return
    for model in models:
        post_save.connect(on_order_saved, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.{model._meta.label}")


def connect_review_receiver():
    """Moderate reviews when the adapter's review model is saved."""
    from marketing_ai.moderation.hooks import on_review_saved

    try:
        adapter = get_adapter()
        model = adapter.review_model if adapter.has_reviews() else None
    except ImproperlyConfigured as exc:
        logger.debug("marketing_ai: review receiver not connected: %s", exc)
        return
    if model is not None:
        post_save.connect(on_review_saved, sender=model, dispatch_uid=f"{REVIEW_DISPATCH_PREFIX}.{model._meta.label}")


def connect_product_receiver():
    """Draft copy for new products without a description (the receiver checks the setting)."""
    from marketing_ai.copywriting.hooks import on_product_saved

    try:
        model = get_adapter().product_model
    except ImproperlyConfigured as exc:
        logger.debug("marketing_ai: product receiver not connected: %s", exc)
        return
    post_save.connect(on_product_saved, sender=model, dispatch_uid=f"marketing_ai.product_saved.{model._meta.label}")


def connect_login_receiver():
    """Keep a shopper's anonymous assistant conversation when they sign in."""
    from django.contrib.auth.signals import user_logged_in

    from marketing_ai.assistant.conversation import claim_session_threads

    user_logged_in.connect(claim_session_threads, dispatch_uid="marketing_ai.assistant_claim_threads")
