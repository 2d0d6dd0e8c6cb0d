from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingAIConfig(AppConfig):
    name = "marketing_ai"
    label = "marketing_ai"
    verbose_name = _("Marketing AI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Nothing heavy here: connect receivers and register checks only.
        from marketing_ai import checks, signals  # noqa: F401

        signals.connect_shop_receivers()

        from django.db.models.signals import post_migrate

        from marketing_ai.schedules import install_schedules_after_migrate

        post_migrate.connect(install_schedules_after_migrate, sender=self,
                             dispatch_uid="marketing_ai.install_schedules")
