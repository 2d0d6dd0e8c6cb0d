from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import CapabilityConfig, JobKind, Pipeline


class MarketingAIConfig(CapabilityConfig):
    """The core: settings, the shop adapter, jobs, the interaction log, the API base, the command."""

    default = True  # the one config of this module (CapabilityConfig is imported here too)
    name = "marketing_ai"
    label = "marketing_ai"
    verbose_name = _("Marketing AI")
    job_kinds = {
        "import_events": JobKind("marketing_ai.backfill.run_import_job", _("Import events")),
        "sync_orders": JobKind("marketing_ai.interactions.run_sync_orders_job", _("Record purchases from orders")),
        "run_pipelines": JobKind("marketing_ai.pipelines.run_pipelines_job", _("Run all pipelines")),
    }
    pipelines = [Pipeline("purchases", "sync_orders", requires="has_orders")]
    subcommands = ["marketing_ai.cli.import_events", "marketing_ai.cli.sync_orders", "marketing_ai.cli.run_pipelines",
                   "marketing_ai.cli.jobs"]
    api_routes = [
        ("events", "marketing_ai.api.views.EventViewSet", "event"),
        ("jobs", "marketing_ai.api.views.JobViewSet", "job"),
    ]

    def ready(self):
        # Nothing heavy here: connect receivers and register checks only.
        from marketing_ai import checks, signals  # noqa: F401
        from marketing_ai.schedules import install_schedules_after_migrate

        signals.connect_order_receivers()
        post_migrate.connect(install_schedules_after_migrate, sender=self,
                             dispatch_uid="marketing_ai.install_schedules")
