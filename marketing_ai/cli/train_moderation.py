from marketing_ai.cli.base import Subcommand
from marketing_ai.moderation.classifier import ensure_retrain_schedule, train_classifier


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
