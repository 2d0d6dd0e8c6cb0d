"""``train-intents`` and ``evaluate-intents``: the assistant router's store intents from CSV files."""

import json

from django.core.management.base import CommandError

from marketing_ai.assistant.training import IntentDataError, evaluate, import_store_intents, read_labelled_csv
from marketing_ai.cli.base import Subcommand


def _columns(parser):
    parser.add_argument("--text-column", required=True, help="column with the utterance")
    parser.add_argument("--label-column", required=True, help="column with the intent label")
    parser.add_argument("--encoding", default="utf-8-sig", help="file encoding (default utf-8, BOM allowed)")


class TrainIntents(Subcommand):
    name = "train-intents"
    help = ("Add store intents and their example utterances from a CSV. Every row is checked first; a bad row "
            "stops with its line number and nothing is added. Re-running adds nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="CSV file with a header row")
        _columns(parser)

    def handle(self, **options):
        try:
            rows = read_labelled_csv(options["csv"], options["text_column"], options["label_column"],
                                     encoding=options["encoding"])
            result = import_store_intents(rows)
        except IntentDataError as exc:
            raise CommandError(f"{exc} (nothing was added)") from None
        self.stdout.write(self.style.SUCCESS(
            f"{result.intents_created} new store intents, {result.examples_added} new examples "
            f"({result.examples_present} were already there). The router retrains on its next message."
        ))


class EvaluateIntents(Subcommand):
    name = "evaluate-intents"
    help = "Train the router on one CSV and print accuracy and macro-F1 on another."

    def add_arguments(self, parser):
        parser.add_argument("--train", required=True, help="CSV to train on")
        parser.add_argument("--test", required=True, help="CSV to score on")
        _columns(parser)
        parser.add_argument("--json", action="store_true",
                            help="print one JSON object with accuracy, macro_f1, n_test, seconds")

    def handle(self, **options):
        try:
            train = read_labelled_csv(options["train"], options["text_column"], options["label_column"],
                                      encoding=options["encoding"])
            test = read_labelled_csv(options["test"], options["text_column"], options["label_column"],
                                     encoding=options["encoding"])
            if len(set(train.labels)) < 2:
                raise IntentDataError(f"{options['train']}: needs at least two labels")
        except IntentDataError as exc:
            raise CommandError(str(exc)) from None
        scores = evaluate(train, test)
        if options["json"]:
            self.stdout.write(json.dumps(scores))
            return
        self.stdout.write(f"accuracy {scores['accuracy']:.4f}  macro-F1 {scores['macro_f1']:.4f}  "
                          f"on {scores['n_test']} test rows ({scores['seconds']:.1f} s)")
