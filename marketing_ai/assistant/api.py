"""REST endpoints of the shop assistant: create a thread, post a message, read the history.

Signed-in customers own their threads; anonymous threads are bound to the browser session. Every unsafe
request made with a session (signed in or not) must carry the CSRF token, as the widget's does; token-
authenticated clients are exempt, as in DRF. Bodies and messages are size-limited with clear 4xx errors.
"""

import json

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authentication import CSRFCheck, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from marketing_ai.api.views import MarketingAIViewMixin
from marketing_ai.embeddings import EmbeddingsUnavailable
from marketing_ai.assistant import conversation
from marketing_ai.conf import app_settings
from marketing_ai.assistant.models import Message, Thread


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Request body too large.")
    default_code = "payload_too_large"


class EventStreamRenderer(BaseRenderer):
    """Lets clients ask for ``text/event-stream``; errors then arrive as one ``error`` event."""

    media_type = "text/event-stream"
    format = "event-stream"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from rest_framework.utils.encoders import JSONEncoder

        return f"event: error\ndata: {json.dumps(data, cls=JSONEncoder)}\n\n".encode()


class MessageSerializer(serializers.ModelSerializer):
    """One message of a thread, with the structured parts of assistant replies."""

    class Meta:
        model = Message
        fields = ["id", "role", "text", "parts", "intent", "answered", "created_at"]
        read_only_fields = fields


class ThreadSerializer(serializers.ModelSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta:
        model = Thread
        fields = ["id", "status", "created_at", "updated_at", "messages"]
        read_only_fields = fields


class PostMessageSerializer(serializers.Serializer):
    """A shopper's message; ``product_id`` is the product page it was asked from, if any."""

    text = serializers.CharField(help_text=gettext_lazy("The shopper's message."), trim_whitespace=True)
    product_id = serializers.CharField(max_length=64, required=False, allow_blank=True, allow_null=True,
                                       help_text=gettext_lazy("The product page the shopper is on."))

    def validate_text(self, value):
        try:
            return conversation.validate_text(value)
        except conversation.AssistantInputError as exc:
            raise serializers.ValidationError(str(exc)) from None


class ThreadViewSet(MarketingAIViewMixin, viewsets.GenericViewSet):
    """The shopper's conversations with the assistant."""

    serializer_class = ThreadSerializer
    throttle_scope = "assistant"
    action_permissions = {"create": None, "retrieve": None, "messages": None}
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    queryset = Thread.objects.none()
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, EventStreamRenderer]

    def initial(self, request, *args, **kwargs):
        self._refuse_large_body(request)
        super().initial(request, *args, **kwargs)
        self._enforce_csrf(request)

    def _refuse_large_body(self, request):
        limit = app_settings.ASSISTANT_MAX_BODY_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit or (request.method == "POST" and len(request.body) > limit):
            raise PayloadTooLarge(_("Request body too large: at most %(limit)d bytes.") % {"limit": limit})

    def _enforce_csrf(self, request):
        # DRF checks CSRF only for signed-in session users; anonymous threads live in the session too.
        if request.method in ("GET", "HEAD", "OPTIONS") or isinstance(request.successful_authenticator,
                                                                       TokenAuthentication):
            return
        check = CSRFCheck(lambda _request: None)
        check.process_request(request._request)
        reason = check.process_view(request._request, None, (), {})
        if reason:
            # DRF's CSRFCheck returns the reason as text instead of a 403 page.
            raise exceptions.PermissionDenied(_("CSRF failed: %(reason)s") % {"reason": reason})

    def _session_key(self, create=False):
        session = getattr(self.request, "session", None)
        if session is None:
            return ""
        if create and not session.session_key:
            session.save()
        return session.session_key or ""

    def _user(self):
        user = self.request.user
        return user if user.is_authenticated else None

    def get_object(self):
        thread = conversation.thread_for(self.kwargs["pk"], user=self._user(), session_key=self._session_key())
        if thread is None:
            raise exceptions.NotFound(_("No such conversation."))
        return thread

    @extend_schema(request=None, responses={201: ThreadSerializer})
    def create(self, request):
        """Start a conversation (owned by the signed-in customer, or bound to this browser session)."""
        thread = conversation.open_thread(user=self._user(), session_key=self._session_key(create=True))
        conversation.remember_in_session(getattr(request, "session", None), thread)
        return Response(ThreadSerializer(thread).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ThreadSerializer, 404: None})
    def retrieve(self, request, pk=None):
        """The conversation and its history, staff replies included."""
        return Response(ThreadSerializer(self.get_object()).data)

    @extend_schema(
        request=PostMessageSerializer,
        responses={201: inline_serializer("AssistantReply", {"thread": serializers.DictField(),
                                                             "reply": MessageSerializer()}),
                   400: None, 404: None, 409: None, 413: None, 429: None, 503: None},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, pk=None):
        """Send a message and get the assistant's structured reply.

        With ``Accept: text/event-stream`` the reply comes as server-sent events (``reply`` then ``done``).
        """
        thread = self.get_object()
        serializer = PostMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product_id = serializer.validated_data.get("product_id") or None
        try:
            reply = conversation.post_message(thread, serializer.validated_data["text"], user=self._user(),
                                              product_id=product_id)
        except conversation.AssistantInputError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except EmbeddingsUnavailable:
            # A deployment without the [ml] extra: say so instead of a bare 500 (system check W403 warns too).
            return Response({"detail": _("The assistant is not available right now.")},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE)
        thread.refresh_from_db(fields=["status"])
        data = {"thread": {"id": str(thread.pk), "status": thread.status}, "reply": MessageSerializer(reply).data}
        if "text/event-stream" in request.META.get("HTTP_ACCEPT", ""):
            return self._stream(data)
        return Response(data, status=status.HTTP_201_CREATED)

    def _stream(self, data):
        from rest_framework.utils.encoders import JSONEncoder

        def events():
            # The reply's words first (for a typing effect), then the whole structured reply.
            for word in data["reply"]["text"].split(" "):
                yield f"event: token\ndata: {json.dumps(word + ' ')}\n\n"
            yield f"event: reply\ndata: {json.dumps(data, cls=JSONEncoder)}\n\n"
            yield "event: done\ndata: {}\n\n"

        response = StreamingHttpResponse(events(), content_type="text/event-stream", status=201)
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response
