"""REST for the copy studio: list and review drafts, request generation, export the feed."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketing_ai import jobs
from marketing_ai.api.serializers import JobSerializer
from marketing_ai.api.views import MarketingAIViewMixin
from marketing_ai.conf import app_settings
from marketing_ai.copywriting import feed, workflow
from marketing_ai.copywriting.forms import MAX_INSTRUCTIONS
from marketing_ai.copywriting.prompts import TONE_PRESETS
from marketing_ai.copywriting.workflow import CopyWorkflowError
from marketing_ai.copywriting.models import CopyDraft
from marketing_ai.shop import get_adapter

MAX_PRODUCTS = 500


class CopyDraftSerializer(serializers.ModelSerializer):
    """A draft with its text, status and grounding report (read-only: change it through the steps)."""

    class Meta:
        model = CopyDraft
        fields = ["id", "product_id", "product_title", "kind", "language", "tone", "text", "status", "grounded",
                  "grounding", "backend", "model_name", "prompt_version", "created_at", "approved_at",
                  "published_at", "rejected_at"]
        read_only_fields = fields


class GenerateCopySerializer(serializers.Serializer):
    """What to write, for which products."""

    product_ids = serializers.ListField(child=serializers.CharField(max_length=64), min_length=1,
                                        max_length=MAX_PRODUCTS)
    kinds = serializers.ListField(child=serializers.CharField(max_length=32), min_length=1, default=["description"])
    language = serializers.CharField(max_length=16, default="en")
    tone = serializers.ChoiceField(choices=list(TONE_PRESETS), default="professional")
    backend = serializers.CharField(max_length=32, required=False, allow_null=True, default=None)
    instructions = serializers.CharField(max_length=MAX_INSTRUCTIONS, required=False, allow_blank=True, default="")

    def validate_product_ids(self, value):
        found = get_adapter().existing_product_ids(value)
        missing = [pid for pid in value if pid not in found]
        if missing:
            raise serializers.ValidationError(_("unknown products: %(ids)s") % {"ids": ", ".join(missing[:20])})
        return value

    def validate(self, data):
        try:
            workflow.validate_options(data["kinds"], data["language"], data["tone"], data.get("backend"))
        except CopyWorkflowError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return data


class CopyDraftViewSet(MarketingAIViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Generated product copy and its review, for staff with the copy permissions."""

    serializer_class = CopyDraftSerializer
    throttle_scope = "copy"
    queryset = CopyDraft.objects.all()
    action_permissions = {
        "list": "marketing_ai_copywriting.view_copydraft",
        "retrieve": "marketing_ai_copywriting.view_copydraft",
        "generate": "marketing_ai_copywriting.generate_copy",
        "approve": "marketing_ai_copywriting.approve_copy",
        "reject": "marketing_ai_copywriting.approve_copy",
        "publish": "marketing_ai_copywriting.publish_copy",
        "restore": "marketing_ai_copywriting.publish_copy",
        "feed": "marketing_ai_copywriting.view_copydraft",
    }

    def get_queryset(self):
        qs = super().get_queryset()
        for name in ("product_id", "kind", "language", "status"):
            value = self.request.query_params.get(name)
            if value:
                qs = qs.filter(**{name: value})
        return qs

    @extend_schema(request=GenerateCopySerializer, responses={202: JobSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        """Start a job that writes drafts (never published by itself)."""
        serializer = GenerateCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = jobs.start_job("generate_copy", dict(serializer.validated_data), user=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    def _step(self, request, function):
        draft = self.get_object()
        try:
            draft = function(draft, request.user)
        except CopyWorkflowError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(CopyDraftSerializer(draft).data)

    @extend_schema(request=None, responses={200: CopyDraftSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """draft -> approved."""
        return self._step(request, workflow.approve)

    @extend_schema(request=None, responses={200: CopyDraftSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """draft or approved -> rejected (kept, never deleted)."""
        return self._step(request, workflow.reject)

    @extend_schema(request=None, responses={200: CopyDraftSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """approved -> published: written to the shop, the replaced text kept."""
        return self._step(request, workflow.publish)

    @extend_schema(request=None, responses={200: CopyDraftSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Undo a publish, or bring back an earlier published version."""
        return self._step(request, workflow.restore)

    @extend_schema(parameters=[OpenApiParameter("feed_format", str, enum=["csv", "xml"]),
                               OpenApiParameter("language", str)], responses={(200, "text/csv"): str})
    @action(detail=False, methods=["get"])
    def feed(self, request):
        """The product feed with published copy, as CSV or Google-Merchant-style XML."""
        feed_format = request.query_params.get("feed_format", "csv")
        language = request.query_params.get("language", "en")
        if feed_format not in ("csv", "xml") or language not in app_settings.COPY_LANGUAGES:
            return Response({"detail": _("feed_format must be csv or xml, language one of %(languages)s") % {
                "languages": ", ".join(app_settings.COPY_LANGUAGES)}}, status=status.HTTP_400_BAD_REQUEST)
        base_url = app_settings.COPY_FEED_BASE_URL or request.build_absolute_uri("/")
        if feed_format == "xml":
            body, content_type = feed.feed_xml(language, base_url), "application/xml; charset=utf-8"
        else:
            body, content_type = feed.feed_csv(language, base_url), "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="products-{language}.{feed_format}"'
        return response
