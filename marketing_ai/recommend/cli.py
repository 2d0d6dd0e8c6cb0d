"""Subcommands of the recommendations: ``train`` and ``evaluate-recs``."""

import csv
import json
import math
from datetime import datetime
from pathlib import Path

from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand
from marketing_ai.conf import app_settings


class Train(Subcommand):
    name = "train"
    help = ("Train recommendation models on the interaction log; the winner serves only if it beats the "
            "serving model and popularity on the same holdout.")

    def add_arguments(self, parser):
        parser.add_argument("--algorithms", help="comma-separated algorithm names (default: RECOMMEND_ALGORITHMS)")
        parser.add_argument("--budget", type=float, help="search time budget in seconds (default: setting)")
        parser.add_argument("--device", choices=["auto", "cpu", "cuda"], help="default: RECOMMEND_DEVICE")
        parser.add_argument("--background", action="store_true", help="hand the run to the django-q2 worker")
        parser.add_argument("--install-schedule", action="store_true",
                            help="create or update the django-q2 schedule from RECOMMEND_TRAIN_CRON and exit")

    def handle(self, **options):
        from marketing_ai.recommend.algorithms import ALGORITHMS

        if options["install_schedule"]:
            from marketing_ai.recommend.schedule import install_training_schedule

            schedule = install_training_schedule()
            if schedule is None:
                self.stdout.write("RECOMMEND_TRAIN_CRON is None: no scheduled training (any old schedule removed).")
            else:
                self.stdout.write(self.style.SUCCESS(f"Scheduled training: cron {schedule.cron!r}."))
            return
        algorithms = options["algorithms"].split(",") if options["algorithms"] else None
        unknown = [name for name in algorithms or [] if name not in ALGORITHMS]
        if unknown:
            raise CommandError(f"unknown algorithms {unknown}; known: {', '.join(ALGORITHMS)}")
        if options["budget"] is not None and options["budget"] < 0:
            raise CommandError("--budget must not be negative")
        params = {"algorithms": algorithms, "budget_seconds": options["budget"], "device": options["device"]}
        if options["background"]:
            from marketing_ai.jobs import start_job

            job = start_job("train_recommender", params, sync=False)
            self.stdout.write(f"Started job {job.pk}; follow it with `python manage.py marketing_ai jobs`.")
            return
        from marketing_ai.recommend.models import RecommenderRun
        from marketing_ai.recommend.training import train_recommender

        last = [None]

        def progress(percent, message=None, force=False):
            if message and message != last[0]:
                last[0] = message
                self.stderr.write(f"[{int(percent):3d}%] {message}")

        run = train_recommender(progress=progress, **params)
        line = f"Run {run.pk}: {run.get_status_display()}. {run.reason}"
        if run.status == RecommenderRun.Status.FAILED:
            raise CommandError(line)
        self.stdout.write(self.style.SUCCESS(line) if run.is_serving else line)


METRIC_COLUMNS = ("precision", "recall", "ndcg", "map", "coverage", "fit_seconds")


def parse_time(value):
    """Seconds since the epoch from a number or an ISO 8601 date/time."""
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError as exc:
        raise ValueError(f"not a number or ISO date/time: {value!r}") from exc


def reader_has_header(reader):
    return isinstance(reader, csv.DictReader)


def csv_rows(path, user_column, item_column, weight_column=None, time_column=None, sep=",", header=True):
    """Stream (user, item, weight[, time]) from a CSV; bad rows raise with their line.

    Without a header row, columns are named by their 0-based position ("0", "1", ...).
    """
    handle = open(path, newline="", encoding="utf-8-sig")
    with handle:
        if header:
            reader = csv.DictReader(handle, delimiter=sep)
            header = reader.fieldnames or []
        else:
            reader = ({str(i): value for i, value in enumerate(record)} for record in csv.reader(handle, delimiter=sep))
            first = next(csv.reader(open(path, newline="", encoding="utf-8-sig"), delimiter=sep), [])
            header = [str(i) for i in range(len(first))]
        for column in (user_column, item_column, weight_column, time_column):
            if column and column not in header:
                raise CommandError(f"{path}: no column {column!r}; the header has {', '.join(header)}")
        for line, record in enumerate(reader, start=2 if reader_has_header(reader) else 1):
            try:
                weight = float(record[weight_column]) if weight_column else 1.0
                if not math.isfinite(weight):
                    raise ValueError(f"weight {record[weight_column]!r} is not finite")
                row = (record[user_column].strip(), record[item_column].strip(), weight)
                if time_column:
                    row += (parse_time(record[time_column]),)
            except (ValueError, TypeError, AttributeError) as exc:
                raise CommandError(f"{path}, line {line}: {exc}") from exc
            yield row


