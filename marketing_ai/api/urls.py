"""Mount with ``path("api/marketing-ai/", include("marketing_ai.api.urls"))``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from marketing_ai.api import copy as copy_api
from marketing_ai.api import assistant, recommend, views
from marketing_ai.api.moderation import ModerationViewSet

app_name = "marketing_ai_api"

router = DefaultRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("jobs", views.JobViewSet, basename="job")
router.register("moderation", ModerationViewSet, basename="moderation")
router.register("recommendations", recommend.RecommendationViewSet, basename="recommendation")
router.register("copy-drafts", copy_api.CopyDraftViewSet, basename="copy-draft")
router.register("assistant/threads", assistant.ThreadViewSet, basename="assistant-thread")


class MarketingAISchemaView(SpectacularAPIView):
    """The OpenAPI schema of this API alone, with paths under wherever the host mounted it."""

    def get(self, request, *args, **kwargs):
        prefix = request.path[: -len("schema/")].lstrip("/") if request.path.endswith("schema/") else ""
        self.patterns = [path(prefix, include((router.urls, app_name)))]
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("schema/", MarketingAISchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="marketing_ai_api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="marketing_ai_api:schema"), name="redoc"),
    *router.urls,
]
