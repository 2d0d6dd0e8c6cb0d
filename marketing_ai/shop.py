"""The shop adapter: the only code in marketing_ai that knows the host shop's models.

The default ``ShopAdapter`` is configured by model labels and field names in ``MARKETING_AI``.
A shop whose models do not fit subclasses it and names the subclass in
``MARKETING_AI["SHOP_ADAPTER"]``; everything else in the app goes through ``get_adapter()``.
Values leave the adapter as plain Python (``ProductData``, ``OrderLineData``) so that backends
never touch Django models.
"""

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.core.signals import setting_changed

from marketing_ai.conf import app_settings


@dataclass(frozen=True)
class ProductData:
    """A product as the app's services and backends see it."""

    id: str
    title: str
    description: str = ""
    attributes: dict = field(default_factory=dict)
    price: Decimal | None = None
    category: str | None = None
    available: bool = True
    url: str = ""
    image_url: str = ""


@dataclass(frozen=True)
class OrderLineData:
    id: str
    product_id: str
    quantity: int
    price: Decimal | None = None


@dataclass(frozen=True)
class OrderData:
    id: str
    customer_id: str | None
    created: object
    paid: bool
    lines: tuple = ()
    number: str = ""


@dataclass(frozen=True)
class ReviewData:
    id: str
    product_id: str
    author_id: str | None
    rating: int | None
    title: str
    text: str
    created: object = None


