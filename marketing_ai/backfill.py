"""Importing historical shopper events from CSV.

Two streaming passes over the file: the first validates every row (columns, event types,
timestamps, quantities, that each product and customer exists) and stops at the first bad line
with its number; the second inserts in batches inside one transaction. So a bad file imports
nothing, and a killed import leaves nothing behind. Each row gets a content key (its values plus
how many identical rows came before it in the file), so importing the same events again adds
nothing, while true repeats inside one file are kept.
"""

import csv
import hashlib
import io
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone as dt_timezone

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from marketing_ai.conf import app_settings
from marketing_ai.interactions import MAX_QUANTITY, validate_event_type
from marketing_ai.models import Interaction
from marketing_ai.shop import get_adapter

LOOKUP_CHUNK = 5000


class EventImportError(Exception):
    """A problem with the file; ``line`` is the 1-based line number in the file, when known."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(message if line is None else _("line %(line)d: %(message)s") % {"line": line, "message": message})


@dataclass
class ImportSpec:
    """What to import and how the file's columns map onto events."""

    path: str
    user_column: str
    product_column: str
    type_column: str | None = None
    event_type: str | None = None
    time_column: str | None = None
    quantity_column: str | None = None
    sep: str = ","
    encoding: str = "utf-8"

    def validate(self):
        if bool(self.type_column) == bool(self.event_type):
            raise EventImportError(_("give exactly one of a type column or a fixed event type"))
        if self.event_type:
            try:
                validate_event_type(self.event_type)
            except ValueError as exc:
                raise EventImportError(str(exc)) from None
        if len(self.sep) != 1:
            raise EventImportError(_("the separator must be one character, got %(sep)r") % {"sep": self.sep})
        if not os.path.isfile(self.path):
            raise EventImportError(_("no such file: %(path)s") % {"path": self.path})


@dataclass
class ImportResult:
    rows: int
    created: int
    already_present: int

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class ParsedRow:
    line: int
    user: str
    product: str
    event_type: str
    occurred_at: datetime | None
    quantity: int


def _decoded_lines(handle, encoding, counter):
    """Yield text lines from a binary file, naming the line that fails to decode."""
    try:
        byte_lines = "\n".encode(encoding) == b"\n"
    except LookupError:
        raise EventImportError(_("unknown encoding %(encoding)r") % {"encoding": encoding}) from None
    if not byte_lines:
        # UTF-16 and friends: a newline is more than one byte; decode as a stream.
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        try:
            for line in text:
                counter[0] += 1
                yield line
        except UnicodeDecodeError:
            raise EventImportError(
                _("not valid %(encoding)s near here; save the file as UTF-8 or pass --encoding") % {
                    "encoding": encoding},
                line=counter[0] + 1,
            ) from None
        return
    for raw in handle:
        counter[0] += 1
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EventImportError(
                _("not valid %(encoding)s (byte 0x%(byte)02x at column %(column)d); save the file as "
                  "UTF-8 or pass --encoding") % {
                    "encoding": encoding, "byte": raw[exc.start], "column": exc.start + 1},
                line=counter[0],
            ) from None


def parse_timestamp(value):
    """ISO 8601 date or datetime, or Unix seconds. Naive values are in the current time zone."""
    value = value.strip()
    if not value:
        raise ValueError("empty")
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is not None:
        if not 0 <= number < 1e11:
            raise ValueError("out of range")
        return datetime.fromtimestamp(number, tz=dt_timezone.utc)
    parsed = parse_datetime(value.replace(" ", "T", 1)) if "T" not in value else parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError("not a date")
        parsed = datetime(day.year, day.month, day.day)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _rows(spec, counter):
    """Yield ParsedRow for each data row, raising EventImportError on the first bad one."""
    with open(spec.path, "rb") as handle:
        reader = csv.reader(_decoded_lines(handle, spec.encoding, counter), delimiter=spec.sep)
        try:
            header = next(reader)
        except StopIteration:
            raise EventImportError(_("the file is empty"), line=1) from None
        except csv.Error as exc:
            raise EventImportError(str(exc), line=counter[0]) from None
        header = [name.strip().lstrip("\ufeff") for name in header]
        wanted = [spec.user_column, spec.product_column, spec.type_column, spec.time_column, spec.quantity_column]
        for name in filter(None, wanted):
            if name not in header:
                raise EventImportError(
                    _("no column %(name)r in the header (columns: %(columns)s)") % {
                        "name": name, "columns": ", ".join(header)},
                    line=1,
                )
        index = {name: header.index(name) for name in filter(None, wanted)}
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise EventImportError(str(exc), line=counter[0]) from None
            line = counter[0]
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise EventImportError(
                    _("expected %(expected)d fields, found %(found)d") % {"expected": len(header), "found": len(values)},
                    line=line,
                )
            yield _parse_row(spec, index, values, line)


