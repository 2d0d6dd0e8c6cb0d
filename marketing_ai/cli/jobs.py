from django.core.management.base import CommandError

from marketing_ai import jobs
from marketing_ai.cli.base import Subcommand
from marketing_ai.models import Job


class Jobs(Subcommand):
    name = "jobs"
    help = "List background jobs, or re-run a failed or stalled one."

    def add_arguments(self, parser):
        parser.add_argument("--rerun", type=int, metavar="ID", help="re-run this failed, cancelled or stalled job")
        parser.add_argument("--limit", type=int, default=20)

    def handle(self, **options):
        if options["rerun"]:
            job = Job.objects.filter(pk=options["rerun"]).first()
            if job is None:
                raise CommandError(f"no job {options['rerun']}")
            if not jobs.rerun_job(job):
                raise CommandError(f"job {job.pk} is {job.status}; only failed, cancelled or stalled jobs can be re-run")
            job.refresh_from_db()
            self.stdout.write(f"job {job.pk} is {job.status}")
            return
        for job in Job.objects.all()[: options["limit"]]:
            stalled = " (stalled)" if job.is_stalled else ""
            self.stdout.write(f"{job.pk:>6}  {job.kind:<20} {job.status:<10}{stalled} {job.progress:>3}%  {job.message}")
