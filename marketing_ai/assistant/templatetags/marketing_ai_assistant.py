"""The shop assistant's chat widget.

    {% load marketing_ai_assistant %}
    {% assistant_widget %}            on any page
    {% assistant_widget product %}    on a product page: questions like "is this in blue?" refer to it
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse

from marketing_ai.conf import app_settings
from marketing_ai.shop import get_adapter

register = template.Library()


@register.inclusion_tag("marketing_ai/assistant/widget.html", takes_context=True)
def assistant_widget(context, product=None):
    """Render the chat box (its JS and CSS come from the app's static files)."""
    request = context.get("request")
    try:
        endpoint = reverse("marketing_ai_api:assistant-thread-list")
    except NoReverseMatch:
        endpoint = ""
    return {
        "endpoint": endpoint,
        # Sets the CSRF cookie the widget's requests must echo.
        "csrf_token": get_token(request) if request is not None else "",
        "product_id": get_adapter().product_id(product) if product not in (None, "") else "",
        "max_chars": app_settings.ASSISTANT_MAX_MESSAGE_CHARS,
        "signed_in": bool(request is not None and request.user.is_authenticated),
    }
