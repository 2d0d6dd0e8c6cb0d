from marketing_ai.cli.base import Subcommand
from marketing_ai.moderation.classifier import train_classifier


class TrainModeration(Subcommand):
    name = "train-moderation"
    help = ("Train the moderation classifier from the moderators' publish/reject decisions. It serves only when "
            "there are enough decisions and it beats the rules on a holdout of them.")

    def add_arguments(self, parser):
        parser.add_argument("--min-decisions", type=int, help="override MODERATION_CLASSIFIER_MIN_DECISIONS")

    def handle(self, **options):
        record = train_classifier(min_decisions=options["min_decisions"])
        style = self.style.SUCCESS if record.is_active else self.style.WARNING
        self.stdout.write(style(f"{record}: {record.message}"))
