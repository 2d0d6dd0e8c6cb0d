"""The interaction log: recording shopper events from pages, the REST API and orders."""

import hashlib
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketing_ai.conf import app_settings
from marketing_ai.models import Interaction
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)

SESSION_RECENT_KEY = "marketing_ai_recent_views"
MAX_QUANTITY = 10_000


def validate_event_type(event_type):
    """Return the event type if it is known, else raise ValueError with the known ones."""
    if event_type not in app_settings.EVENT_WEIGHTS:
        known = ", ".join(sorted(app_settings.EVENT_WEIGHTS))
        raise ValueError(_("unknown event type %(type)r (known: %(known)s)") % {"type": event_type, "known": known})
    return event_type


def dedupe_key(*parts):
    """A fixed-length key for events that must be recorded once."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def record_event(product_id, event_type, *, user=None, session_key="", quantity=1, source=Interaction.Source.PAGE,
                 occurred_at=None, key=None):
    """Record one event. Returns the Interaction, or None when ``key`` was recorded before."""
    validate_event_type(event_type)
    if not 1 <= int(quantity) <= MAX_QUANTITY:
        raise ValueError(_("quantity must be between 1 and %(max)d") % {"max": MAX_QUANTITY})
    user = user if user is not None and getattr(user, "is_authenticated", False) else None
    values = dict(
        user=user,
        session_key=session_key or "",
        product_id=str(product_id),
        event_type=event_type,
        quantity=int(quantity),
        source=source,
        occurred_at=occurred_at or timezone.now(),
    )
    if key is None:
        return Interaction.objects.create(**values)
    interaction, created = Interaction.objects.get_or_create(dedupe_key=key, defaults=values)
    return interaction if created else None


def _session_key(request, create):
    session = getattr(request, "session", None)
    if session is None:
        return ""
    if not session.session_key and create:
        session.save()
    return session.session_key or ""


def remember_view(request, product_id):
    """Keep the shopper's recent views in the session (newest first), for anonymous fold-in."""
    session = getattr(request, "session", None)
    if session is None:
        return
    recent = [pid for pid in session.get(SESSION_RECENT_KEY, []) if pid != product_id]
    session[SESSION_RECENT_KEY] = [product_id, *recent][: app_settings.SESSION_RECENT_VIEWS]


def recent_views(request):
    """Product ids the shopper viewed recently in this session, newest first."""
    session = getattr(request, "session", None)
    return list(session.get(SESSION_RECENT_KEY, [])) if session is not None else []


def record_product_view(request, product):
    """Record that the current shopper viewed ``product``; repeats within VIEW_DEDUP_SECONDS count once.

    Returns True when an event was written. Never raises into the page: a failure to log a view
    must not break the product page.
    """
    try:
        adapter = get_adapter()
        product_id = adapter.product_id(product)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        session_key = _session_key(request, create=not authenticated)
        remember_view(request, product_id)
        since = timezone.now() - timedelta(seconds=app_settings.VIEW_DEDUP_SECONDS)
        recent = Interaction.objects.filter(product_id=product_id, event_type="view", occurred_at__gte=since)
        if authenticated:
            recent = recent.filter(user=user)
        elif session_key:
            recent = recent.filter(user=None, session_key=session_key)
        else:
            return False
        if recent.exists():
            return False
        record_event(product_id, "view", user=user, session_key=session_key, source=Interaction.Source.PAGE)
        return True
    except Exception:  # logging a view is never worth a broken page
        logger.exception("marketing_ai: could not record a product view")
        return False


def record_order(order):
    """Record a purchase event per line of a paid order; recording twice changes nothing.

    Returns the number of new events.
    """
    return record_order_data(get_adapter().order_data(order))


def record_order_data(data):
    """``record_order`` for an ``OrderData`` the adapter already read."""
    if not data.paid:
        return 0
    occurred_at = data.created or timezone.now()
    rows = [
        Interaction(
            # The customer's id as the adapter gives it; the database casts it to the key's type.
            user_id=data.customer_id,
            product_id=line.product_id,
            event_type="purchase",
            quantity=max(1, min(line.quantity, MAX_QUANTITY)),
            source=Interaction.Source.ORDER,
            occurred_at=occurred_at,
            dedupe_key=dedupe_key("order-line", data.id, line.id),
        )
        for line in data.lines
    ]
    if not rows:
        return 0
    keys = [row.dedupe_key for row in rows]
    before = Interaction.objects.filter(dedupe_key__in=keys).count()
    Interaction.objects.bulk_create(rows, ignore_conflicts=True)
    return Interaction.objects.filter(dedupe_key__in=keys).count() - before


def on_order_saved(sender, instance, **kwargs):
    """post_save receiver for the adapter's watched order models."""
    if kwargs.get("raw"):
        return

    def record():
        try:
            order = get_adapter().order_for_instance(instance)
            if order is not None:
                record_order(order)
        except Exception:
            logger.exception("marketing_ai: could not record purchases for %r", instance)

    # Lines are usually saved after their order: wait for the transaction to finish.
    transaction.on_commit(record)


def sync_orders(progress=None):
    """Record purchases for every paid order in the shop (idempotent). Returns new event count."""
    adapter = get_adapter()
    if not adapter.has_orders():
        return 0
    total = adapter.order_model._default_manager.count() or 1
    created = 0
    for index, data in enumerate(adapter.iter_orders(), 1):
        created += record_order_data(data)
        if progress and index % 100 == 0:
            progress(100 * index / total, _("%(done)d of %(total)d orders") % {"done": index, "total": total})
    return created


def run_sync_orders_job(ctx):
    created = sync_orders(progress=ctx.progress)
    ctx.progress(100, _("%(count)d new purchase events") % {"count": created}, force=True)
    return {"created": created}
