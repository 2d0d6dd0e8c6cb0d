"""What pages, REST and the shop assistant call to get recommendations.

Every function returns a list of ``marketing_ai.shop.ProductData`` of available products, applies
the merchandisers' pins and exclusions, and never raises for an unknown id: it falls back (to
trending, then popularity) or returns an empty list. Lists come from the serving run's
precomputed top-N table (one indexed query) and are cached until the next run or rule change.
Nothing here imports torch or implicit: a product page stays light.
"""

import logging
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count

from marketing_ai.conf import app_settings
from marketing_ai.models import Interaction
from marketing_ai.recommend.models import RecommendationList, RecommendationRule
from marketing_ai.recommend.cache import cache_key
from marketing_ai.shop import get_adapter

logger = logging.getLogger(__name__)

MAX_LIMIT = 100
Kind = RecommendationList.Kind


def recommended_for(user=None, session_product_ids=None, limit=10, category=None):
    """Products for a signed-in customer, or for an anonymous shopper from the session's recent views.

    Falls back to trending (in ``category`` when given) for shoppers the model does not know.
    """
    limit = _limit(limit)
    customer_id = get_adapter().customer_id(user)
    session_ids = [str(pid) for pid in (session_product_ids or []) if pid not in (None, "")][:50]
    key = cache_key("for", customer_id, ",".join(session_ids), limit, category)
    return _cached(key, lambda: _recommended_for(customer_id, session_ids, limit, category))


def similar_products(product_id, limit=10):
    """Products like ``product_id`` (from the serving model's item factors or item-item weights)."""
    limit = _limit(limit)
    product_id = str(product_id)
    return _cached(cache_key("similar", product_id, limit), lambda: _product_list(
        Kind.SIMILAR, product_id, limit, placement=RecommendationRule.Placement.SIMILAR))


def bought_together(product_id, limit=10):
    """Products often in the same order as ``product_id`` (by lift); similar products when none are known."""
    limit = _limit(limit)
    product_id = str(product_id)

    def compute():
        products = _product_list(Kind.TOGETHER, product_id, limit, placement=RecommendationRule.Placement.TOGETHER)
        return products or _product_list(Kind.SIMILAR, product_id, limit,
                                         placement=RecommendationRule.Placement.TOGETHER)

    return _cached(cache_key("together", product_id, limit), compute)


def trending(limit=10, category=None):
    """Products with the most recent, time-decayed interest, optionally in one category."""
    limit = _limit(limit)
    return _cached(cache_key("trending", limit, category), lambda: _trending(limit, category))


# --- internals -----------------------------------------------------------------------------------

def _limit(limit):
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 10
    return max(1, min(MAX_LIMIT, limit))


def _cached(key, compute):
    found = cache.get(key)
    if found is not None:
        return list(found)
    try:
        result = compute()
    except Exception:  # a broken list must never break the page that shows it
        logger.exception("marketing_ai: could not compute recommendations")
        return []
    cache.set(key, result, app_settings.RECOMMEND_CACHE_SECONDS)
    return list(result)


# Lists computed from the shop's data rather than the model: the newest complete ones serve.
SHOP_KINDS = {Kind.TOGETHER, Kind.TRENDING, Kind.POPULAR}


def _lists(kind, keys):
    """{key: (product ids, scores)}, in one query.

    Model lists come from the serving run; shop lists (bought together, trending, popular) from
    the newest run that stored all of them, so they stay fresh while an old model keeps serving.
    """
    keys = list(keys)
    if kind in SHOP_KINDS:
        rows = (RecommendationList.objects.filter(kind=kind, key__in=keys, run__shop_lists_at__isnull=False)
                .order_by("key", "-run_id").values_list("key", "product_ids", "scores"))
        if len(keys) == 1:
            rows = rows[:1]  # the newest only: older runs' lists stay in the table (never deleted)
        found = {}
        for key, ids, scores in rows:
            found.setdefault(key, (ids, scores))
        return found
    rows = RecommendationList.objects.filter(run__is_serving=True, kind=kind, key__in=keys).values_list(
        "key", "product_ids", "scores")
    return {key: (ids, scores) for key, ids, scores in rows}


def _recommended_for(customer_id, session_ids, limit, category):
    placement = RecommendationRule.Placement.USER
    if customer_id is not None:
        found = _lists(Kind.USER, [f"u:{customer_id}"]).get(f"u:{customer_id}")
        if found:
            exclude = _purchased(customer_id) if app_settings.RECOMMEND_EXCLUDE_PURCHASED else set()
            products = _finish(found[0], limit, placement, category=category, exclude=exclude | set(session_ids))
            if products:
                return products
    if session_ids:
        products = _finish(_fold_in(session_ids), limit, placement, category=category, exclude=set(session_ids))
        if products:
            return products
    return _trending(limit, category, exclude=set(session_ids))


