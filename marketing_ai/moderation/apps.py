from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import CapabilityConfig, JobKind, Pipeline


class ModerationConfig(CapabilityConfig):
    """Review moderation: rules, a shipped profanity model and a classifier that learns from moderators."""

    default = True  # the one config of this module (CapabilityConfig is imported here too)
    name = "marketing_ai.moderation"
    label = "marketing_ai_moderation"
    verbose_name = _("Marketing AI: review moderation")
    job_kinds = {
        "moderate_reviews": JobKind("marketing_ai.moderation.service.run_moderation_job", _("Moderate reviews")),
        "train_moderation_classifier": JobKind("marketing_ai.moderation.classifier.run_train_job",
                                               _("Train the review moderation classifier")),
    }
    pipelines = [Pipeline("moderation", "moderate_reviews", {"pending": True}, requires="has_reviews")]
    schedules = {"marketing_ai: retrain moderation classifier":
                 "marketing_ai.moderation.classifier.ensure_retrain_schedule"}
    subcommands = ["marketing_ai.moderation.cli"]
    api_routes = [("moderation", "marketing_ai.moderation.api.ModerationViewSet", "moderation")]

    def ready(self):
        from marketing_ai.moderation import checks, hooks  # noqa: F401

        hooks.connect_review_receiver()
