"""What each capability app adds to the core: job kinds, pipelines, schedules, subcommands, API routes.

A capability is a Django app whose ``AppConfig`` is a ``CapabilityConfig`` and declares what it
brings; the core asks ``installed_capabilities()`` and never names a capability itself. A shop that
leaves an app out of ``INSTALLED_APPS`` gets none of its tables, admin, checks, jobs or routes::

    class RecommendConfig(CapabilityConfig):
        name = "marketing_ai.recommend"
        label = "marketing_ai_recommend"
        job_kinds = {"train_recommender": JobKind("marketing_ai.recommend.training.run_train_job", _("Train"))}
        pipelines = [Pipeline("recommendations", "train_recommender")]
        schedules = {"marketing_ai: train recommendations": "marketing_ai.recommend.schedule.install_training_schedule"}
        subcommands = ["marketing_ai.recommend.cli"]
        api_routes = [("recommendations", "marketing_ai.recommend.api.RecommendationViewSet", "recommendation")]

Receivers are connected in the app's own ``ready()``.
"""

from dataclasses import dataclass, field

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class JobKind:
    """A kind of background job: the dotted path of its handler, a label for people, and its queue."""

    handler: str
    label: str
    gpu: bool = False


@dataclass(frozen=True)
class Pipeline:
    """One step of ``run-pipelines`` and the demo: a job kind with its parameters.

    ``requires`` names a ShopAdapter method that says whether this shop can run it (``"has_reviews"``);
    None means always.
    """

    name: str
    job_kind: str
    params: dict = field(default_factory=dict)
    requires: str | None = None


class CapabilityConfig(AppConfig):
    """An AppConfig that declares what the app adds to marketing_ai's core."""

    default_auto_field = "django.db.models.BigAutoField"
    #: {name: JobKind}
    job_kinds = {}
    #: [Pipeline], run in INSTALLED_APPS order
    pipelines = []
    #: {schedule name: dotted path of a function that creates or updates it (returns it, or None when off)}
    schedules = {}
    #: dotted paths of modules holding ``marketing_ai.cli.base.Subcommand`` classes
    subcommands = []
    #: [(URL prefix, dotted path of a viewset, basename)] mounted under the host's marketing_ai.api.urls
    api_routes = []
    #: what this app needs from other marketing_ai apps, with why: {"marketing_ai.recommend": "..."}
    uses = {}


def installed_capabilities():
    """The installed capability apps, core first, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, CapabilityConfig)]


def job_kinds():
    kinds = {}
    for config in installed_capabilities():
        kinds.update(config.job_kinds)
    return kinds


def registered_job_kinds():
    """Every job kind: the installed apps' plus the host's own from MARKETING_AI["JOB_KINDS"]."""
    from marketing_ai.conf import app_settings

    kinds = job_kinds()
    for name, value in app_settings.JOB_KINDS.items():
        if isinstance(value, str):
            kinds[name] = JobKind(value, name)
        else:
            kinds[name] = JobKind(value["handler"], value.get("label", name), bool(value.get("gpu", False)))
    return kinds


def kind_label(kind):
    """A job kind's label for people (the kind itself when unknown)."""
    entry = registered_job_kinds().get(kind)
    return str(entry.label) if entry else kind


def pipelines():
    return [pipeline for config in installed_capabilities() for pipeline in config.pipelines]


def schedules():
    return {name: path for config in installed_capabilities() for name, path in config.schedules.items()}


def subcommand_modules():
    return [module for config in installed_capabilities() for module in config.subcommands]


def api_routes():
    return [route for config in installed_capabilities() for route in config.api_routes]
