import json

from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand
from marketing_ai.moderation.evaluation import DatasetError, cross_validate, evaluate_split, read_labelled_csv


class EvaluateModeration(Subcommand):
    name = "evaluate-moderation"
    help = ("Train the learned classifier on labelled texts (as if moderators had decided them), run the full "
            "pipeline on held-out texts, and print precision, recall, F1 and accuracy of the positive class for "
            "the classifier alone and for the pipeline's hold-or-reject decision. Nothing is stored.")

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="labelled CSV file with a header row")
        parser.add_argument("--text-column", required=True, help="column with the text")
        parser.add_argument("--label-column", required=True, help="column with the label")
        parser.add_argument("--positive", required=True, action="append",
                            help="label value that means 'should not be published' (repeatable)")
        parser.add_argument("--sep", default=",", help="field separator (default ,; \\t for tab)")
        parser.add_argument("--quoting", choices=["csv", "none"], default="csv",
                            help="'none' when quotes in the file are literal text (default csv)")
        split = parser.add_mutually_exclusive_group()
        split.add_argument("--test-csv", help="evaluate on this file (same columns) instead of cross-validating")
        split.add_argument("--folds", type=int, default=5, help="stratified folds when there is no --test-csv")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--disable", action="append", default=[], metavar="CHECK",
                            help="switch off a pipeline check for this run, e.g. profanity (repeatable)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, **options):
        sep = options["sep"].encode().decode("unicode_escape")
        read = dict(text_column=options["text_column"], label_column=options["label_column"],
                    positive=options["positive"], sep=sep, quoting=options["quoting"])
        try:
            texts, labels = read_labelled_csv(options["csv"], **read)
            if options["test_csv"]:
                test_texts, test_labels = read_labelled_csv(options["test_csv"], **read)
                scores = evaluate_split(texts, labels, test_texts, test_labels, disable=options["disable"])
                how = f"trained on {len(texts)}, tested on {len(test_texts)}"
            else:
                scores = cross_validate(texts, labels, folds=options["folds"], seed=options["seed"],
                                        disable=options["disable"])
                how = f"{options['folds']}-fold cross-validation over {len(texts)} rows"
        except DatasetError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(scores, sort_keys=True))
            return
        self.stdout.write(f"{options['csv']}: {how}, {sum(labels)} positive")
        for part, title in (("classifier", "learned classifier"), ("pipeline", "pipeline (hold or reject)")):
            values = scores[part]
            self.stdout.write(f"  {title:<27} precision {values['precision']:.3f}  recall {values['recall']:.3f}  "
                              f"F1 {values['f1']:.3f}  accuracy {values['accuracy']:.3f}")
