"""Evaluating moderation on labelled data: the classifier alone and the whole pipeline.

The classifier is trained on the training part as if moderators had decided those texts; the full
pipeline (rules plus that classifier) then decides the test part, and "hold or reject" counts as
a positive. Used by ``marketing_ai evaluate-moderation`` and the bench/ scripts.
"""

import csv
import random
import sys
from pathlib import Path

from marketing_ai.moderation.classifier import LearnedClassifierCheck, TextClassifier, binary_scores

METRICS = ("precision", "recall", "f1", "accuracy")


class DatasetError(ValueError):
    """The labelled file cannot be used; the message says why."""


def read_labelled_csv(path, text_column, label_column, positive, sep=",", quoting="csv", encoding="utf-8"):
    """(texts, labels) from a CSV file; ``positive`` is one label value or a list of them."""
    positive = {str(value) for value in (positive if isinstance(positive, (list, tuple, set)) else [positive])}
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    csv.field_size_limit(sys.maxsize)
    texts, labels = [], []
    with path.open(newline="", encoding=encoding, errors="replace") as handle:
        reader = csv.DictReader(handle, delimiter=sep, quoting=csv.QUOTE_NONE if quoting == "none" else csv.QUOTE_MINIMAL)
        columns = reader.fieldnames or []
        for column in (text_column, label_column):
            if column not in columns:
                raise DatasetError(f"{path}: no column {column!r}; the columns are {', '.join(map(repr, columns))}")
        for line, row in enumerate(reader, start=2):
            label = row.get(label_column)
            if label is None or row.get(text_column) is None:
                raise DatasetError(f"{path}, line {line}: the row has too few fields")
            texts.append(row[text_column])
            labels.append(label.strip() in positive)
    if not texts:
        raise DatasetError(f"{path}: no rows")
    if not any(labels) or all(labels):
        raise DatasetError(f"{path}: every row is {'positive' if all(labels) else 'negative'}; check --positive "
                           f"(values of {label_column!r} that count as positive: {', '.join(sorted(positive))})")
    return texts, labels


def stratified_folds(labels, folds, seed):
    """Lists of test indices, each class spread evenly over the folds."""
    rng = random.Random(seed)
    buckets = [[] for _ in range(folds)]
    for value in (True, False):
        indices = [i for i, label in enumerate(labels) if label == value]
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            buckets[position % folds].append(index)
    return [sorted(bucket) for bucket in buckets]


def evaluate_split(train_texts, train_labels, test_texts, test_labels, disable=()):
    """{"classifier": metrics, "pipeline": metrics} for one train/test split."""
    from marketing_ai.moderation.pipeline import PUBLISH, ModerationPipeline

    classifier = TextClassifier().fit(train_texts, train_labels)
    classifier_scores = binary_scores(test_labels, classifier.predict(test_texts))
    pipeline = ModerationPipeline.from_settings(disable=disable, classifier=LearnedClassifierCheck(classifier))
    reviews, truncated = [], []
    for text in test_texts:
        review, cut = pipeline.prepare(text)
        reviews.append(review)
        truncated.append(cut)
    results = pipeline.run(reviews, truncated)
    pipeline_scores = binary_scores(test_labels, [result.decision != PUBLISH for result in results])
    return {"classifier": classifier_scores, "pipeline": pipeline_scores}


def cross_validate(texts, labels, folds=5, seed=42, disable=(), progress=None):
    """Mean of each metric over stratified folds."""
    if folds < 2:
        raise DatasetError("--folds must be at least 2")
    if min(sum(labels), len(labels) - sum(labels)) < folds:
        raise DatasetError(f"too few examples of one class for {folds} folds")
    totals = {"classifier": dict.fromkeys(METRICS, 0.0), "pipeline": dict.fromkeys(METRICS, 0.0)}
    for number, test_index in enumerate(stratified_folds(labels, folds, seed), start=1):
        test = set(test_index)
        train_index = [i for i in range(len(texts)) if i not in test]
        scores = evaluate_split([texts[i] for i in train_index], [labels[i] for i in train_index],
                                [texts[i] for i in test_index], [labels[i] for i in test_index], disable=disable)
        for part, values in scores.items():
            for name in METRICS:
                totals[part][name] += values[name]
        if progress:
            progress(number, folds, scores)
    return {part: {name: round(value / folds, 4) for name, value in values.items()} for part, values in totals.items()}