def _fold_in(session_ids):
    """Rank products for a session from its recent views: their similar-product lists, newest view first.

    Each viewed product's list is scaled by its best score and by the view's recency (1, 1/2, 1/3 ...),
    then summed: for item-item models (EASE, kNN) this is exactly the model's score for a user with
    those views; for factor models it is the item-factor neighbourhood of the views.
    """
    lists = _lists(Kind.SIMILAR, session_ids)
    scores = defaultdict(float)
    for position, product_id in enumerate(session_ids):
        if product_id not in lists:
            continue
        ids, values = lists[product_id]
        top = max((abs(v) for v in values), default=0) or 1.0
        for other, value in zip(ids, values):
            scores[other] += (value / top) / (position + 1)
    return [pid for pid, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]


def _purchased(customer_id):
    rows = Interaction.objects.filter(user_id=customer_id, event_type="purchase").values_list("product_id", flat=True)
    return set(rows.distinct())


def _product_list(kind, product_id, limit, placement):
    found = _lists(kind, [product_id]).get(product_id)
    ids = found[0] if found else []
    return _finish(ids, limit, placement, context=product_id, exclude={product_id}) if ids else []


def _trending(limit, category=None, exclude=()):
    placement = RecommendationRule.Placement.TRENDING
    key = f"category:{category}" if category else ""
    lists = _lists(Kind.TRENDING, [key])
    ids = lists[key][0] if key in lists else []
    products = _finish(ids, limit, placement, category=category, exclude=set(exclude)) if ids else []
    if products:
        return products
    popular = _lists(Kind.POPULAR, [""]).get("")
    ids = popular[0] if popular else _live_popularity()
    return _finish(ids, limit, placement, category=category, exclude=set(exclude))


def _live_popularity(n=200):
    """Most-interacted products straight from the log, for a shop that has never trained."""
    rows = (Interaction.objects.values("product_id").annotate(count=Count("id")).order_by("-count", "product_id")
            .values_list("product_id", flat=True)[:n])
    return list(rows)


def _rules(placement, context):
    rules = RecommendationRule.objects.filter(active=True, placement__in=[placement, RecommendationRule.Placement.ALL],
                                              context_product_id__in=["", context or ""])
    pins, excluded = [], set()
    for rule in rules:
        if rule.action == RecommendationRule.Action.EXCLUDE:
            excluded.add(rule.product_id)
        else:
            pins.append(rule)
    return sorted(pins, key=lambda rule: (rule.position, rule.pk)), excluded


def _finish(candidate_ids, limit, placement, context=None, category=None, exclude=()):
    """Apply exclusions, pins, availability and the category to candidates; the first ``limit`` products."""
    pins, excluded = _rules(placement, context)
    excluded |= set(exclude)
    pinned_ids = [rule.product_id for rule in pins if rule.product_id not in excluded]
    wanted = [pid for pid in dict.fromkeys(str(pid) for pid in candidate_ids) if pid not in excluded
              and pid not in pinned_ids]
    products = _available_products(pinned_ids + wanted[: 4 * limit + 20])
    if category:
        products = {pid: p for pid, p in products.items() if p.category == category}
    ranked = [products[pid] for pid in wanted if pid in products]
    for rule in pins:
        product = products.get(rule.product_id)
        if product is not None and rule.product_id not in excluded:
            ranked.insert(min(len(ranked), max(0, rule.position - 1)), product)
    return ranked[:limit]


def _available_products(product_ids):
    """{id: ProductData} of the available products among ``product_ids``, in one query."""
    adapter = get_adapter()
    pks = []
    for value in product_ids:
        try:
            pks.append(adapter.parse_product_id(value))
        except ValueError:
            continue
    if not pks:
        return {}
    qs = adapter.product_queryset(available_only=True).filter(pk__in=pks)
    category = app_settings.PRODUCT_FIELDS.get("category")
    if category and _is_relation(adapter, category):
        qs = qs.select_related(category.split("__")[0])
    result = {}
    for product in qs:
        data = adapter.product_data(product)
        if data.available:
            result[data.id] = data
    return result


def _is_relation(adapter, field_name):
    try:
        return adapter.product_model._meta.get_field(field_name.split("__")[0]).is_relation
    except Exception:
        return False
