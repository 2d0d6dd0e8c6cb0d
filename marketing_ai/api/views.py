"""API views. Each one validates, calls a service and serializes: no business logic here."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marketing_ai import jobs
from marketing_ai.api.pagination import MarketingAIPagination
from marketing_ai.api.permissions import HasActionPermission
from marketing_ai.api.serializers import EventSerializer, InteractionSerializer, JobSerializer
from marketing_ai.api.throttling import MarketingAIIPThrottle, MarketingAIScopedThrottle
from marketing_ai.conf import app_settings
from marketing_ai.interactions import record_event, remember_view
from marketing_ai.models import Interaction, Job


class MarketingAIViewMixin:
    """Authentication, permissions, throttling and paging shared by every marketing_ai view."""

    permission_classes = [HasActionPermission]
    throttle_classes = [MarketingAIScopedThrottle, MarketingAIIPThrottle]
    pagination_class = MarketingAIPagination

    def get_authenticators(self):
        return [cls() for cls in app_settings.API_AUTHENTICATION_CLASSES]


class EventViewSet(MarketingAIViewMixin, viewsets.GenericViewSet):
    """Shopper events sent by the storefront's JavaScript (views, add to cart, custom types)."""

    serializer_class = EventSerializer
    throttle_scope = "events"
    action_permissions = {"create": None, "list": None}

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated:
            return Interaction.objects.filter(user=user)
        session = getattr(self.request, "session", None)
        key = session.session_key if session is not None else None
        return Interaction.objects.filter(user=None, session_key=key) if key else Interaction.objects.none()

    @extend_schema(responses={201: InteractionSerializer})
    def create(self, request):
        serializer = EventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user if request.user.is_authenticated else None
        session_key = ""
        session = getattr(request, "session", None)
        if user is None and session is not None:
            if not session.session_key:
                session.save()
            session_key = session.session_key
        if data["type"] == "view":
            remember_view(request, data["product"])
        interaction = record_event(
            data["product"], data["type"], user=user, session_key=session_key, quantity=data["quantity"],
            source=Interaction.Source.API,
        )
        return Response(InteractionSerializer(interaction).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=InteractionSerializer(many=True))
    def list(self, request):
        """The caller's own recent events (signed-in customer, or this browser session)."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InteractionSerializer(page, many=True).data)


class JobViewSet(MarketingAIViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs and their progress, for staff."""

    serializer_class = JobSerializer
    throttle_scope = "jobs"
    queryset = Job.objects.select_related("created_by")
    action_permissions = {
        "list": "marketing_ai.view_job",
        "retrieve": "marketing_ai.view_job",
        "rerun": "marketing_ai.run_job",
        "cancel": "marketing_ai.run_job",
    }

    def get_queryset(self):
        qs = super().get_queryset()
        for name in ("kind", "status"):
            value = self.request.query_params.get(name)
            if value:
                qs = qs.filter(**{name: value})
        return qs

    @extend_schema(request=None, responses={202: JobSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        """Run a failed, cancelled or stalled job again."""
        job = self.get_object()
        if not jobs.rerun_job(job):
            return Response({"detail": _("Only failed, cancelled or stalled jobs can be re-run.")},
                            status=status.HTTP_409_CONFLICT)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: JobSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Ask a queued or running job to stop."""
        job = self.get_object()
        if not jobs.cancel_job(job):
            return Response({"detail": _("Only queued or running jobs can be cancelled.")},
                            status=status.HTTP_409_CONFLICT)
        job.refresh_from_db()
        return Response(JobSerializer(job).data)
