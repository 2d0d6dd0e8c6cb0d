from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand, parse_id_list
from marketing_ai.jobs import start_job
from marketing_ai.shop import get_adapter


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
