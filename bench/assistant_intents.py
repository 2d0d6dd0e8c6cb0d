"""Intent accuracy of the assistant's router on the Bitext customer-support set (80/20 stratified split).

The store intents are trained from the 80 % CSV through ``manage.py marketing_ai train-intents`` (the same
path a shop uses), then the full router (built-in + store intents) routes the 20 %. A TF-IDF + logistic
regression baseline is trained on the same split in the same run, and the ratio is printed.

    python bench/assistant_intents.py [--data ../shared/data] [--seed 42]
"""

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = "bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv"


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("TEST_WORKER_DB_NAME", ":memory:")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("MARKETING_AI_DATA", str(ROOT.parent / "shared" / "data")))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    path = Path(args.data) / DATASET
    setup_django()

    from django.core.management import call_command
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    from marketing_ai.assistant import router
    from marketing_ai.assistant.training import LabelledRows, evaluate, intent_name, read_labelled_csv

    rows = read_labelled_csv(path, "instruction", "intent")
    train_x, test_x, train_y, test_y = train_test_split(rows.texts, rows.labels, test_size=0.2,
                                                        random_state=args.seed, stratify=rows.labels)
    with tempfile.TemporaryDirectory() as folder:
        train_csv = Path(folder) / "train.csv"
        with train_csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["instruction", "intent"])
            writer.writerows(zip(train_x, train_y))
        started = time.perf_counter()
        call_command("marketing_ai", "train-intents", "--csv", str(train_csv), "--text-column", "instruction",
                     "--label-column", "intent", stdout=open(os.devnull, "w"))
        full_router = router.get_router()
        train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = [route.intent for route in full_router.predict(test_x)]
    route_seconds = time.perf_counter() - started
    expected = [intent_name(label) for label in test_y]
    full_accuracy = accuracy_score(expected, predicted)
    # Macro-F1 over the dataset's labels: a stray built-in label would otherwise count as a class of its own.
    full_f1 = f1_score(expected, predicted, labels=sorted(set(expected)), average="macro", zero_division=0)
    to_builtin = sum(1 for label in predicted if label in {spec.name for spec in router.builtin_intents()})

    csv_only = evaluate(LabelledRows(list(train_x), list(train_y)), LabelledRows(list(test_x), list(test_y)))

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    baseline = LogisticRegression(C=10.0, max_iter=2000).fit(vectorizer.fit_transform(train_x), train_y)
    baseline_accuracy = accuracy_score(test_y, baseline.predict(vectorizer.transform(test_x)))
    baseline_seconds = time.perf_counter() - started

    report = {
        "dataset": DATASET, "n_train": len(train_x), "n_test": len(test_x), "labels": len(set(rows.labels)),
        "router_builtin_plus_store": {"accuracy": round(full_accuracy, 4), "macro_f1": round(full_f1, 4),
                                      "routed_to_builtin_intents": to_builtin,
                                      "train_seconds": round(train_seconds, 1),
                                      "ms_per_message": round(1000 * route_seconds / len(test_x), 2)},
        "evaluate_intents_csv_only": csv_only,
        "baseline_tfidf_logreg": {"accuracy": round(baseline_accuracy, 4), "seconds": round(baseline_seconds, 1)},
        "error_ratio_router_vs_baseline": round((1 - full_accuracy) / max(1 - baseline_accuracy, 1e-9), 3),
        "target_accuracy": 0.97,
        "meets_target": full_accuracy >= 0.97,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
