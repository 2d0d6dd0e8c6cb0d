from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import CapabilityConfig, JobKind, Pipeline


class RecommendConfig(CapabilityConfig):
    """Recommendations: models trained on the interaction log, precomputed lists, tags and REST."""

    default = True  # the one config of this module (CapabilityConfig is imported here too)
    name = "marketing_ai.recommend"
    label = "marketing_ai_recommend"
    verbose_name = _("Marketing AI: recommendations")
    job_kinds = {
        "train_recommender": JobKind("marketing_ai.recommend.training.run_train_job", _("Train recommendations"),
                                     gpu=True),
    }
    pipelines = [Pipeline("recommendations", "train_recommender")]
    schedules = {"marketing_ai: train recommendations": "marketing_ai.recommend.schedule.install_training_schedule"}
    subcommands = ["marketing_ai.recommend.cli"]
    api_routes = [("recommendations", "marketing_ai.recommend.api.RecommendationViewSet", "recommendation")]

    def ready(self):
        from marketing_ai.recommend import checks  # noqa: F401
