"""Turning a cart into a paid order.

The order and its lines are written in one transaction with status "paid"; marketing_ai's
post_save receiver records the purchase events once that transaction commits.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from demo_shop.cart import CartError
from demo_shop.models import Order, OrderLine, Product

NUMBER_PREFIX = "MA-"
NUMBER_DIGITS = 6


def format_order_number(sequence):
    return f"{NUMBER_PREFIX}{sequence:0{NUMBER_DIGITS}d}"


def last_order_sequence():
    """The highest sequence number used so far ("MA-000123" -> 123), 0 if none."""
    last = (
        Order.objects.filter(number__startswith=NUMBER_PREFIX)
        .order_by(Length("number").desc(), "-number")
        .values_list("number", flat=True)
        .first()
    )
    if not last:
        return 0
    suffix = last[len(NUMBER_PREFIX):]
    return int(suffix) if suffix.isdigit() else 0


def place_order(*, customer, lines, email, shipping_address, attempts=5):
    """Create a paid order for ``lines`` (CartLines) at the products' current prices.

    Stock is taken in the same transaction; raises CartError (and writes nothing) if a product
    sold out or went off sale meanwhile.
    """
    if not lines:
        raise CartError(_("Your cart is empty."))
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                return _create_order(customer, lines, email, shipping_address)
        except IntegrityError:
            # Another checkout took the same number at the same moment: take the next one.
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _create_order(customer, lines, email, shipping_address):
    order_lines = []
    for line in lines:
        product = Product.objects.filter(pk=line.product.pk, is_active=True).first()
        if product is None:
            raise CartError(_("%(name)s is no longer available.") % {"name": line.product.name})
        taken = Product.objects.filter(pk=product.pk, stock__gte=line.quantity).update(stock=F("stock") - line.quantity)
        if not taken:
            raise CartError(_("Only %(stock)d of %(name)s left in stock.") % {"stock": product.stock, "name": product.name})
        order_lines.append((product, line.quantity))
    order = Order.objects.create(
        customer=customer,
        number=format_order_number(last_order_sequence() + 1),
        email=email,
        status=Order.Status.PAID,
        shipping_address=shipping_address,
    )
    for product, quantity in order_lines:
        OrderLine.objects.create(order=order, product=product, quantity=quantity, unit_price=product.price)
    return order