class ShopAdapter:
    """Maps the host shop's models onto what marketing_ai needs.

    Override any method in a subclass; each one is small on purpose.
    """

    # --- configuration ---------------------------------------------------------------------

    def _model(self, setting_name):
        label = app_settings.raw(setting_name)
        if not label:
            raise ImproperlyConfigured(
                f'MARKETING_AI["{setting_name}"] is not set; name the model as "app_label.ModelName".'
            )
        try:
            return apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise ImproperlyConfigured(f'MARKETING_AI["{setting_name}"]: unknown model {label!r}.') from exc

    @property
    def product_model(self):
        return self._model("PRODUCT_MODEL")

    @property
    def order_model(self):
        return self._model("ORDER_MODEL")

    @property
    def order_line_model(self):
        return self._model("ORDER_LINE_MODEL")

    @property
    def review_model(self):
        return self._model("REVIEW_MODEL")

    @property
    def customer_model(self):
        return get_user_model()

    def has_orders(self):
        return bool(app_settings.raw("ORDER_MODEL") and app_settings.raw("ORDER_LINE_MODEL"))

    def has_reviews(self):
        return bool(app_settings.raw("REVIEW_MODEL"))

    @staticmethod
    def _get(obj, field_name, default=None):
        if not field_name:
            return default
        value = obj
        for part in field_name.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return default
        return value

    # --- products ------------------------------------------------------------------------------

    def product_queryset(self, available_only=False):
        qs = self.product_model._default_manager.all()
        available = app_settings.PRODUCT_FIELDS.get("available")
        if available_only and available:
            qs = qs.filter(**{available: True})
        return qs

    def product_id(self, product):
        return str(product.pk)

    def parse_product_id(self, value):
        """Turn an id from outside (CSV, REST) into the product's pk value, or raise ValueError."""
        pk_field = self.product_model._meta.pk
        try:
            return pk_field.to_python(str(value).strip())
        except Exception as exc:  # ValidationError and friends
            raise ValueError(f"not a valid product id: {value!r}") from exc

    def get_product(self, product_id):
        """The host's product instance, or None."""
        try:
            pk = self.parse_product_id(product_id)
            return self.product_queryset().get(pk=pk)
        except (ValueError, ObjectDoesNotExist):
            return None

    def existing_product_ids(self, product_ids):
        """The subset of ``product_ids`` (strings) that exist, as strings."""
        pks = []
        for value in product_ids:
            try:
                pks.append(self.parse_product_id(value))
            except ValueError:
                continue
        found = self.product_queryset().filter(pk__in=pks).values_list("pk", flat=True)
        return {str(pk) for pk in found}

    def product_title(self, product):
        return str(self._get(product, app_settings.PRODUCT_FIELDS.get("title"), "") or product)

    def product_description(self, product):
        return str(self._get(product, app_settings.PRODUCT_FIELDS.get("description"), "") or "")

    def product_attributes(self, product):
        value = self._get(product, app_settings.PRODUCT_FIELDS.get("attributes"), {})
        return dict(value) if isinstance(value, dict) else {}

    def product_price(self, product):
        value = self._get(product, app_settings.PRODUCT_FIELDS.get("price"))
        return Decimal(str(value)) if value is not None else None

    def product_category(self, product):
        value = self._get(product, app_settings.PRODUCT_FIELDS.get("category"))
        return str(value) if value is not None else None

    def product_available(self, product):
        name = app_settings.PRODUCT_FIELDS.get("available")
        return bool(self._get(product, name, True)) if name else True

    def product_url(self, product):
        name = app_settings.PRODUCT_FIELDS.get("url")
        if name:
            return str(self._get(product, name, "") or "")
        get_url = getattr(product, "get_absolute_url", None)
        return get_url() if get_url else ""

    def product_image_url(self, product):
        value = self._get(product, app_settings.PRODUCT_FIELDS.get("image"))
        if value is None:
            return ""
        return getattr(value, "url", None) or str(value)

    def product_data(self, product):
        """Everything about a product, as a ``ProductData``."""
        return ProductData(
            id=self.product_id(product),
            title=self.product_title(product),
            description=self.product_description(product),
            attributes=self.product_attributes(product),
            price=self.product_price(product),
            category=self.product_category(product),
            available=self.product_available(product),
            url=self.product_url(product),
            image_url=self.product_image_url(product),
        )

    def iter_products(self, available_only=False, batch_size=500):
        """Stream ``ProductData`` for the whole catalogue."""
        qs = self.product_queryset(available_only=available_only)
        category = app_settings.PRODUCT_FIELDS.get("category")
        if category and self._is_relation(self.product_model, category):
            qs = qs.select_related(category.split("__")[0])
        for product in qs.order_by("pk").iterator(chunk_size=batch_size):
            yield self.product_data(product)

    def _is_relation(self, model, field_name):
        try:
            return model._meta.get_field(field_name.split("__")[0]).is_relation
        except FieldDoesNotExist:
            return False

    # --- writing copy back -----------------------------------------------------------------------

    def copy_field(self, kind):
        """The product field a kind of copy is published to, or None if the shop has none."""
        return app_settings.COPY_FIELD_MAP.get(kind)

    def read_product_text(self, product, kind):
        name = self.copy_field(kind)
        return str(self._get(product, name, "") or "") if name else ""

    def write_product_text(self, product, kind, text):
        """Write published copy to the product; returns the text it replaced."""
        name = self.copy_field(kind)
        if not name:
            raise ImproperlyConfigured(
                f'No product field is mapped for copy kind {kind!r}; add it to MARKETING_AI["COPY_FIELD_MAP"].'
            )
        previous = self.read_product_text(product, kind)
        setattr(product, name, text)
        product.save(update_fields=[name])
        return previous

    # --- customers -------------------------------------------------------------------------------

    def customer_id(self, user):
        return str(user.pk) if user is not None and getattr(user, "is_authenticated", False) else None

    def resolve_customers(self, values):
        """Map many external references at once: {value: user_pk}."""
        lookup = app_settings.CUSTOMER_LOOKUP_FIELD
        model = self.customer_model
        cleaned = {}
        for value in values:
            value = str(value).strip()
            if not value:
                continue
            try:
                cleaned[value] = model._meta.pk.to_python(value) if lookup == "pk" else value
            except Exception:
                continue
        field_name = "pk" if lookup == "pk" else lookup
        rows = model._default_manager.filter(**{f"{field_name}__in": list(cleaned.values())})
        by_key = {str(getattr(row, field_name)): row.pk for row in rows}
        return {value: by_key[str(key)] for value, key in cleaned.items() if str(key) in by_key}

    # --- orders ------------------------------------------------------------------------------------

    def order_is_paid(self, order):
        name = app_settings.ORDER_FIELDS.get("status")
        if not name:
            return True
        value = self._get(order, name)
        if isinstance(value, bool):
            return value
        return value in app_settings.PAID_ORDER_STATUSES

    def order_customer_id(self, order):
        name = app_settings.ORDER_FIELDS.get("customer")
        customer = self._get(order, name)
        if customer is None:
            return None
        return str(getattr(customer, "pk", customer))

    def order_lines(self, order):
        fields = app_settings.ORDER_LINE_FIELDS
        related = self._lines_for(order)
        lines = []
        for line in related:
            product_field = fields["product"]
            product_id = getattr(line, f"{product_field}_id", None)
            if product_id is None:
                product = self._get(line, product_field)
                product_id = getattr(product, "pk", product)
            if product_id is None:
                continue
            lines.append(
                OrderLineData(
                    id=str(line.pk),
                    product_id=str(product_id),
                    quantity=int(self._get(line, fields.get("quantity"), 1) or 1),
                    price=self._get(line, fields.get("price")),
                )
            )
        return tuple(lines)

    def _lines_for(self, order):
        order_field = app_settings.ORDER_LINE_FIELDS["order"]
        return self.order_line_model._default_manager.filter(**{order_field: order}).order_by("pk")

    def order_data(self, order):
        fields = app_settings.ORDER_FIELDS
        return OrderData(
            id=str(order.pk),
            customer_id=self.order_customer_id(order),
            created=self._get(order, fields.get("created")),
            paid=self.order_is_paid(order),
            lines=self.order_lines(order),
            number=str(self._get(order, fields.get("number"), "") or ""),
        )

    def orders_for_customer(self, user):
        """The user's own orders, newest first. Only ever filtered by the owner."""
        customer = app_settings.ORDER_FIELDS.get("customer")
        if user is None or not getattr(user, "is_authenticated", False):
            return self.order_model._default_manager.none()
        qs = self.order_model._default_manager.filter(**{customer: user})
        created = app_settings.ORDER_FIELDS.get("created")
        return qs.order_by(f"-{created}") if created else qs.order_by("-pk")

    def iter_orders(self, batch_size=500):
        """Stream ``OrderData`` for every order."""
        for order in self.order_model._default_manager.order_by("pk").iterator(chunk_size=batch_size):
            yield self.order_data(order)

    def watched_order_models(self):
        """Models whose saves may complete a purchase (connected in AppConfig.ready)."""
        if not self.has_orders():
            return []
        return [self.order_model, self.order_line_model]

    def order_for_instance(self, instance):
        """The order a saved instance of a watched model belongs to."""
        if isinstance(instance, self.order_model):
            return instance
        return self._get(instance, app_settings.ORDER_LINE_FIELDS["order"])

    # --- reviews -----------------------------------------------------------------------------------

    def review_data(self, review):
        fields = app_settings.REVIEW_FIELDS
        product_field = fields["product"]
        product_id = getattr(review, f"{product_field}_id", None)
        author_field = fields.get("author")
        author_id = getattr(review, f"{author_field}_id", None) if author_field else None
        rating = self._get(review, fields.get("rating"))
        return ReviewData(
            id=str(review.pk),
            product_id=str(product_id),
            author_id=str(author_id) if author_id is not None else None,
            rating=int(rating) if rating is not None else None,
            title=str(self._get(review, fields.get("title"), "") or ""),
            text=str(self._get(review, fields.get("text"), "") or ""),
            created=self._get(review, fields.get("created")),
        )

    def set_review_visible(self, review, visible):
        """Show or hide a review on the storefront. Never deletes."""
        name = app_settings.REVIEW_FIELDS.get("visible")
        if not name:
            raise ImproperlyConfigured('MARKETING_AI["REVIEW_FIELDS"]["visible"] is needed to hide reviews.')
        setattr(review, name, bool(visible))
        review.save(update_fields=[name])

    def review_queryset(self):
        return self.review_model._default_manager.all()

    def get_review(self, review_id):
        """The host's review instance, or None."""
        try:
            pk = self.review_model._meta.pk.to_python(str(review_id).strip())
            return self.review_queryset().get(pk=pk)
        except (ValidationError, ValueError, ObjectDoesNotExist):
            return None

    def iter_reviews(self, review_ids=None, batch_size=500):
        """Stream the host's review instances (all, or those with the given ids), oldest first."""
        qs = self.review_queryset()
        if review_ids is not None:
            pk_field = self.review_model._meta.pk
            pks = []
            for value in review_ids:
                try:
                    pks.append(pk_field.to_python(str(value).strip()))
                except Exception:
                    continue
            qs = qs.filter(pk__in=pks)
        product_field = app_settings.REVIEW_FIELDS.get("product")
        if product_field and self._is_relation(self.review_model, product_field):
            qs = qs.select_related(product_field.split("__")[0])
        yield from qs.order_by("pk").iterator(chunk_size=batch_size)

    def review_ip(self, review):
        """The address a review was sent from, if the shop records one (REVIEW_FIELDS["ip"])."""
        value = self._get(review, app_settings.REVIEW_FIELDS.get("ip"))
        return str(value) if value else None

    def review_visible(self, review):
        name = app_settings.REVIEW_FIELDS.get("visible")
        return bool(self._get(review, name, True)) if name else True

    def review_content_fields(self):
        """Fields whose change means the review must be checked again."""
        fields = app_settings.REVIEW_FIELDS
        return {fields.get(name) for name in ("title", "text", "rating") if fields.get(name)}

    def set_review_text(self, review, title, text):
        """Replace a review's title and text (masked personal data); the caller keeps the original."""
        fields = app_settings.REVIEW_FIELDS
        changed = []
        for role, value in (("title", title), ("text", text)):
            name = fields.get(role)
            if name and value is not None:
                setattr(review, name, value)
                changed.append(name)
        if changed:
            review.save(update_fields=changed)


def field_exists(model, path):
    """True if ``path`` (``name`` or ``relation__name``) names a field of ``model``.

    A last part that is a plain attribute or property of the model also counts: it can be read.
    """
    current = model
    parts = path.split("__")
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        try:
            field_obj = current._meta.get_field(part)
        except FieldDoesNotExist:
            return last and hasattr(current, part)
        if not last:
            if not field_obj.is_relation or field_obj.related_model is None:
                return False
            current = field_obj.related_model
    return True


@functools.lru_cache(maxsize=1)
def get_adapter():
    """The configured ShopAdapter instance (rebuilt when MARKETING_AI changes)."""
    adapter_class = app_settings.SHOP_ADAPTER
    if not (isinstance(adapter_class, type) and issubclass(adapter_class, ShopAdapter)):
        raise ImproperlyConfigured('MARKETING_AI["SHOP_ADAPTER"] must name a subclass of marketing_ai.shop.ShopAdapter.')
    return adapter_class()


def reset_adapter(*, setting, **kwargs):
    """The adapter is built from MARKETING_AI: drop it when that setting changes (tests)."""
    if setting == "MARKETING_AI":
        get_adapter.cache_clear()


setting_changed.connect(reset_adapter)
