"""Template tags that record shopper events without JavaScript.

    {% load marketing_ai_events %}
    {% record_product_view product %}
"""

from django import template

from marketing_ai.interactions import record_product_view as record_view

register = template.Library()


@register.simple_tag(takes_context=True)
def record_product_view(context, product):
    """Record a view of ``product`` by the current shopper; renders nothing."""
    request = context.get("request")
    if request is not None and product is not None:
        record_view(request, product)
    return ""
