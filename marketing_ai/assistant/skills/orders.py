"""Order status, for the order's owner only.

Authorization is checked here, inside the skill, whatever the router decided and whatever the message
says: a signed-in shopper sees only orders whose customer is them; anyone else must give an order number
*and* the e-mail address on that order. A refusal never tells whether an order number exists.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing_ai.assistant.skills.turn import Reply, suggestions
from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
RECENT_ORDERS = 3


def order_numbers(text):
    """Order numbers written in the message (by ``ASSISTANT_ORDER_NUMBER_PATTERN``), upper-cased."""
    return [match.upper() for match in re.findall(app_settings.ASSISTANT_ORDER_NUMBER_PATTERN, text.upper())]


def _order_field(role):
    return app_settings.ORDER_FIELDS.get(role)


def own_order(user, number):
    """The signed-in ``user``'s order with this number, or None (filtered by owner in the query itself)."""
    number_field = _order_field("number")
    if not number_field:
        return None
    return get_adapter().orders_for_customer(user).filter(**{f"{number_field}__iexact": number}).first()


def order_by_number_and_email(number, email):
    """The order with this number whose e-mail matches ``email`` (case-insensitive), or None."""
    adapter = get_adapter()
    number_field, email_field = _order_field("number"), _order_field("email")
    if not (number_field and email_field and email):
        return None
    return adapter.order_model._default_manager.filter(
        **{f"{number_field}__iexact": number, f"{email_field}__iexact": email.strip()}).first()


def order_status_part(order):
    """An order-status part: number, status, date and lines (product titles) of one order."""
    adapter = get_adapter()
    data = adapter.order_data(order)
    status = adapter._get(order, _order_field("status"), "")
    display = getattr(order, f"get_{_order_field('status')}_display", None) if _order_field("status") else None
    titles = {}
    for line in data.lines:
        product = adapter.get_product(line.product_id)
        titles[line.product_id] = adapter.product_title(product) if product is not None else line.product_id
    return {
        "type": "order_status",
        "number": data.number,
        "status": str(status),
        "status_label": str(display()) if callable(display) else str(status),
        "created": data.created.isoformat() if hasattr(data.created, "isoformat") else str(data.created or ""),
        "lines": [{"product_id": line.product_id, "title": titles[line.product_id], "quantity": line.quantity}
                  for line in data.lines],
    }


def _status_sentence(part):
    items = ", ".join(f"{line['quantity']} x {line['title']}" for line in part["lines"])
    return _("Order %(number)s is %(status)s (%(items)s).") % {
        "number": part["number"], "status": part["status_label"], "items": items or _("no items")}


def _not_found(number):
    # The same words whether the number is unknown, someone else's, or the e-mail does not match.
    return _("I can't find an order %(number)s for you. Check the number, or sign in to see your own orders.") % {
        "number": number}


def order_status(turn):
    """Status of the shopper's own order(s); another customer's order is never looked at."""
    adapter = get_adapter()
    if not adapter.has_orders():
        return Reply(text=_("This shop's orders can't be looked up here."), answered=False)
    numbers = order_numbers(turn.text)
    signed_in = turn.user is not None and getattr(turn.user, "is_authenticated", False)
    if signed_in:
        if numbers:
            orders = [own_order(turn.user, number) for number in numbers]
            found = [order for order in orders if order is not None]
            if not found:
                return Reply(text=_not_found(numbers[0]), answered=False,
                             parts=[suggestions(gettext_lazy("Show my recent orders"), gettext_lazy("Talk to a person"))])
        else:
            found = list(adapter.orders_for_customer(turn.user)[:RECENT_ORDERS])
            if not found:
                return Reply(text=_("You have no orders yet."), answered=True)
    else:
        emails = EMAIL.findall(turn.text)
        if not numbers or not emails:
            return Reply(
                text=_("Please sign in to see your orders, or give me your order number and the e-mail address "
                       "you ordered with."),
                parts=[suggestions(gettext_lazy("Talk to a person"))], answered=False,
            )
        order = order_by_number_and_email(numbers[0], emails[0])
        if order is None:
            return Reply(text=_not_found(numbers[0]), answered=False,
                         parts=[suggestions(gettext_lazy("Talk to a person"))])
        found = [order]
    parts = [order_status_part(order) for order in found]
    facts = [_status_sentence(part) for part in parts]
    return Reply(text=" ".join(facts), parts=parts, facts=facts)
