"""Serializers: validation at the edge of the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketing_ai.interactions import MAX_QUANTITY, validate_event_type
from marketing_ai.capabilities import kind_label
from marketing_ai.models import Interaction, Job
from marketing_ai.shop import get_adapter


class EventSerializer(serializers.Serializer):
    """A client-side shopper event."""

    product = serializers.CharField(max_length=64, help_text=_("The product's id in the shop."))
    type = serializers.CharField(max_length=32, help_text=_("Event type, e.g. view, add_to_cart, purchase."))
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)

    def validate_type(self, value):
        if value == "purchase":
            # Purchases come from orders, where they can be trusted; a browser could claim anything.
            raise serializers.ValidationError(_("purchases are recorded from orders, not from the browser"))
        try:
            return validate_event_type(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_product(self, value):
        if get_adapter().get_product(value) is None:
            raise serializers.ValidationError(_("unknown product %(id)r") % {"id": value})
        return value


class InteractionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interaction
        fields = ["id", "product_id", "event_type", "quantity", "occurred_at", "source"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    stalled = serializers.BooleanField(source="is_stalled", read_only=True)
    created_by = serializers.StringRelatedField()

    class Meta:
        model = Job
        fields = [
            "id", "kind", "kind_label", "status", "progress", "message", "error", "result", "attempts",
            "created_by", "created_at", "started_at", "finished_at", "stalled",
        ]
        read_only_fields = fields

    def get_kind_label(self, job) -> str:
        return kind_label(job.kind)
