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
    """Time-decayed popularity of recent events, accumulated one event at a time.

    It also counts the events it is shown and keeps the newest one's time: training's read of the
    log passes every weighted event through it, so those two say whether the log has changed.
    """

    def __init__(self, now, days, half_life_days):
        from datetime import timedelta

        self.now = now
        self.since = now - timedelta(days=days)
        self.half_life_seconds = half_life_days * 86400.0 if half_life_days else None
        self.scores = {}
        self.events = 0
        self.latest = None

    def add(self, product_id, weight, occurred_at):
        self.events += 1
        if self.latest is None or occurred_at > self.latest:
            self.latest = occurred_at
        if occurred_at < self.since:
            return
        if self.half_life_seconds:
            weight *= math.pow(0.5, max(0.0, (self.now - occurred_at).total_seconds()) / self.half_life_seconds)
        self.scores[product_id] = self.scores.get(product_id, 0.0) + weight


def matrix_from_interactions(**kwargs):
    """The confidence matrix of the whole interaction log (see ``interaction_rows``).

    On PostgreSQL the log arrives as packed binary records that numpy reads in place (see
    ``read_log_postgresql``): no Python object per event. Elsewhere, or for a filtered
    ``queryset``, rows stream through ``interaction_rows``. Both give the same matrix and trending.
    """
    if kwargs.get("queryset") is None and _copy_reader_fits():
        kwargs.pop("queryset", None)
        kwargs.pop("batch_size", None)
        return read_log_postgresql(**kwargs)
    return build_matrix(interaction_rows(**kwargs))


def _copy_reader_fits():
    from django.contrib.auth import get_user_model
    from django.db import connection

    # The packed reader codes shoppers as integers: customers by their (positive, automatic) id,
    # sessions by a negative number; a customer model with UUID or text keys streams instead.
    user_pk = get_user_model()._meta.pk
    return connection.vendor == "postgresql" and user_pk.get_internal_type() in (
        "AutoField", "BigAutoField", "SmallAutoField")


