"""REST endpoints for the four kinds of recommendations. Validate, call serve, serialize."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from marketing_ai.api.views import MarketingAIViewMixin
from marketing_ai.interactions import recent_views
from marketing_ai.recommend import serve


class RecommendedProductSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    category = serializers.CharField(allow_null=True)
    url = serializers.CharField()
    image_url = serializers.CharField()


class RecommendationQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=serve.MAX_LIMIT, default=10)
    category = serializers.CharField(max_length=200, required=False)


class ProductQuerySerializer(serializers.Serializer):
    product = serializers.CharField(max_length=64, help_text=_("The product's id."))
    limit = serializers.IntegerField(min_value=1, max_value=serve.MAX_LIMIT, default=10)


LIST_PARAMETERS = [OpenApiParameter("limit", int, description="how many products (1-100)"),
                   OpenApiParameter("category", str, description="only this category")]
PRODUCT_PARAMETERS = [OpenApiParameter("product", str, required=True, description="the product's id"),
                      OpenApiParameter("limit", int, description="how many products (1-100)")]


class RecommendationViewSet(MarketingAIViewMixin, viewsets.GenericViewSet):
    """Recommended, similar, bought-together and trending products (available products only)."""

    serializer_class = RecommendedProductSerializer
    throttle_scope = "recommendations"
    action_permissions = {"for_me": None, "similar": None, "bought_together": None, "trending": None}

    def _respond(self, products):
        page = self.paginate_queryset(products)
        return self.get_paginated_response(RecommendedProductSerializer(page, many=True).data)

    def _query(self, serializer_class):
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(parameters=LIST_PARAMETERS, responses=RecommendedProductSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="for-me")
    def for_me(self, request):
        """For the signed-in customer, or for this browser session's recent views."""
        query = self._query(RecommendationQuerySerializer)
        return self._respond(serve.recommended_for(user=request.user, session_product_ids=recent_views(request),
                                                   limit=query["limit"], category=query.get("category")))

    @extend_schema(parameters=PRODUCT_PARAMETERS, responses=RecommendedProductSerializer(many=True))
    @action(detail=False, methods=["get"])
    def similar(self, request):
        """Products similar to ``product``."""
        query = self._query(ProductQuerySerializer)
        return self._respond(serve.similar_products(query["product"], limit=query["limit"]))

    @extend_schema(parameters=PRODUCT_PARAMETERS, responses=RecommendedProductSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="bought-together")
    def bought_together(self, request):
        """Products often ordered together with ``product``."""
        query = self._query(ProductQuerySerializer)
        return self._respond(serve.bought_together(query["product"], limit=query["limit"]))

    @extend_schema(parameters=LIST_PARAMETERS, responses=RecommendedProductSerializer(many=True))
    @action(detail=False, methods=["get"])
    def trending(self, request):
        """Products with the most recent interest."""
        query = self._query(RecommendationQuerySerializer)
        return self._respond(serve.trending(limit=query["limit"], category=query.get("category")))
