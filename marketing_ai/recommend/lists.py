"""Lists that come from the shop's data rather than from a model: bought together and trending."""

from collections import defaultdict

import numpy as np
from django.utils import timezone

from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter


def bought_together_lists(n=50, min_copurchases=None, orders=None):
    """{product id: [(other product id, lift), ...]} from paid orders, best lift first.

    lift(a, b) = P(a and b in one order) / (P(a) P(b)); pairs seen in fewer than
    ``min_copurchases`` orders are left out, so that one odd basket does not make a rule.
    """
    from scipy import sparse

    adapter = get_adapter()
    if orders is None:
        if not adapter.has_orders():
            return {}
        orders = adapter.iter_orders()
    min_copurchases = app_settings.RECOMMEND_MIN_COPURCHASES if min_copurchases is None else min_copurchases
    index, rows, cols = {}, [], []
    n_baskets = 0
    for order in orders:
        if not order.paid:
            continue
        products = {line.product_id for line in order.lines}
        if len(products) == 0:
            continue
        for product_id in products:
            rows.append(n_baskets)
            cols.append(index.setdefault(product_id, len(index)))
        n_baskets += 1
    if not index:
        return {}
    baskets = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_baskets, len(index)))
    counts = np.asarray(baskets.sum(axis=0)).ravel()
    together = (baskets.T @ baskets).tocsr()
    together.setdiag(0)
    together.eliminate_zeros()
    ids = list(index)
    result = {}
    for item in range(together.shape[0]):
        start, end = together.indptr[item], together.indptr[item + 1]
        others, shared = together.indices[start:end], together.data[start:end]
        keep = shared >= min_copurchases
        others, shared = others[keep], shared[keep]
        if not len(others):
            continue
        lift = shared * n_baskets / (counts[item] * counts[others])
        # Ties in lift go to the pair bought together more often.
        order = np.lexsort((-shared, -lift))[:n]
        result[ids[item]] = [(ids[others[j]], float(lift[j])) for j in order]
    return result


def new_trending_scores(days=None, half_life_days=None, now=None):
    """An empty ``TrendingScores`` for the settings' window and half-life."""
    from marketing_ai.recommend.data import TrendingScores

    days = app_settings.RECOMMEND_TRENDING_DAYS if days is None else days
    half_life = app_settings.RECOMMEND_TRENDING_HALF_LIFE_DAYS if half_life_days is None else half_life_days
    return TrendingScores(now or timezone.now(), days, half_life)


def trending_scores(days=None, half_life_days=None, now=None):
    """{product id: score}: event weights of the last ``days`` days, halving every half-life."""
    from marketing_ai.models import Interaction

    accumulator = new_trending_scores(days, half_life_days, now)
    weights = app_settings.EVENT_WEIGHTS
    rows = Interaction.objects.filter(occurred_at__gte=accumulator.since, event_type__in=list(weights)).order_by()
    for product_id, event_type, quantity, occurred_at in rows.values_list(
            "product_id", "event_type", "quantity", "occurred_at").iterator(chunk_size=5000):
        accumulator.add(product_id, weights[event_type] * (quantity or 1), occurred_at)
    return accumulator.scores


def product_categories():
    """{product id: category name} for the catalogue, through the adapter, one query per 2,000 products.

    Only ids and categories are needed for trending per category: this asks the adapter for just
    those (``product_id``, ``product_category``) instead of building a whole ``ProductData`` each.
    """
    adapter = get_adapter()
    qs = adapter.product_queryset()
    category = app_settings.PRODUCT_FIELDS.get("category")
    fast = _categories_by_values(adapter, qs, category)
    if fast is not None:
        return fast
    if category:
        try:
            if adapter.product_model._meta.get_field(category.split("__")[0]).is_relation:
                qs = qs.select_related(category.split("__")[0])
        except Exception:  # not a model field: the adapter computes it
            pass
    found = {}
    for product in qs.order_by("pk").iterator(chunk_size=2000):
        name = adapter.product_category(product)
        if name:
            found[adapter.product_id(product)] = name
    return found


def _categories_by_values(adapter, qs, path):
    """``product_categories`` from (pk, category) value pairs, or None where that cannot give the same.

    Needs the adapter's own ``product_id`` and ``product_category`` (str of the pk, str of the
    value at ``path``) and ``path`` to be model fields. A relation at its end (a category model)
    is turned into text once per category, not once per product.
    """
    from marketing_ai.shop import ShopAdapter

    if not path or type(adapter).product_id is not ShopAdapter.product_id or (
            type(adapter).product_category is not ShopAdapter.product_category):
        return None
    model, last = adapter.product_model, None
    try:
        for part in path.split("__"):
            if model is None:
                return None
            last = model._meta.get_field(part)
            if last.many_to_many or last.one_to_many:  # many values per product: the adapter decides
                return None
            model = last.related_model if last.is_relation else None
    except Exception:  # not a field path: the adapter computes it
        return None
    pairs = [(pk, value) for pk, value in qs.order_by().values_list("pk", path).iterator(chunk_size=5000)
             if value is not None]
    if last.is_relation:
        target = last.target_field  # the pk, or the field a to_field names
        names = {getattr(obj, target.attname): obj for obj in last.related_model._default_manager.filter(
            **{f"{target.name}__in": {value for _, value in pairs}})}
        pairs = [(pk, names[value]) for pk, value in pairs if value in names]
    return {str(pk): str(value) for pk, value in pairs if str(value)}


def trending_lists(n=50, categories=None, scores=None, **kwargs):
    """{"": [(product id, score)...], "category:<name>": [...]}, best first.

    ``categories`` maps product id -> category name; products it does not list are left out of
    the per-category lists only.
    """
    scores = trending_scores(**kwargs) if scores is None else scores
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    lists = {"": ranked[:n]}
    if categories:
        per_category = defaultdict(list)
        for product_id, score in ranked:
            category = categories.get(product_id)
            if category and len(per_category[category]) < n:
                per_category[category].append((product_id, score))
        lists.update({f"category:{name}": entries for name, entries in per_category.items()})
    return lists
