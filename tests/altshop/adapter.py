"""A custom adapter for tests.altshop: the only code that knows Article's shape."""

from decimal import Decimal

from marketing_ai.shop import ShopAdapter


class ArticleAdapter(ShopAdapter):
    def product_title(self, product):
        return product.label

    def product_description(self, product):
        return product.body

    def product_attributes(self, product):
        return {str(key): value for key, value in product.specs}

    def product_price(self, product):
        return Decimal(product.cost_cents) / 100

    def product_category(self, product):
        return None

    def product_available(self, product):
        return product.in_stock

    def product_queryset(self, available_only=False):
        qs = self.product_model._default_manager.all()
        return qs.filter(in_stock=True) if available_only else qs

    def read_product_text(self, product, kind):
        return product.body if kind == "description" else ""

    def write_product_text(self, product, kind, text):
        if kind != "description":
            return super().write_product_text(product, kind, text)
        previous, product.body = product.body, text
        product.save(update_fields=["body"])
        return previous
