from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import CapabilityConfig, JobKind, Pipeline


class CopywritingConfig(CapabilityConfig):
    """The product copy studio: drafts from product attributes, reviewed by a person, then published."""

    default = True  # the one config of this module (CapabilityConfig is imported here too)
    name = "marketing_ai.copywriting"
    label = "marketing_ai_copywriting"
    verbose_name = _("Marketing AI: product copy")
    job_kinds = {
        "generate_copy": JobKind("marketing_ai.copywriting.bulk.run_generate_copy_job", _("Generate product copy")),
    }
    # Drafts only, for a sample of products that have none yet: a person approves and publishes.
    pipelines = [Pipeline("copy", "generate_copy", params={
        "all": True, "limit": 20, "skip_existing": True, "kinds": ["description", "seo_title", "meta_description"],
        "language": "en", "tone": "friendly"})]
    subcommands = ["marketing_ai.copywriting.cli"]
    api_routes = [("copy-drafts", "marketing_ai.copywriting.api.CopyDraftViewSet", "copy-draft")]

    def ready(self):
        from marketing_ai.copywriting import checks, hooks  # noqa: F401

        hooks.connect_product_receiver()