def read_log_postgresql(weights=None, half_life_days=None, now=None, trending=None):
    """The interaction log as an ``InteractionMatrix``, read from PostgreSQL as packed binary records.

    The server packs each event into a fixed-width record (shopper code, product number, weight,
    timestamp; psycopg's COPY hands over one message per row, far slower), which numpy reads in
    place (``np.frombuffer``), one block per 2^20 ids, fetched in binary (no hex text); ids are
    mapped to rows and columns with lookup tables. The result equals
    ``build_matrix(interaction_rows(...))``: same weights, decay, keys and orders. ``trending``, a
    ``TrendingScores``, gets its scores from the same arrays.
    """
    from django.db import connection, transaction
    from django.utils import timezone
    from scipy import sparse

    from marketing_ai.conf import app_settings
    from marketing_ai.models import Interaction

    weights = dict(app_settings.EVENT_WEIGHTS if weights is None else weights)
    if half_life_days is None:
        half_life_days = app_settings.RECOMMEND_HALF_LIFE_DAYS
    now = now or timezone.now()
    table = connection.ops.quote_name(Interaction._meta.db_table)
    pk = connection.ops.quote_name(Interaction._meta.pk.column)
    if not weights:
        return build_matrix([])
    # Outside a transaction the big read is split between READ_PARTS connections (the server
    # packs each part on its own core), all reading one snapshot of the log.
    parts = READ_PARTS if _parallel_read_fits(connection) else 1
    with transaction.atomic(), connection.cursor() as cursor:
        if parts > 1:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # Small distinct lists first (products, anonymous sessions): the big read then carries numbers only.
        cursor.execute(f"SELECT product_id FROM {table} WHERE event_type = ANY(%s) GROUP BY product_id",
                       [list(weights)])
        all_products = sorted((row[0] for row in cursor.fetchall()), key=_product_sort_key)
        cursor.execute(f"SELECT session_key FROM {table} WHERE user_id IS NULL AND session_key <> '' "
                       "AND event_type = ANY(%s) GROUP BY session_key", [list(weights)])
        sessions = [row[0] for row in cursor.fetchall()]
        numeric = all(pid.isdigit() and str(int(pid)) == pid and len(pid) < 19 for pid in all_products)
        # Integer product ids (the usual primary keys) are cast on the server, others looked up in a join.
        product_sql, join_sql, params = ("i.product_id::int8", "", []) if numeric else (
            "p.n::int8", "JOIN unnest(%s::text[]) WITH ORDINALITY p(id, n) ON i.product_id = p.id", [all_products])
        cases = " ".join("WHEN %s THEN %s::float8" for _ in weights)
        case_params = [value for pair in weights.items() for value in (pair[0], float(pair[1]))]
        # Each event becomes a 32-byte record (shopper code, product number, weight, timestamp in
        # PostgreSQL's own binary form), concatenated on the server into one bytea per block of
        # 2^20 ids: numpy reads them in place.
        # Anonymous sessions are numbered by a join with their list (skipped when there are none).
        shopper_sql, session_sql, session_params = ("COALESCE(i.user_id::int8, -s.n, 0)", (
            "LEFT JOIN unnest(%s::text[]) WITH ORDINALITY s(key, n) ON i.user_id IS NULL AND i.session_key = s.key"),
            [sessions]) if sessions else ("COALESCE(i.user_id::int8, 0)", "", [])
        query = (
            f"SELECT string_agg(int8send({shopper_sql}) || "
            f"int8send({product_sql}) || float8send((CASE i.event_type {cases} END) * GREATEST(i.quantity, 1)) || "
            f"timestamptz_send(i.occurred_at), ''::bytea) FROM {table} i {join_sql} {session_sql} "
            f"WHERE i.event_type = ANY(%s) AND i.{pk} %% %s::int8 = %s::int8 GROUP BY i.{pk} / 1048576")
        params = [*case_params, *params, *session_params, list(weights), parts]
        blocks = _fetch_parts(cursor, query, params, parts)
    events = np.concatenate([np.frombuffer(block, dtype=_EVENT_RECORD) for block in blocks if block]) if any(
        blocks) else np.zeros(0, dtype=_EVENT_RECORD)
    del blocks
    shoppers, products = events["shopper"].astype(np.int64), events["product"].astype(np.int64)
    values = events["weight"].astype(np.float64)
    # Seconds as datetime.timestamp() gives them: whole microseconds divided once (window edges match).
    times = (events["time"].astype(np.int64) + _POSTGRES_EPOCH_MICROSECONDS) / 1e6
    del events
    if numeric:
        lookup = np.array([int(pid) for pid in all_products], dtype=np.int64)
        products = _positions(products, lookup)
    else:
        products = products - 1  # ORDINALITY counts from 1
    if trending is not None:
        from datetime import datetime, timezone as tz

        trending.scores = _trending_from_arrays(trending, all_products, products, values, times)
        trending.events = len(times)
        trending.latest = datetime.fromtimestamp(times.max(), tz=tz.utc) if len(times) else None
    keep = (shoppers != 0) & np.isfinite(values)
    if half_life_days:
        age = np.maximum(0.0, now.timestamp() - times[keep])
        values = values[keep] * np.power(0.5, age / (half_life_days * 86400.0))
    else:
        values = values[keep]
    del times
    shoppers, products = shoppers[keep], products[keep]
    positive = values > 0
    shoppers, products, values = shoppers[positive], products[positive], values[positive]
    codes, rows = _dense_codes(shoppers)
    used, cols = _dense_codes(products)
    keys = [f"u:{code}" if code > 0 else f"s:{sessions[-code - 1]}" for code in codes.tolist()]
    # Stable maps, as build_matrix makes them: keys in text order; products already in id order.
    order = sorted(range(len(keys)), key=keys.__getitem__)
    position = np.empty(len(keys), dtype=np.int64)
    position[order] = np.arange(len(keys))
    shape = (len(keys), len(used))
    matrix = sparse.csr_matrix((values.astype(np.float32), (position[rows], cols)), shape=shape, dtype=np.float32)
    matrix.sum_duplicates()
    return InteractionMatrix(matrix=matrix, user_keys=[keys[i] for i in order],
                             product_ids=[all_products[i] for i in used.tolist()])