def _parse_row(spec, index, values, line):
    user = values[index[spec.user_column]].strip()
    product = values[index[spec.product_column]].strip()
    if not user:
        raise EventImportError(_("the customer is empty"), line=line)
    if not product:
        raise EventImportError(_("the product is empty"), line=line)
    event_type = values[index[spec.type_column]].strip() if spec.type_column else spec.event_type
    try:
        validate_event_type(event_type)
    except ValueError as exc:
        raise EventImportError(str(exc), line=line) from None
    occurred_at = None
    if spec.time_column:
        raw = values[index[spec.time_column]]
        try:
            occurred_at = parse_timestamp(raw)
        except (ValueError, OverflowError, OSError):
            raise EventImportError(
                _("bad timestamp %(value)r (use ISO 8601 like 2024-05-01T12:30:00 or Unix seconds)") % {"value": raw},
                line=line,
            ) from None
    quantity = 1
    if spec.quantity_column:
        raw = values[index[spec.quantity_column]].strip()
        try:
            quantity = int(raw)
        except ValueError:
            raise EventImportError(_("bad quantity %(value)r (a whole number)") % {"value": raw}, line=line) from None
        if not 1 <= quantity <= MAX_QUANTITY:
            raise EventImportError(
                _("quantity %(value)d is outside 1..%(max)d") % {"value": quantity, "max": MAX_QUANTITY}, line=line
            )
    return ParsedRow(line, user, product, event_type, occurred_at, quantity)


def _check_references(pending_products, pending_users, customers):
    """Raise for the first (lowest line) product or customer that does not exist."""
    adapter = get_adapter()
    missing = []
    if pending_products:
        found = adapter.existing_product_ids(list(pending_products))
        missing += [(line, _("unknown product %(id)r") % {"id": pid})
                    for pid, line in pending_products.items() if pid not in found]
    if pending_users:
        resolved = adapter.resolve_customers(list(pending_users))
        customers.update(resolved)
        missing += [(line, _("unknown customer %(id)r") % {"id": uid})
                    for uid, line in pending_users.items() if uid not in resolved]
    if missing:
        line, message = min(missing)
        raise EventImportError(message, line=line)
    pending_products.clear()
    pending_users.clear()


def validate_file(spec, progress=None):
    """First pass: check every row. Returns (row count, {customer value: user pk})."""
    spec.validate()
    known_products, customers = set(), {}
    pending_products, pending_users = {}, {}
    counter = [0]
    size = os.path.getsize(spec.path) or 1
    rows = 0
    for row in _rows(spec, counter):
        rows += 1
        if row.product not in known_products:
            known_products.add(row.product)
            pending_products.setdefault(row.product, row.line)
        if row.user not in customers and row.user not in pending_users:
            pending_users[row.user] = row.line
        if len(pending_products) + len(pending_users) >= LOOKUP_CHUNK:
            _check_references(pending_products, pending_users, customers)
        if progress and rows % 5000 == 0:
            progress(rows, size)
    _check_references(pending_products, pending_users, customers)
    if rows == 0:
        raise EventImportError(_("the file has a header but no rows"))
    return rows, customers


def _row_key(row, user_pk, occurrence):
    when = row.occurred_at.isoformat() if row.occurred_at else ""
    text = "\x1f".join(["import", str(user_pk), row.product, row.event_type, when, str(row.quantity), str(occurrence)])
    return hashlib.sha256(text.encode()).hexdigest()


def import_events(spec, progress=None):
    """Validate, then import all rows of ``spec``.

    ``progress(done_fraction, message, milestone)`` is optional; ``milestone`` marks the moments
    between phases, which a throttled reporter should not drop.
    """
    def report(fraction, message, milestone=False):
        if progress:
            progress(fraction, message, milestone)

    rows, customers = validate_file(spec, progress=lambda done, size: report(0.0, _("checked %(n)d rows") % {"n": done}))
    report(0.5, _("%(n)d rows checked, importing") % {"n": rows}, milestone=True)
    batch_size = max(1, app_settings.IMPORT_BATCH_SIZE)
    seen = {}
    now = timezone.now()
    product_ids = {}
    adapter = get_adapter()
    with transaction.atomic():
        before = Interaction.objects.count()
        batch = []
        counter = [0]
        done = 0
        for row in _rows(spec, counter):
            user_pk = customers[row.user]
            # A stable digest (not hash(): that changes between processes) of the row's values.
            digest = _row_key(row, user_pk, 0)[:16]
            occurrence = seen.get(digest, 0)
            seen[digest] = occurrence + 1
            product_id = product_ids.get(row.product)
            if product_id is None:
                product_id = product_ids[row.product] = str(adapter.parse_product_id(row.product))
            batch.append(Interaction(
                user_id=user_pk,
                product_id=product_id,
                event_type=row.event_type,
                quantity=row.quantity,
                occurred_at=row.occurred_at or now,
                source=Interaction.Source.IMPORT,
                dedupe_key=_row_key(row, user_pk, occurrence),
            ))
            if len(batch) >= batch_size:
                Interaction.objects.bulk_create(batch, ignore_conflicts=True)
                done += len(batch)
                batch = []
                report(0.5 + 0.5 * done / rows, _("imported %(done)d of %(rows)d rows") % {"done": done, "rows": rows})
        if batch:
            Interaction.objects.bulk_create(batch, ignore_conflicts=True)
        created = Interaction.objects.count() - before
    report(1.0, _("imported %(created)d new events") % {"created": created}, milestone=True)
    return ImportResult(rows=rows, created=created, already_present=rows - created)


def run_import_job(ctx, **params):
    """Job handler: import a file that is already on the server's disk."""
    from marketing_ai.jobs import JobError

    spec = ImportSpec(**params)
    try:
        result = import_events(spec, progress=lambda fraction, message, milestone: ctx.progress(
            100 * fraction, message, force=milestone))
    except EventImportError as exc:
        raise JobError(str(exc)) from None
    return result.as_dict()
