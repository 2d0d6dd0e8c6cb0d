from django.utils.translation import gettext_lazy as _

from marketing_ai.capabilities import CapabilityConfig


class AssistantConfig(CapabilityConfig):
    """The shop assistant: chat endpoints and a widget answering from the catalogue, orders and FAQ."""

    default = True  # the one config of this module (CapabilityConfig is imported here too)
    name = "marketing_ai.assistant"
    label = "marketing_ai_assistant"
    verbose_name = _("Marketing AI: shop assistant")
    subcommands = ["marketing_ai.assistant.cli"]
    api_routes = [("assistant/threads", "marketing_ai.assistant.api.ThreadViewSet", "assistant-thread")]
    uses = {"marketing_ai.recommend": _("personal recommendations in answers (\"what would you recommend?\")")}

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from marketing_ai.assistant import checks  # noqa: F401
        from marketing_ai.assistant.conversation import claim_session_threads

        # Keep a shopper's anonymous conversation when they sign in.
        user_logged_in.connect(claim_session_threads, dispatch_uid="marketing_ai.assistant_claim_threads")
