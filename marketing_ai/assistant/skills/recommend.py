"""Recommendations: through the recommendation engine (marketing_ai.recommend.serve) when that app is
installed, otherwise from the interaction log (popularity) and the product index (similar products)."""

import importlib

from django.apps import apps
from django.db.models import Case, FloatField, Sum, Value, When
from django.utils.translation import gettext as _

from marketing_ai.assistant.skills.catalog import describe, price_cap
from marketing_ai.assistant.skills.catalog_index import get_index, words
from marketing_ai.assistant.skills.turn import Reply, product_card, suggestions
from marketing_ai.conf import app_settings

ENGINE_MODULE = "marketing_ai.recommend.serve"
SIMILAR_WORDS = {"like", "similar", "alternative", "alternatives", "instead"}


def engine():
    """The recommendation engine's serve module, or None when marketing_ai.recommend is not installed."""
    if not apps.is_installed("marketing_ai.recommend"):
        return None
    return importlib.import_module(ENGINE_MODULE)


def popular_product_ids(limit, category=None):
    """Product ids by weighted interaction count (the fallback when there is no engine)."""
    from marketing_ai.models import Interaction

    weights = app_settings.EVENT_WEIGHTS
    weight = Case(*[When(event_type=name, then=Value(float(value))) for name, value in weights.items()],
                  default=Value(0.0), output_field=FloatField())
    rows = (Interaction.objects.values("product_id").annotate(score=Sum(weight)).order_by("-score")
            .values_list("product_id", flat=True)[: max(limit * 5, 50)])
    return list(rows)


def _fallback(turn, index, limit, cap, similar):
    if similar and turn.product_id in index.by_id:
        return index.similar(turn.product_id, limit=limit, max_price=cap)
    chosen = []
    for product_id in popular_product_ids(limit):
        position = index.by_id.get(product_id)
        if position is None:
            continue
        product = index.products[position]
        if product.available and (cap is None or (product.price is not None and product.price <= cap)):
            chosen.append(product)
        if len(chosen) >= limit:
            break
    if len(chosen) < limit:
        # A new shop has no history yet: fill with the best catalogue matches for the message.
        exclude = {product.id for product in chosen}
        chosen += [product for product, _score in index.search(
            turn.text, limit=limit - len(chosen), max_price=cap, exclude=exclude,
            query_vector=turn.vector_for(turn.text))]
    return chosen


def _from_engine(serve, turn, limit, cap, similar):
    fetch = limit * 3 if cap is not None else limit
    if similar and turn.product_id:
        products = serve.similar_products(turn.product_id, limit=fetch)
    else:
        session_ids = [turn.product_id] if turn.product_id else None
        user = turn.user if getattr(turn.user, "is_authenticated", False) else None
        products = serve.recommended_for(user=user, session_product_ids=session_ids, limit=fetch)
    if cap is not None:
        products = [product for product in products if product.price is not None and product.price <= cap]
    return list(products)[:limit]


def recommend(turn, serve=None):
    """Products to suggest; "something like this" means similar to the page's product."""
    index = get_index()
    limit = app_settings.ASSISTANT_MAX_PRODUCT_CARDS
    cap = price_cap(turn.text)
    similar = bool(set(words(turn.text)) & SIMILAR_WORDS) or "this" in turn.text.lower()
    serve = serve or engine()
    products = _from_engine(serve, turn, limit, cap, similar) if serve is not None else []
    if not products:
        products = _fallback(turn, index, limit, cap, similar)
    if not products:
        return Reply(text=_("I have nothing to suggest for that yet."), answered=False,
                     parts=[suggestions(_("Talk to a person"))])
    if cap is not None:
        text = _("Some ideas under %(cap)s: %(names)s.")
    else:
        text = _("You might like: %(names)s.")
    names = ", ".join(f"{product.title} ({product.price})" for product in products)
    return Reply(text=text % {"cap": cap, "names": names}, parts=[product_card(product) for product in products],
                 facts=[describe(product) for product in products])
