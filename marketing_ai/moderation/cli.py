"""Subcommands of review moderation: ``moderate``, ``train-moderation`` and ``evaluate-moderation``."""

import json

from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand, parse_id_list
from marketing_ai.jobs import start_job
from marketing_ai.shop import get_adapter
from marketing_ai.moderation.classifier import ensure_retrain_schedule, train_classifier
from marketing_ai.moderation.evaluation import DatasetError, cross_validate, evaluate_split, read_labelled_csv


class Moderate(Subcommand):
    name = "moderate"
    help = ("Moderate the shop's reviews: the pending ones (never moderated; the default), all of them, or some by "
            "id. Held and rejected reviews are hidden, never deleted; a person's decision stands unless the text "
            "changed.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--pending", action="store_true", help="reviews without a decision (default)")
        which.add_argument("--all", action="store_true", help="every review; unchanged ones are skipped unless --force")
        which.add_argument("--ids", help="comma-separated review ids")
        parser.add_argument("--force", action="store_true", help="check again even if the text did not change")
        parser.add_argument("--background", action="store_true", help="run as a job on the django-q2 worker")

    def handle(self, **options):
        if not get_adapter().has_reviews():
            raise CommandError('MARKETING_AI["REVIEW_MODEL"] is not set: this shop has no reviews to moderate.')
        params = {"force": options["force"]}
        if options["ids"]:
            params["review_ids"] = parse_id_list(options["ids"])
        elif not options["all"]:
            params["pending"] = True
        job = start_job("moderate_reviews", params, sync=not options["background"])
        if job.status == job.Status.FAILED:
            raise CommandError(f"{job}: {job.error.splitlines()[0] if job.error else 'failed'}")
        if options["background"]:
            self.stdout.write(f"Started {job}; follow it with: python manage.py marketing_ai jobs")
            return
        self.stdout.write(self.style.SUCCESS(job.message or str(job.result)))


class TrainModeration(Subcommand):
    name = "train-moderation"
    help = ("Train the moderation classifier from the moderators' publish/reject decisions. It serves only when "
            "there are enough decisions and it beats the rules on a holdout of them.")

    def add_arguments(self, parser):
        parser.add_argument("--min-decisions", type=int, help="override MODERATION_CLASSIFIER_MIN_DECISIONS")
        parser.add_argument("--schedule", action="store_true",
                            help="instead, (re)create the django-q2 schedule that retrains every "
                                 "MODERATION_RETRAIN_MINUTES")

    def handle(self, **options):
        if options["schedule"]:
            schedule = ensure_retrain_schedule()
            self.stdout.write(f"Retraining every {schedule.minutes} minutes." if schedule
                              else "Retraining schedule stopped (MODERATION_RETRAIN_MINUTES is None).")
            return
        record = train_classifier(min_decisions=options["min_decisions"])
        style = self.style.SUCCESS if record.is_active else self.style.WARNING
        self.stdout.write(style(f"{record}: {record.message}"))


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
