"""Admin of the demo shop's own models (marketing_ai registers its records itself)."""

from decimal import Decimal

from django.contrib import admin
from django.db.models import Count, DecimalField, F, Sum
from django.db.models.functions import Coalesce
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from demo_shop.models import Category, Order, OrderLine, Product, Review
from marketing_ai.moderation.admin import ReviewModerationAdminMixin
from marketing_ai.copywriting.admin import ProductCopyAdminMixin

CENT = Decimal("0.01")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "product_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_product_count=Count("products"))

    @admin.display(description=_("products"), ordering="_product_count")
    def product_count(self, obj):
        return obj._product_count


@admin.register(Product)
class ProductAdmin(ProductCopyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sku", "category", "price", "stock", "is_active", "created_at"]
    list_filter = ["is_active", "category", "created_at"]
    list_editable = ["price", "stock", "is_active"]
    list_select_related = ["category"]
    search_fields = ["name", "sku", "description"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", "category", "price", "stock", "is_active"]}),
        (_("Text"), {"fields": ["short_description", "description", "seo_title", "meta_description"]}),
        (_("Attributes and media"), {"fields": ["attributes", "image_url", "created_at"]}),
    ]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "email", "status", "created_at", "order_total"]
    list_filter = ["status", "created_at"]
    search_fields = ["number", "email", "customer__username"]
    raw_id_fields = ["customer"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline]

    def get_queryset(self, request):
        money = DecimalField(max_digits=12, decimal_places=2)
        total = Coalesce(Sum(F("lines__unit_price") * F("lines__quantity"), output_field=money), 0, output_field=money)
        return super().get_queryset(request).select_related("customer").annotate(_total=total)

    @admin.display(description=_("total"), ordering="_total")
    def order_total(self, obj):
        # SQLite sums decimals as floats: round back to cents for display.
        return Decimal(obj._total).quantize(CENT)


@admin.register(Review)
class ReviewAdmin(ReviewModerationAdminMixin, admin.ModelAdmin):
    list_display = ["short_text", "product", "author", "rating", "is_public", "created_at"]
    list_filter = ["is_public", "rating", "created_at"]
    search_fields = ["title", "body", "product__name", "author__username"]
    list_select_related = ["product", "author"]
    autocomplete_fields = ["product"]
    raw_id_fields = ["author"]
    actions = ["publish", "hide"]

    @admin.display(description=_("review"))
    def short_text(self, obj):
        return Truncator(obj.title or obj.body).chars(60)

    @admin.action(description=_("Show selected reviews in the shop"))
    def publish(self, request, queryset):
        self._set_public(request, queryset, True)

    @admin.action(description=_("Hide selected reviews from the shop"))
    def hide(self, request, queryset):
        # Hidden, never deleted: a hidden review can be shown again.
        self._set_public(request, queryset, False)

    def _set_public(self, request, queryset, value):
        # save() per review, not update(), so that receivers on Review see the change.
        changed = 0
        for review in queryset.exclude(is_public=value):
            review.is_public = value
            review.save(update_fields=["is_public"])
            changed += 1
        self.message_user(request, ngettext("%(count)d review changed.", "%(count)d reviews changed.", changed)
                          % {"count": changed})
