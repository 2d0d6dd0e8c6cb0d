"""Teaching the router from labelled CSV files: store intents from a CSV (``train-intents``) and
held-out evaluation (``evaluate-intents``). Rows are all checked before anything is written."""

import csv
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

MAX_EXAMPLE_CHARS = 500  # IntentExample.text's max_length


class IntentDataError(ValueError):
    """A CSV that cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class LabelledRows:
    texts: list
    labels: list


def read_labelled_csv(path, text_column, label_column, encoding="utf-8-sig"):
    """(texts, labels) of a CSV with a header; a missing column or an empty cell is an error."""
    path = Path(path)
    if not path.is_file():
        raise IntentDataError(f"{path}: no such file")
    texts, labels = [], []
    try:
        with path.open(newline="", encoding=encoding) as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for column in (text_column, label_column):
                if column not in columns:
                    raise IntentDataError(f"{path}: no column {column!r}; the columns are {', '.join(columns)}")
            for row in reader:
                line = reader.line_num
                text, label = (row.get(text_column) or "").strip(), (row.get(label_column) or "").strip()
                if not text or not label:
                    missing = text_column if not text else label_column
                    raise IntentDataError(f"{path}, line {line}: empty {missing!r}")
                if len(text) > MAX_EXAMPLE_CHARS:
                    raise IntentDataError(f"{path}, line {line}: {text_column!r} is longer than "
                                          f"{MAX_EXAMPLE_CHARS} characters")
                texts.append(text)
                labels.append(label)
    except UnicodeDecodeError as exc:
        raise IntentDataError(f"{path}: not {encoding} text ({exc.reason}); pass --encoding") from None
    except csv.Error as exc:
        raise IntentDataError(f"{path}: not a readable CSV ({exc})") from None
    if not texts:
        raise IntentDataError(f"{path}: no rows")
    return LabelledRows(texts, labels)


def intent_name(label):
    """The store intent name of a CSV label ("Track Order" -> "track-order", "track_order" stays)."""
    name = slugify(label)[:100]
    if not name:
        raise IntentDataError(f"label {label!r} has no letters or digits to name an intent by")
    return name


@dataclass(frozen=True)
class ImportResult:
    intents_created: int
    examples_added: int
    examples_present: int


def import_store_intents(rows):
    """Add the rows as store intents and examples; existing ones are kept, nothing is added twice."""
    from marketing_ai.assistant.models import IntentExample, StoreIntent

    names = [intent_name(label) for label in rows.labels]
    with transaction.atomic():
        existing = set(StoreIntent.objects.filter(name__in=set(names)).values_list("name", flat=True))
        new = [StoreIntent(name=name, description=f"Imported from CSV ({label})")
               for name, label in dict(zip(names, rows.labels)).items() if name not in existing]
        StoreIntent.objects.bulk_create(new)
        ids = dict(StoreIntent.objects.filter(name__in=set(names)).values_list("name", "pk"))
        present = set(IntentExample.objects.filter(intent_id__in=ids.values()).values_list("intent_id", "text"))
        wanted = list(dict.fromkeys((ids[name], text) for name, text in zip(names, rows.texts)))
        fresh = [IntentExample(intent_id=intent_id, text=text) for intent_id, text in wanted
                 if (intent_id, text) not in present]
        IntentExample.objects.bulk_create(fresh, batch_size=500)
    return ImportResult(len(new), len(fresh), len(wanted) - len(fresh))


def evaluate(train, test):
    """Train a router on ``train`` rows and score it on ``test``: accuracy, macro-F1, n_test, seconds."""
    from sklearn.metrics import accuracy_score, f1_score

    from marketing_ai.assistant.router import IntentRouter

    started = time.perf_counter()
    router = IntentRouter.train_on_rows(train.texts, train.labels)
    predicted = [route.intent for route in router.predict(test.texts)]
    seconds = time.perf_counter() - started
    return {
        "accuracy": float(accuracy_score(test.labels, predicted)),
        "macro_f1": float(f1_score(test.labels, predicted, average="macro", zero_division=0)),
        "n_test": len(test.labels),
        "seconds": round(seconds, 3),
    }
