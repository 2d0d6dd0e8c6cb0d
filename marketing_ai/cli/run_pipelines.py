from django.core.management.base import CommandError

from marketing_ai import pipelines
from marketing_ai.capabilities import pipelines as declared_pipelines
from marketing_ai.cli.base import Subcommand


class RunPipelines(Subcommand):
    name = "run-pipelines"
    help = "Run every pipeline of the installed apps (purchases from orders, training, moderation, copy ...) as jobs."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=[p.name for p in declared_pipelines()],
                            help="run only this pipeline (repeatable)")
        parser.add_argument("--background", action="store_true",
                            help="hand the jobs to the django-q2 worker instead of running them here")

    def handle(self, **options):
        results = pipelines.run_pipelines(only=options["only"], sync=not options["background"],
                                          report=lambda line: self.stdout.write(line))
        failed = [job for job in results if job.status == job.Status.FAILED]
        if failed:
            raise CommandError("; ".join(f"{job}: {job.error.splitlines()[0] if job.error else 'failed'}" for job in failed))
