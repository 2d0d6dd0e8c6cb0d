"""The user x product confidence matrix, built in one streaming pass.

Rows come from the interaction log (or a CSV in ``evaluate-recs``) as ``(user, product, weight,
timestamp)``; they are appended to growing numpy buffers chunk by chunk, so memory is proportional
to the number of interactions, and summed into a scipy CSR matrix at the end. User and product keys
are mapped to row and column numbers in order of first appearance, sorted afterwards so that the
same data always gives the same matrix (stable id maps).
"""

import math
from dataclasses import dataclass

import numpy as np

CHUNK_ROWS = 65_536


@dataclass
class InteractionMatrix:
    """A user x product confidence matrix with the keys of its rows and columns."""

    matrix: object  # scipy.sparse.csr_matrix, float32
    user_keys: list
    product_ids: list
    times: object = None  # CSR of each cell's latest timestamp, when built with_times

    @property
    def shape(self):
        return self.matrix.shape

    @property
    def nnz(self):
        return int(self.matrix.nnz)

    def user_index(self):
        """{user key: row}."""
        return {key: row for row, key in enumerate(self.user_keys)}

    def product_index(self):
        """{product id: column}."""
        return {key: col for col, key in enumerate(self.product_ids)}


def user_key(user_id, session_key):
    """Row key of a shopper: "u:<user id>" when signed in, "s:<session key>" otherwise, None if neither."""
    if user_id is not None:
        return f"u:{user_id}"
    if session_key:
        return f"s:{session_key}"
    return None


def decay_factor(age_seconds, half_life_days):
    """How much an event of the given age still counts (1 when decay is off)."""
    if not half_life_days:
        return 1.0
    return math.pow(0.5, max(0.0, age_seconds) / (half_life_days * 86400.0))


def build_matrix(rows, min_weight=0.0, with_times=False):
    """Build an ``InteractionMatrix`` from an iterable of ``(user key, product id, weight)``.

    Repeated (user, product) pairs are summed. Rows with an empty key or a weight that is not a
    positive finite number are skipped: they carry no preference. With ``with_times`` each row has a
    fourth value, a timestamp in seconds, and ``times`` holds each cell's latest one (for time splits).
    """
    from scipy import sparse

    users, products = {}, {}
    row_chunks, col_chunks, val_chunks = [], [], []
    r_buf = np.empty(CHUNK_ROWS, dtype=np.int64)
    c_buf = np.empty(CHUNK_ROWS, dtype=np.int64)
    v_buf = np.empty(CHUNK_ROWS, dtype=np.float32)
    t_buf = np.empty(CHUNK_ROWS if with_times else 0, dtype=np.float64)
    time_chunks = []
    filled = 0
    for row in rows:
        user, product, weight = row[0], row[1], row[2]
        if not user or product in (None, ""):
            continue
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(weight) or weight <= min_weight:
            continue
        r_buf[filled] = users.setdefault(user, len(users))
        c_buf[filled] = products.setdefault(str(product), len(products))
        v_buf[filled] = weight
        if with_times:
            t_buf[filled] = row[3]
        filled += 1
        if filled == CHUNK_ROWS:
            row_chunks.append(r_buf.copy())
            col_chunks.append(c_buf.copy())
            val_chunks.append(v_buf.copy())
            time_chunks.append(t_buf.copy())
            filled = 0
    row_chunks.append(r_buf[:filled].copy())
    col_chunks.append(c_buf[:filled].copy())
    val_chunks.append(v_buf[:filled].copy())
    time_chunks.append(t_buf[:filled].copy())
    rows_arr = np.concatenate(row_chunks)
    cols_arr = np.concatenate(col_chunks)
    vals_arr = np.concatenate(val_chunks)
    del row_chunks, col_chunks, val_chunks
    # Stable maps: sort the keys and renumber, so row/column order does not depend on event order.
    user_keys = sorted(users, key=str)
    product_ids = sorted(products, key=_product_sort_key)
    user_perm = np.empty(len(users), dtype=np.int64)
    for new, key in enumerate(user_keys):
        user_perm[users[key]] = new
    product_perm = np.empty(len(products), dtype=np.int64)
    for new, key in enumerate(product_ids):
        product_perm[products[key]] = new
    rows_arr = user_perm[rows_arr] if len(users) else rows_arr
    cols_arr = product_perm[cols_arr] if len(products) else cols_arr
    shape = (len(users), len(products))
    matrix = sparse.csr_matrix((vals_arr, (rows_arr, cols_arr)), shape=shape, dtype=np.float32)
    matrix.sum_duplicates()
    times = None
    if with_times:
        times_arr = np.concatenate(time_chunks)
        cells = rows_arr * max(1, shape[1]) + cols_arr
        order = np.lexsort((times_arr, cells))
        # The last entry of each cell in (cell, time) order is its latest timestamp.
        last = np.ones(len(order), dtype=bool)
        last[:-1] = cells[order][1:] != cells[order][:-1]
        keep = order[last]
        times = sparse.csr_matrix((times_arr[keep], (rows_arr[keep], cols_arr[keep])), shape=shape, dtype=np.float64)
    return InteractionMatrix(matrix=matrix, user_keys=user_keys, product_ids=product_ids, times=times)


def _product_sort_key(value):
    # Numeric ids in numeric order, others after them in text order.
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def interaction_rows(queryset=None, weights=None, half_life_days=None, now=None, batch_size=5000, trending=None):
    """Stream ``(user key, product id, weight)`` from the interaction log.

    weight = event weight x quantity x time decay. Event types without a weight are skipped.
    ``trending``, a ``TrendingScores``, is filled in the same pass (events of shoppers without a
    key included), so training reads the log once.
    """
    from django.utils import timezone

    from marketing_ai.conf import app_settings
    from marketing_ai.models import Interaction

    weights = dict(app_settings.EVENT_WEIGHTS if weights is None else weights)
    if half_life_days is None:
        half_life_days = app_settings.RECOMMEND_HALF_LIFE_DAYS
    now = now or timezone.now()
    qs = queryset if queryset is not None else Interaction.objects.all()
    qs = qs.filter(event_type__in=list(weights)).order_by()
    fields = ("user_id", "session_key", "product_id", "event_type", "quantity", "occurred_at")
    for user_id, session_key, product_id, event_type, quantity, occurred_at in qs.values_list(*fields).iterator(
        chunk_size=batch_size
    ):
        weight = weights[event_type] * (quantity or 1)
        if trending is not None:
            trending.add(product_id, weight, occurred_at)
        key = user_key(user_id, session_key)
        if key is None:
            continue
        if half_life_days:
            weight *= decay_factor((now - occurred_at).total_seconds(), half_life_days)
        yield key, product_id, weight


class TrendingScores:
    """Time-decayed popularity of recent events, accumulated one event at a time."""

    def __init__(self, now, days, half_life_days):
        from datetime import timedelta

        self.now = now
        self.since = now - timedelta(days=days)
        self.half_life_seconds = half_life_days * 86400.0 if half_life_days else None
        self.scores = {}

    def add(self, product_id, weight, occurred_at):
        if occurred_at < self.since:
            return
        if self.half_life_seconds:
            weight *= math.pow(0.5, max(0.0, (self.now - occurred_at).total_seconds()) / self.half_life_seconds)
        self.scores[product_id] = self.scores.get(product_id, 0.0) + weight


def matrix_from_interactions(**kwargs):
    """The confidence matrix of the whole interaction log (see ``interaction_rows``)."""
    return build_matrix(interaction_rows(**kwargs))