# Connections that share the big read of the log (one server process each).
READ_PARTS = 2


def _parallel_read_fits(connection):
    """Parts of the read can go to other connections: psycopg 3 and no open transaction.

    Inside a transaction (a caller's atomic block, a test case) other connections would not see
    its rows, so everything is read on this one.
    """
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return READ_PARTS > 1 and is_psycopg3 and not connection.in_atomic_block


def _fetch_parts(cursor, query, params, parts):
    """``_fetch_binary`` of ``query`` for every part (its last parameter), part 0 on ``cursor``.

    The other parts run on threads, each with a connection of its own that first takes this
    transaction's snapshot (``pg_export_snapshot``): all parts read the same state of the log.
    """
    if parts == 1:
        return _fetch_binary(cursor, query, [*params, 0])
    from concurrent.futures import ThreadPoolExecutor

    cursor.execute("SELECT pg_export_snapshot()")
    snapshot = cursor.fetchone()[0]
    with ThreadPoolExecutor(parts - 1) as pool:
        others = [pool.submit(_fetch_in_snapshot, snapshot, query, [*params, part]) for part in range(1, parts)]
        blocks = _fetch_binary(cursor, query, [*params, 0])
        for future in others:
            blocks.extend(future.result())
    return blocks


def _fetch_in_snapshot(snapshot, query, params):
    """On this thread's own connection: ``_fetch_binary`` inside the exported ``snapshot``."""
    from django.db import connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            return _fetch_binary(cursor, query, params)
    finally:
        connection.close()


def _fetch_binary(cursor, query, params):
    """All first-column values of ``query``, fetched in binary where the driver can (psycopg 3)."""
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    if is_psycopg3:
        import psycopg

        # Django's cursors bind on the client, which psycopg only allows with text results: bytea
        # would then arrive as hex text, twice the bytes and a decoding pass.
        with psycopg.Cursor(cursor.connection) as binary:
            binary.execute(query, params, binary=True)
            return [row[0] for row in binary.fetchall()]
    cursor.execute(query, params)
    return [row[0] for row in cursor.fetchall()]


def _positions(values, lookup):
    """The position of each of ``values`` in the sorted array ``lookup`` (all of them are in it)."""
    if len(lookup) and 0 <= lookup[0] and lookup[-1] < 8 * len(lookup) + 1_000_000:
        # Dense enough ids: one table lookup per value instead of a binary search.
        table = np.zeros(lookup[-1] + 1, dtype=np.int64)
        table[lookup] = np.arange(len(lookup))
        return table[values]
    return np.searchsorted(lookup, values)


def _dense_codes(values):
    """(sorted distinct values, each value's index among them): ``np.unique(values, return_inverse=True)``.

    Integer codes in a compact range (ids, column numbers) are counted in a table, no sort of the
    values needed.
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low >= 8 * len(values) + 1_000_000:
        return np.unique(values, return_inverse=True)
    present = np.bincount(values - low, minlength=high - low + 1) > 0
    index = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, index[values - low]


# PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.
_POSTGRES_EPOCH_MICROSECONDS = 946_684_800_000_000

# One event as the server packs it: big-endian, as int8send/float8send/timestamptz_send write them.
_EVENT_RECORD = np.dtype([("shopper", ">i8"), ("product", ">i8"), ("weight", ">f8"), ("time", ">i8")])


def _trending_from_arrays(trending, product_ids, products, values, times):
    """{product id: score} as ``TrendingScores.add`` sums it, for every event in the window."""
    recent = times >= trending.since.timestamp()
    weights = values[recent]
    if trending.half_life_seconds:
        age = np.maximum(0.0, trending.now.timestamp() - times[recent])
        weights = weights * np.power(0.5, age / trending.half_life_seconds)
    columns = products[recent]
    sums = np.bincount(columns, weights=weights, minlength=len(product_ids))
    seen = np.bincount(columns, minlength=len(product_ids)) > 0
    return {product_ids[i]: float(sums[i]) for i in np.flatnonzero(seen).tolist()}
