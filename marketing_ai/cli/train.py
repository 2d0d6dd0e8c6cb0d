from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand


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
        from marketing_ai.models import RecommenderRun
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
