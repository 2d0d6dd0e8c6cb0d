"""REST: moderate arbitrary text for other apps (nothing is stored), permission-checked and throttled."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from marketing_ai.api.views import MarketingAIViewMixin
from marketing_ai.conf import app_settings
from marketing_ai.moderation.service import ModerationError, moderate_text


class ModerateTextSerializer(serializers.Serializer):
    """A text to moderate, with what is known about it."""

    text = serializers.CharField(trim_whitespace=False, allow_blank=False,
                                 help_text=_("The text; at most MODERATION_API_MAX_CHARS characters."))
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", trim_whitespace=False)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True, default=None)
    product = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                    help_text=_("The product's id in the shop, for the off-topic check."))

    def validate_text(self, value):
        limit = app_settings.MODERATION_API_MAX_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(_("The text has %(length)d characters; at most %(limit)d are accepted.")
                                              % {"length": len(value), "limit": limit})
        return value


class ReasonSerializer(serializers.Serializer):
    check = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    score = serializers.FloatField()
    spans = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))


class ModerationResultSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["publish", "hold", "reject"])
    risk = serializers.FloatField()
    scores = serializers.DictField(child=serializers.FloatField())
    reasons = ReasonSerializer(many=True)
    text = serializers.CharField(help_text=_("The text as checked (normalised); spans index into it."))
    masked_text = serializers.CharField(allow_blank=True)
    truncated = serializers.BooleanField()
    pipeline_version = serializers.CharField()


class ModerationViewSet(MarketingAIViewMixin, viewsets.GenericViewSet):
    """Moderate a text the way a review would be: decision, risk, reasons with spans."""

    serializer_class = ModerateTextSerializer
    throttle_scope = "moderation"
    action_permissions = {"create": "marketing_ai_moderation.moderate_text"}

    @extend_schema(request=ModerateTextSerializer, responses={200: ModerationResultSerializer})
    def create(self, request):
        serializer = ModerateTextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = moderate_text(data["text"], title=data["title"], rating=data["rating"],
                                   product_id=data["product"] or None)
        except ModerationError as exc:
            raise serializers.ValidationError({"product": [str(exc)]}) from None
        payload = {**result.as_dict(), "text": result.text}
        return Response(ModerationResultSerializer(payload).data)
