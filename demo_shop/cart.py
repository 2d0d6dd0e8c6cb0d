"""The shopper's cart, kept in the session as {product id: quantity}.

Prices are never stored in the session: a cart always shows, and checkout always charges, the
product's current price.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from demo_shop.models import Product

SESSION_KEY = "demo_shop_cart"
MAX_QUANTITY = 99


class CartError(ValueError):
    """A change to the cart that was refused; the message is safe to show the shopper."""


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int

    @property
    def subtotal(self):
        return self.product.price * self.quantity


def check_quantity(product, quantity):
    """Raise CartError unless ``quantity`` of ``product`` may be in the cart."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CartError(_("Quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY})
    if not product.is_active:
        raise CartError(_("%(name)s is no longer available.") % {"name": product.name})
    if product.stock < quantity:
        if product.stock == 0:
            raise CartError(_("%(name)s is out of stock.") % {"name": product.name})
        raise CartError(_("Only %(stock)d of %(name)s left in stock.") % {"stock": product.stock, "name": product.name})


class Cart:
    """A view of the cart in ``session``; every change is written back at once."""

    def __init__(self, session):
        self.session = session

    def _items(self):
        raw = self.session.get(SESSION_KEY, {})
        items = {}
        # The session is ours, but be strict: a bad entry is dropped, never trusted.
        for key, quantity in raw.items() if isinstance(raw, dict) else ():
            if str(key).isdigit() and isinstance(quantity, int) and 1 <= quantity <= MAX_QUANTITY:
                items[str(key)] = quantity
        return items

    def _save(self, items):
        self.session[SESSION_KEY] = items
        self.session.modified = True

    def quantity_of(self, product):
        return self._items().get(str(product.pk), 0)

    def add(self, product, quantity=1):
        """Add ``quantity`` more of ``product``; returns the new quantity or raises CartError."""
        if not 1 <= quantity <= MAX_QUANTITY:
            raise CartError(_("Quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY})
        items = self._items()
        new_quantity = items.get(str(product.pk), 0) + quantity
        if new_quantity > MAX_QUANTITY:
            raise CartError(_("You can have at most %(max)d of one product in your cart.") % {"max": MAX_QUANTITY})
        check_quantity(product, new_quantity)
        items[str(product.pk)] = new_quantity
        self._save(items)
        return new_quantity

    def set(self, product, quantity):
        """Set the quantity of a product already in the cart, or raise CartError."""
        items = self._items()
        if str(product.pk) not in items:
            raise CartError(_("%(name)s is not in your cart.") % {"name": product.name})
        check_quantity(product, quantity)
        items[str(product.pk)] = quantity
        self._save(items)

    def remove(self, product_id):
        """Remove a product; returns False if it was not in the cart."""
        items = self._items()
        if items.pop(str(product_id), None) is None:
            return False
        self._save(items)
        return True

    def clear(self):
        self._save({})

    def count(self):
        """Number of items (sum of quantities), without touching the database."""
        return sum(self._items().values())

    def __len__(self):
        return self.count()

    def lines(self):
        """CartLines for the products that are still on sale, at their current prices.

        Products that were deactivated or deleted since they were added are dropped from the cart.
        """
        items = self._items()
        if not items:
            return []
        products = Product.objects.filter(pk__in=[int(key) for key in items], is_active=True).select_related("category")
        by_id = {str(product.pk): product for product in products}
        if set(by_id) != set(items):
            self._save({key: quantity for key, quantity in items.items() if key in by_id})
        return [CartLine(by_id[key], quantity) for key, quantity in items.items() if key in by_id]

    @staticmethod
    def total(lines):
        return sum((line.subtotal for line in lines), Decimal("0"))