class EvaluateRecs(Subcommand):
    name = "evaluate-recs"
    help = ("Evaluate popularity, every recommendation algorithm and the automatically selected model on a "
            "per-user holdout of a CSV of interactions.")

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="CSV file with a header row")
        parser.add_argument("--user-column", required=True)
        parser.add_argument("--item-column", required=True)
        parser.add_argument("--weight-column", help="numeric confidence per row (default: 1 per row)")
        parser.add_argument("--time-column", help="timestamp (seconds or ISO 8601), needed by --split time")
        parser.add_argument("--sep", default=",", help="field separator (default ','; use '\\t' for tabs)")
        parser.add_argument("--no-header", action="store_true",
                            help="the file has no header row; name columns by 0-based position")
        parser.add_argument("--split", choices=["random", "time"], default="random")
        parser.add_argument("--test-fraction", type=float, default=0.2)
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--algorithms", help="comma-separated algorithm names (default: RECOMMEND_ALGORITHMS)")
        parser.add_argument("--budget", type=float, help="search time budget in seconds (default: setting)")
        parser.add_argument("--device", choices=["auto", "cpu", "cuda"], help="default: RECOMMEND_DEVICE")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, **options):
        from marketing_ai.recommend.algorithms import ALGORITHMS
        from marketing_ai.recommend.comparison import compare_algorithms
        from marketing_ai.recommend.data import build_matrix

        path = Path(options["csv"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        if not 0 < options["test_fraction"] < 1:
            raise CommandError("--test-fraction must be between 0 and 1")
        if options["k"] < 1:
            raise CommandError("--k must be at least 1")
        if options["split"] == "time" and not options["time_column"]:
            raise CommandError("--split time needs --time-column")
        sep = options["sep"].encode().decode("unicode_escape")
        if len(sep) != 1:
            raise CommandError("--sep must be one character")
        algorithms = (options["algorithms"].split(",") if options["algorithms"]
                      else list(app_settings.RECOMMEND_ALGORITHMS))
        unknown = [name for name in algorithms if name not in ALGORITHMS]
        if unknown:
            raise CommandError(f"unknown algorithms {unknown}; known: {', '.join(ALGORITHMS)}")
        if "popularity" not in algorithms:
            algorithms.insert(0, "popularity")
        rows = csv_rows(path, options["user_column"], options["item_column"], options["weight_column"],
                        options["time_column"], sep, header=not options["no_header"])
        data = build_matrix(rows, with_times=bool(options["time_column"]))
        if data.nnz == 0:
            raise CommandError(f"{path}: no usable rows")
        report = None if options["json"] else (lambda line: self.stderr.write(line))
        result = compare_algorithms(
            data, algorithms, split=options["split"], test_fraction=options["test_fraction"], k=options["k"],
            seed=options["seed"], device=options["device"] or app_settings.RECOMMEND_DEVICE,
            budget_seconds=options["budget"] if options["budget"] is not None else app_settings.RECOMMEND_SEARCH_SECONDS,
            memory_bytes=app_settings.RECOMMEND_MEMORY_MB * 2**20, eval_users=app_settings.RECOMMEND_EVAL_USERS,
            report=report,
        )
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        k = options["k"]
        self.stdout.write(f"{result['users']} users, {result['products']} products, {result['interactions']} "
                          f"interactions; {options['split']} split, k={k}")
        self.stdout.write(f"{'model':<14}" + "".join(f"{c + ('@' + str(k) if c in ('precision', 'recall', 'ndcg', 'map') else ''):>14}"
                                                 for c in METRIC_COLUMNS))
        for name, metrics in result["models"].items():
            label = f"selected ({result['selected']})" if name == "selected" else name
            self.stdout.write(f"{label:<14}" + "".join(f"{metrics[c]:>14.4f}" for c in METRIC_COLUMNS))
