"""Mount with ``path("api/marketing-ai/", include("marketing_ai.api.urls"))``.

One router: the core's routes (events, jobs) and those of every installed capability app
(``CapabilityConfig.api_routes``).
"""

from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from marketing_ai.capabilities import api_routes

app_name = "marketing_ai_api"

router = DefaultRouter()
for prefix, viewset, basename in api_routes():
    router.register(prefix, import_string(viewset), basename=basename)


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
